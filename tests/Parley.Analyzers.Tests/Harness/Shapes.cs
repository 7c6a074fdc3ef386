namespace Parley.Analyzers.Tests.Harness;

/// <summary>Where a rule's offending snippet sits relative to the state machine.</summary>
public enum Shape
{
    /// <summary>In the body of the state machine's action.</summary>
    Direct,

    /// <summary>In a helper method of another class in the same file, called by the action.</summary>
    Helper,

    /// <summary>In a helper method of another class in another file.</summary>
    HelperInAnotherFile,

    /// <summary>In a property getter of another class, read by the action.</summary>
    PropertyGetter,

    /// <summary>In a lambda inside the action.</summary>
    Lambda,

    /// <summary>In a local function inside the action.</summary>
    LocalFunction,
}

/// <summary>
/// An offending snippet (statements with markup) for one rule, and supporting declarations it needs (placed at file
/// level, outside the state machine).
/// </summary>
public sealed record RuleSnippet(string Id, string Snippet, string Support = "");

/// <summary>Composes test sources that place a snippet in each <see cref="Shape"/>.</summary>
public static class Shapes
{
    /// <summary>The state machine and its files with the snippet placed as <paramref name="shape"/> says.</summary>
    public static (string Path, string Markup)[] Compose(Shape shape, RuleSnippet rule)
    {
        var body = shape switch
        {
            Shape.Direct => rule.Snippet,
            Shape.Helper or Shape.HelperInAnotherFile => "Scoring.Compute();",
            Shape.PropertyGetter => "var size = Board.Size;",
            Shape.Lambda => "Action act = () =>\n{\n" + rule.Snippet + "\n};\nact();",
            Shape.LocalFunction => "void Local()\n{\n" + rule.Snippet + "\n}\nLocal();",
            _ => throw new ArgumentOutOfRangeException(nameof(shape)),
        };
        var helper = "public static class Scoring\n{\n    public static void Compute()\n    {\n" + rule.Snippet + "\n    }\n}\n";
        var property = "public static class Board\n{\n    public static int Size\n    {\n        get\n        {\n" + rule.Snippet + "\n            return 3;\n        }\n    }\n}\n";
        var game = TestCompilation.Usings + "namespace Demo;\n\n" + StateMachine(body) + rule.Support + "\n"
            + (shape == Shape.Helper ? helper : "")
            + (shape == Shape.PropertyGetter ? property : "");
        return shape == Shape.HelperInAnotherFile
            ? [("Game.cs", game), ("Scoring.cs", TestCompilation.Usings + "namespace Demo;\n\n" + helper)]
            : [("Game.cs", game)];
    }

    /// <summary>The phrase every diagnostic of the shape ends its message with.</summary>
    public static string Reach(Shape shape) => shape switch
    {
        Shape.Helper or Shape.HelperInAnotherFile => "reached from Game.Play → Scoring.Compute",
        Shape.PropertyGetter => "reached from Game.Play → Board.Size.get",
        _ => "in state machine Game",
    };

    /// <summary>A state machine <c>Game</c> whose action <c>Play</c> has <paramref name="body"/>.</summary>
    public static string StateMachine(string body) => $$"""
        [StateMachine]
        public partial class Game
        {
            private int turn;

            public int Turn => turn;

            [Action]
            public void Play(int cell)
            {
                turn = cell;
        {{body}}
            }
        }

        """;
}
