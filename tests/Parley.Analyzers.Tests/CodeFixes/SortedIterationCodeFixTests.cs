using Parley.Analyzers.CodeFixes;
using Parley.Analyzers.Tests.Harness;

namespace Parley.Analyzers.Tests.CodeFixes;

/// <summary>
/// The sorted-iteration fix removes PARLEY005; order-insensitive results stay the same, and the order of iteration
/// becomes the sorted key order — the same whatever order the entries were inserted in.
/// </summary>
public sealed class SortedIterationCodeFixTests
{
    private static string Program(string loop) => TestCompilation.Usings + $$"""
        namespace Demo;

        [StateMachine]
        public partial class Game
        {
            public string Result = "";

            [Action]
            public void Play(int cell)
            {
                var reversed = cell < 0;
                var owners = new Dictionary<string, int>();
                var cells = new HashSet<int>();
                foreach (var name in reversed ? new[] { "carol", "Bob", "alice" } : new[] { "alice", "Bob", "carol" })
                {
                    owners[name] = name.Length;
                }
                foreach (var n in reversed ? new[] { 42, 7, 19 } : new[] { 19, 7, 42 })
                {
                    cells.Add(n);
                }
                var order = new List<string>();
                var total = 0;
        {{loop}}
                Result = string.Join(",", order) + "=" + total.ToString(CultureInfo.InvariantCulture);
            }
        }

        public static class Probe
        {
            public static string Run()
            {
                var forward = new Game();
                forward.Play(1);
                var backward = new Game();
                backward.Play(-1);
                return forward.Result + ";" + backward.Result;
            }
        }
        """;

    public static TheoryData<string, string, string> Cases() => new()
    {
        {
            "foreach (var kv in {|PARLEY005:owners|}) { order.Add(kv.Key); total = checked(total + kv.Value); }",
            "foreach (var kv in owners.OrderBy(entry => entry.Key, StringComparer.Ordinal)) { order.Add(kv.Key); total = checked(total + kv.Value); }",
            "Bob,alice,carol=13"
        },
        {
            "foreach (var key in {|PARLEY005:owners.Keys|}) { order.Add(key); }",
            "foreach (var key in owners.Keys.OrderBy(key => key, StringComparer.Ordinal)) { order.Add(key); }",
            "Bob,alice,carol=0"
        },
        {
            "foreach (var value in {|PARLEY005:owners.Values|}) { order.Add(value.ToString(CultureInfo.InvariantCulture)); }",
            "foreach (var value in owners.OrderBy(entry => entry.Key, StringComparer.Ordinal).Select(entry => entry.Value)) { order.Add(value.ToString(CultureInfo.InvariantCulture)); }",
            "3,5,5=0"
        },
        {
            "foreach (var n in {|PARLEY005:cells|}) { order.Add(n.ToString(CultureInfo.InvariantCulture)); total = checked(total + n); }",
            "foreach (var n in cells.OrderBy(item => item)) { order.Add(n.ToString(CultureInfo.InvariantCulture)); total = checked(total + n); }",
            "7,19,42=68"
        },
        {
            "order.AddRange({|PARLEY005:cells|}.Select(n => n.ToString(CultureInfo.InvariantCulture)));",
            "order.AddRange(cells.OrderBy(item => item).Select(n => n.ToString(CultureInfo.InvariantCulture)));",
            "7,19,42=0"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Iterates_in_sorted_key_order(string before, string after, string sortedResult)
    {
        var fixedSource = await CodeFixRunner.FixAsync(new SortedIterationCodeFix(), Program(before), "PARLEY005");

        Assert.Equal(CheckedArithmeticCodeFixTests.Normalize(Markup.Parse(Program(after)).Source), CheckedArithmeticCodeFixTests.Normalize(fixedSource));
        var diagnostics = await AnalyzerRunner.RunAsync(TestCompilation.Create([("Game.cs", fixedSource)]));
        Assert.DoesNotContain(diagnostics, d => d.Id == "PARLEY005");

        var original = CodeFixRunner.Run(Markup.Parse(Program(before)).Source).Split(';');
        var fixedRuns = CodeFixRunner.Run(fixedSource).Split(';');
        // The same elements and the same order-insensitive total as before...
        Assert.Equal(Elements(original[0]), Elements(fixedRuns[0]));
        // ...now in sorted key order, whatever the insertion order.
        Assert.Equal(sortedResult, fixedRuns[0]);
        Assert.Equal(sortedResult, fixedRuns[1]);
    }

    [Fact]
    public async Task Offers_no_fix_when_no_deterministic_comparer_is_known()
    {
        var source = TestCompilation.Usings + """
            namespace Demo;

            [StateMachine]
            public partial class Game
            {
                [Action]
                public void Play(int cell)
                {
                    var seen = new HashSet<object> { cell };
                    foreach (var item in {|PARLEY005:seen|}) { }
                }
            }
            """;
        Assert.False(await CodeFixRunner.OffersFixAsync(new SortedIterationCodeFix(), source, "PARLEY005"));
    }

    private static string Elements(string result)
    {
        var parts = result.Split('=');
        return string.Join(",", parts[0].Split(',').Order(StringComparer.Ordinal)) + "=" + parts[1];
    }
}
