namespace Parley.Deployment;

/// <summary>solc refused a source: the diagnostics are solc's formatted error messages (with file, line and column).</summary>
public sealed class SolidityCompilationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="diagnostics">solc's error messages.</param>
    /// <exception cref="ArgumentNullException"><paramref name="diagnostics"/> is null.</exception>
    public SolidityCompilationException(IReadOnlyList<string> diagnostics)
        : base("solc failed:" + Environment.NewLine + string.Join(Environment.NewLine, diagnostics ?? throw new ArgumentNullException(nameof(diagnostics))))
    {
        Diagnostics = diagnostics;
    }

    /// <summary>solc's error messages.</summary>
    public IReadOnlyList<string> Diagnostics { get; }
}
