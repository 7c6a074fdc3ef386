namespace Parley.Analyzers.Tests.Harness;

/// <summary>Shorthands for one-file test sources.</summary>
public static class Sources
{
    /// <summary>A file <c>Game.cs</c>: the usings, the state machine <c>Game</c> whose action has <paramref name="body"/>, and <paramref name="support"/>.</summary>
    public static (string Path, string Markup) Game(string body, string support = "") =>
        ("Game.cs", TestCompilation.Usings + "namespace Demo;\n\n" + Shapes.StateMachine(body) + support);

    /// <summary>A file with the usings and the given declarations.</summary>
    public static (string Path, string Markup) File(string path, string declarations) =>
        (path, TestCompilation.Usings + "namespace Demo;\n\n" + declarations);
}
