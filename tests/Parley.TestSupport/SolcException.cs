namespace Parley.TestSupport;

/// <summary>solc reported errors (or warnings, unless allowed) for Solidity compiled by <see cref="Solc"/>.</summary>
public sealed class SolcException : Exception
{
    /// <summary>Creates the exception from solc's formatted diagnostics.</summary>
    public SolcException(IReadOnlyList<string> diagnostics)
        : base($"solc reported {diagnostics.Count} diagnostic(s):{Environment.NewLine}{string.Join(Environment.NewLine, diagnostics)}")
    {
        Diagnostics = diagnostics;
    }

    /// <summary>solc's <c>formattedMessage</c> of each diagnostic: severity, message, and <c>--&gt; file:line:col</c>.</summary>
    public IReadOnlyList<string> Diagnostics { get; }
}
