using Parley.Analyzers.CodeFixes;
using Parley.Analyzers.Tests.Harness;

namespace Parley.Analyzers.Tests.CodeFixes;

/// <summary>
/// The checked fix removes PARLEY012, keeps the result for inputs that do not overflow, and throws where Solidity
/// would revert.
/// </summary>
public sealed class CheckedArithmeticCodeFixTests
{
    private static string Program(string body) => TestCompilation.Usings + $$"""
        namespace Demo;

        [StateMachine]
        public partial class Game
        {
            public long Score;

            [Action]
            public void Play(int cell, int weight)
            {
        {{body}}
            }
        }

        public static class Probe
        {
            public static string Run()
            {
                var small = new Game();
                small.Play(3, 4);
                var large = new Game();
                string overflow;
                try { large.Play(int.MaxValue, int.MaxValue); overflow = large.Score.ToString(CultureInfo.InvariantCulture); }
                catch (OverflowException) { overflow = "OverflowException"; }
                return small.Score.ToString(CultureInfo.InvariantCulture) + "/" + overflow;
            }
        }
        """;

    public static TheoryData<string, string> Cases() => new()
    {
        {
            "Score = {|PARLEY012:cell * weight + 1|};",
            "Score = checked(cell * weight + 1);"
        },
        {
            "var total = cell;\n{|PARLEY012:total += weight|};\nScore = total;",
            "var total = cell;\nchecked\n{\n    total += weight;\n}\nScore = total;"
        },
        {
            "var steps = 0;\nfor (var i = cell; i < cell + 2 || i == 0; {|PARLEY012:i++|}) { steps = checked(steps + 1); }\nScore = steps;",
            "var steps = 0;\nchecked\n{\n    for (var i = cell; i < cell + 2 || i == 0; i++) { steps = checked(steps + 1); }\n}\nScore = steps;"
        },
        {
            "long wide = checked((long)cell * weight);\nScore = {|PARLEY012:(int)wide|};",
            "long wide = checked((long)cell * weight);\nScore = checked((int)wide);"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Wraps_in_checked_and_keeps_the_meaning(string before, string after)
    {
        var fixedSource = await CodeFixRunner.FixAsync(new CheckedArithmeticCodeFix(), Program(before), "PARLEY012");

        Assert.Equal(Normalize(Markup.Parse(Program(after)).Source), Normalize(fixedSource));
        var diagnostics = await AnalyzerRunner.RunAsync(TestCompilation.Create([("Game.cs", fixedSource)]));
        Assert.DoesNotContain(diagnostics, d => d.Id == "PARLEY012");

        var original = CodeFixRunner.Run(Markup.Parse(Program(before)).Source).Split('/');
        var fixedResult = CodeFixRunner.Run(fixedSource).Split('/');
        Assert.Equal(original[0], fixedResult[0]); // no overflow: the same value
        Assert.NotEqual("OverflowException", original[1]); // unchecked: wrapped silently
        Assert.Equal("OverflowException", fixedResult[1]); // checked: throws where Solidity reverts
    }

    [Fact]
    public async Task Offers_no_fix_where_checked_cannot_be_a_statement()
    {
        var source = TestCompilation.Usings + """
            namespace Demo;

            [StateMachine]
            public partial class Game
            {
                private int turn;

                [Action]
                public void Play(int cell) => {|PARLEY012:turn++|};
            }
            """;
        Assert.False(await CodeFixRunner.OffersFixAsync(new CheckedArithmeticCodeFix(), source, "PARLEY012"));
    }

    /// <summary>Line endings and indentation are the formatter's business; the tokens must match.</summary>
    internal static string Normalize(string source) =>
        string.Join("\n", source.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));
}
