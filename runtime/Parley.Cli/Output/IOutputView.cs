using Spectre.Console;

namespace Parley.Cli.Output;

/// <summary>A command's result in the three forms a <see cref="Terminal"/> writes (<see cref="Terminal.Write"/> picks one).</summary>
internal interface IOutputView
{
    /// <summary>The JSON document (<see cref="OutputMode.Json"/>).</summary>
    string ToJsonText();

    /// <summary>Tables for a terminal (<see cref="OutputMode.Rich"/>).</summary>
    void Render(IAnsiConsole console);

    /// <summary>Stable plain lines for a redirected stdout (<see cref="OutputMode.Plain"/>).</summary>
    void WritePlain(TextWriter writer);
}
