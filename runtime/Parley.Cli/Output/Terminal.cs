using System.CommandLine;
using Spectre.Console;

namespace Parley.Cli.Output;

/// <summary>
/// Where a command's output goes, in its <see cref="OutputMode"/>: Spectre.Console tables and spinners when stdout is a
/// terminal, plain stable lines when it is redirected, JSON with <c>--json</c>. Errors never come here: they are the one
/// <c>error:</c> line on stderr (<see cref="CliRunner.Error"/>).
/// </summary>
internal sealed class Terminal
{
    /// <summary>A terminal writing to <paramref name="plain"/> (plain and JSON) and <paramref name="console"/> (rich).</summary>
    public Terminal(OutputMode mode, TextWriter plain, IAnsiConsole console)
    {
        Mode = mode;
        Plain = plain;
        Console = console;
    }

    /// <summary>The mode this run writes in.</summary>
    public OutputMode Mode { get; }

    /// <summary>Stdout for plain lines and JSON.</summary>
    public TextWriter Plain { get; }

    /// <summary>The Spectre.Console console for tables and spinners (used only in <see cref="OutputMode.Rich"/>).</summary>
    public IAnsiConsole Console { get; }

    /// <summary>The <c>--json</c> option: write one JSON document instead of tables or lines.</summary>
    public static Option<bool> JsonOption() => new("--json") { Description = "Write the result as JSON (for scripts), whatever stdout is." };

    /// <summary>The process's stdout: <see cref="OutputMode.Json"/> when <paramref name="json"/>, else
    /// <see cref="OutputMode.Rich"/> when stdout is a terminal, else <see cref="OutputMode.Plain"/>.</summary>
    public static Terminal ForStdout(bool json)
    {
        var mode = json ? OutputMode.Json : System.Console.IsOutputRedirected ? OutputMode.Plain : OutputMode.Rich;
        return new Terminal(mode, System.Console.Out, AnsiConsole.Console);
    }

    /// <summary>Writes <paramref name="view"/> in this terminal's mode: its JSON, its tables, or its plain lines.</summary>
    public void Write(IOutputView view)
    {
        switch (Mode)
        {
            case OutputMode.Json:
                Plain.WriteLine(view.ToJsonText());
                break;
            case OutputMode.Rich:
                view.Render(Console);
                break;
            default:
                view.WritePlain(Plain);
                break;
        }
        Plain.Flush();
    }

    /// <summary>
    /// Runs <paramref name="step"/>; in <see cref="OutputMode.Rich"/> a spinner shows <paramref name="what"/> (plain text,
    /// not markup) until it ends. Other modes print nothing for it, so redirected output stays stable.
    /// </summary>
    public async Task<T> StatusAsync<T>(string what, Func<Task<T>> step)
    {
        if (Mode != OutputMode.Rich)
        {
            return await step();
        }
        return await Console.Status()
            .Spinner(Spinner.Known.Dots)
            .SpinnerStyle(new Style(Color.Yellow))
            .StartAsync(Markup.Escape(what), _ => step());
    }

    /// <summary>Writes a line of plain text: verbatim in the plain mode, unstyled through Spectre in the rich one;
    /// nothing in the JSON mode (whose stdout is the JSON document only).</summary>
    public void Note(string line)
    {
        switch (Mode)
        {
            case OutputMode.Plain:
                Plain.WriteLine(line);
                break;
            case OutputMode.Rich:
                Console.WriteLine(line);
                break;
        }
    }
}
