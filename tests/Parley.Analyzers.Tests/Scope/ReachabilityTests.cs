using System.Globalization;
using Microsoft.CodeAnalysis;
using Parley.Analyzers.Tests.Harness;

namespace Parley.Analyzers.Tests.Scope;

/// <summary>
/// The scope follows everything a state machine runs within the compilation — transitively, through methods,
/// accessors, constructors and the initializers they run, static initialization, operators, conversions, interface
/// and virtual dispatch — and names the chain; it stops at referenced assemblies and ignores unreached code.
/// </summary>
public sealed class ReachabilityTests
{
    private static string Message(Diagnostic diagnostic) => diagnostic.GetMessage(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Follows_calls_transitively_and_names_the_shortest_chain()
    {
        var diagnostics = await Verify.DiagnosticsAsync(
            Sources.Game("turn = Scoring.Compute(cell);"),
            Sources.File("Scoring.cs", """
                public static class Scoring
                {
                    public static int Compute(int cell) => Weights.Of(cell);
                }
                """),
            Sources.File("Weights.cs", """
                public static class Weights
                {
                    public static int Of(int cell) => cell == 0 ? Of(1) : {|PARLEY001:Environment.TickCount|};
                }
                """));
        Assert.EndsWith("(reached from Game.Play → Scoring.Compute → Weights.Of)", Message(Assert.Single(diagnostics)));
    }

    [Fact]
    public async Task Follows_constructors_field_initializers_and_static_initialization()
    {
        var diagnostics = await Verify.DiagnosticsAsync(
            Sources.Game("var board = new Board(); turn = Defaults.Size;"),
            Sources.File("Board.cs", """
                public sealed class Board
                {
                    private readonly long created = {|PARLEY001:DateTime.UtcNow|}.Ticks;

                    public Board()
                    {
                        {|PARLEY006:Console.WriteLine("board")|};
                    }
                }

                public static class Defaults
                {
                    public static readonly int Size = {|PARLEY002:Random.Shared|}.Next(3, 9);
                }
                """));
        Assert.Contains(diagnostics, d => Message(d).EndsWith("(reached from Game.Play → new Board → Board.created)", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => Message(d).EndsWith("(reached from Game.Play → new Board)", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => Message(d).EndsWith("(reached from Game.Play → Defaults.Size)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Follows_operators_conversions_and_indexers()
    {
        var diagnostics = await Verify.DiagnosticsAsync(
            Sources.Game("var total = new Money(cell) + new Money(turn); long raw = total; var first = new Ledger()[0];"),
            Sources.File("Money.cs", """
                public readonly record struct Money(long Value)
                {
                    public static Money operator +(Money a, Money b) => new(checked(a.Value + b.Value + {|PARLEY004:a.GetHashCode()|}));
                    public static implicit operator long(Money m) => checked(m.Value + {|PARLEY001:Environment.TickCount64|});
                }

                public sealed class Ledger
                {
                    public int this[int index] => {|PARLEY006:Environment.ProcessorCount|};
                }
                """));
        Assert.Contains(diagnostics, d => Message(d).EndsWith("(reached from Game.Play → Money.operator +)", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => Message(d).EndsWith("(reached from Game.Play → Money.implicit operator long)", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => Message(d).EndsWith("(reached from Game.Play → Ledger.this[].get)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Follows_interface_and_virtual_dispatch_to_source_implementations()
    {
        var diagnostics = await Verify.DiagnosticsAsync(
            Sources.Game("IScorer scorer = Scorers.Pick(cell); turn = scorer.Score(cell);"),
            Sources.File("Scorers.cs", """
                public interface IScorer
                {
                    int Score(int cell);
                }

                public static class Scorers
                {
                    public static IScorer Pick(int cell) => new Fair();
                }

                public class Fair : IScorer
                {
                    public virtual int Score(int cell) => cell;
                }

                public sealed class Clocked : Fair
                {
                    public override int Score(int cell) => {|PARLEY001:DateTime.Now|}.Second;
                }
                """));
        Assert.EndsWith("(reached from Game.Play → Clocked.Score)", Message(Assert.Single(diagnostics)));
    }

    [Fact]
    public async Task Follows_overrides_of_objects_handed_to_referenced_code()
    {
        var diagnostics = await Verify.DiagnosticsAsync(
            Sources.Game("var names = new List<string> { \"b\", \"a\" }; names.Sort(new ByLength());"),
            Sources.File("ByLength.cs", """
                public sealed class ByLength : IComparer<string>
                {
                    public int Compare(string? x, string? y) => {|PARLEY011:string.Compare(x, y)|};
                }
                """));
        Assert.EndsWith("(reached from Game.Play → ByLength.Compare)", Message(Assert.Single(diagnostics)));
    }

    [Fact]
    public Task Covers_every_member_of_the_state_machine_and_its_nested_types() => Verify.DiagnosticsAsync(("Game.cs", TestCompilation.Usings + """
        namespace Demo;

        [StateMachine]
        public partial class Game
        {
            private readonly long seed = {|PARLEY001:Environment.TickCount64|};

            public int Turn => {|PARLEY002:Random.Shared|}.Next();

            public Game() => {|PARLEY006:Console.WriteLine("new game")|};

            public sealed class Cell
            {
                public int Hash() => {|PARLEY004:this.GetHashCode()|};
            }
        }
        """), ("Game.Rules.cs", TestCompilation.Usings + """
        namespace Demo;

        public partial class Game
        {
            private static string Stamp() => {|PARLEY001:DateTime.Now|}.ToString("o", CultureInfo.InvariantCulture);
        }
        """));

    [Fact]
    public Task Ignores_code_no_state_machine_reaches() => Verify.DiagnosticsAsync(
        Sources.Game("turn = checked(cell + 1);"),
        Sources.File("Tools.cs", """
            public static class Tools
            {
                public static DateTime Now() => DateTime.Now;
                public static int Roll() => new Random().Next() + Environment.TickCount;
                public static double Half(int x) => x / 2.0;
            }

            public sealed class Unused
            {
                public static int Counter;
                public void Bump() => Counter++;
            }
            """));

    [Fact]
    public Task A_name_shared_with_reached_code_does_not_bring_unreached_code_in() => Verify.DiagnosticsAsync(
        Sources.Game("turn = Scoring.Compute(cell);"),
        Sources.File("Tools.cs", """
            public static class Scoring
            {
                public static int Compute(int cell) => cell;
            }

            public static class Tools
            {
                // Same name as the reached Scoring.Compute, never called from the state machine.
                public static int Compute(int cell) => Environment.TickCount + cell;
            }
            """));

    [Fact]
    public async Task Follows_calls_C_sharp_makes_without_naming_them()
    {
        var diagnostics = await Verify.DiagnosticsAsync(
            Sources.Game("foreach (var step in Bags.Make()) { turn = checked(turn + step); }"),
            Sources.File("Bag.cs", """
                public static class Bags
                {
                    public static Bag Make() => new();
                }

                public sealed class Bag
                {
                    public Cursor GetEnumerator() => new();
                }

                public sealed class Cursor
                {
                    private int left = 2;

                    public int Current => left;

                    public bool MoveNext() => checked(left-- > 0) && {|PARLEY001:DateTime.Now|}.Year > 0;
                }
                """));
        Assert.EndsWith("(reached from Game.Play → Cursor.MoveNext)", Message(Assert.Single(diagnostics)));
    }

    [Fact]
    public Task Does_not_report_in_generated_code() => Verify.DiagnosticsAsync(
        Sources.Game("turn = Generated.Stamp();"),
        ("Generated.g.cs", "// <auto-generated/>\nnamespace Demo;\npublic static class Generated { public static int Stamp() => System.Environment.TickCount; }\n"));

    [Fact]
    public async Task Reports_nothing_when_the_compilation_has_no_state_machine_attribute()
    {
        var compilation = TestCompilation.Create(
            [("Tools.cs", "public static class Tools { public static long Now() => System.DateTime.Now.Ticks; }")],
            withParleyStubs: false);
        Assert.Empty(await AnalyzerRunner.RunAsync(compilation));
    }
}
