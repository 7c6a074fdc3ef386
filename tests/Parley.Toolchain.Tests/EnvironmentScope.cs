namespace Parley.Toolchain.Tests;

/// <summary>Sets environment variables for the duration of a test and restores them on dispose; clears every toolchain
/// variable first so that the machine's own settings never leak into a lookup test.</summary>
internal sealed class EnvironmentScope : IDisposable
{
    private static readonly string[] ToolchainVariables =
        ["PARLEY_ANVIL", "PARLEY_TOOLCHAIN", "PARLEY_HOME", "PARLEY_NO_PROVISION", "PARLEY_REPOSITORY"];

    private readonly Dictionary<string, string?> _saved = [];

    public EnvironmentScope(params (string Name, string? Value)[] values)
    {
        foreach (var name in ToolchainVariables)
        {
            Set(name, null);
        }
        foreach (var (name, value) in values)
        {
            Set(name, value);
        }
    }

    public void Set(string name, string? value)
    {
        _saved.TryAdd(name, Environment.GetEnvironmentVariable(name));
        Environment.SetEnvironmentVariable(name, value);
    }

    public void Dispose()
    {
        foreach (var (name, value) in _saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
