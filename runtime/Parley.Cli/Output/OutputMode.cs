namespace Parley.Cli.Output;

/// <summary>How a command writes its result to stdout (docs/cli.md, "Output").</summary>
internal enum OutputMode
{
    /// <summary>Stdout is redirected (a script, a test): plain <c>name value</c> lines, stable from release to release, no
    /// colour, no progress.</summary>
    Plain,

    /// <summary>Stdout is a terminal: Spectre.Console tables, and a spinner while a long step runs.</summary>
    Rich,

    /// <summary><c>--json</c>: one JSON document for a machine to read, whatever stdout is.</summary>
    Json,
}
