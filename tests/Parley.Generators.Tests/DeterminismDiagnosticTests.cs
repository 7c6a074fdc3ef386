using Microsoft.CodeAnalysis;
using Parley.Generators.Tests.Infrastructure;

namespace Parley.Generators.Tests;

/// <summary>
/// One determinism mistake in a state machine gives one diagnostic: the compilation with the generator and the
/// analyzers reports exactly the analyzer's PARLEY0xx at the marked spans (<c>{|PARLEY001:…|}</c>) — no PARLEY1xx for
/// the same construct, and no compiler error in the program's own use of the generated members (the C# side is still
/// generated; the Solidity side is a placeholder that cannot be deployed). Genuine translation limits next to a
/// violation keep their PARLEY1xx.
/// </summary>
public sealed class DeterminismDiagnosticTests
{
    /// <summary>A machine with an action <c>Go(int v)</c> whose body is <paramref name="body"/>, and client code using the generated members.</summary>
    private static string Machine(string body, string members = "", string outside = "") => $$"""
        [StateMachine]
        public partial class M
        {
            public int X;
            public long L;
            [FixedLength(3)] public byte[] A = new byte[3];
            [Action] public void Go(int v) { {{body}} }
            {{members}}
        }
        public static class Client
        {
            public static byte[] Move() => M.Actions.Go(1);
            public static int Words => M.Definition.AppDataLength;
            public static string Contract => M.SoliditySource;
            public static byte[] Initial => new M().ToAppData();
        }
        {{outside}}
        """;

    public static TheoryData<string, string> Cases => new()
    {
        // PARLEY001 clocks: the value, then a use of the local that holds it.
        { "clock", Machine("var now = {|PARLEY001:System.DateTime.Now|}; X = now.Hour;") },
        { "clock-utc-ticks", Machine("L = {|PARLEY001:System.DateTime.UtcNow|}.Ticks;") },
        { "tick-count", Machine("X = {|PARLEY001:System.Environment.TickCount|};") },
        { "sleep", Machine("{|PARLEY001:System.Threading.Thread.Sleep(1)|};") },
        { "stopwatch", Machine("var watch = {|PARLEY001:System.Diagnostics.Stopwatch.StartNew()|}; L = {|PARLEY001:watch.ElapsedTicks|};") },
        // PARLEY002 randomness.
        { "random-shared", Machine("X = {|PARLEY002:System.Random.Shared|}.Next(6);") },
        { "random-seeded", Machine("var r = {|PARLEY002:new System.Random(42)|}; X = {|PARLEY002:r.Next(6)|};") },
        { "guid", Machine("var id = {|PARLEY002:System.Guid.NewGuid()|}; X = id.GetHashCode();".Replace("id.GetHashCode()", "{|PARLEY004:id.GetHashCode()|}")) },
        // PARLEY003 floating point: in a rule, and in a helper's signature.
        { "double-local", Machine("{|PARLEY003:double|} half = {|PARLEY003:0.5|}; X = (int)({|PARLEY003:v|} * half);") },
        { "double-helper", Machine("X = (int)Ratio();", "private {|PARLEY003:double|} Ratio() => {|PARLEY003:X|} / {|PARLEY003:2.0|};") },
        { "math-sqrt", Machine("X = (int){|PARLEY003:System.Math.Sqrt(v)|};") },
        // PARLEY004 hash codes.
        { "hash-code", Machine("X = {|PARLEY004:v.GetHashCode()|};") },
        { "hash-combine", Machine("X = {|PARLEY004:System.HashCode.Combine(v, X)|};") },
        // PARLEY005 unordered iteration over a hash set (immutable, so PARLEY008 has nothing to say).
        { "unordered", Machine("foreach (var p in {|PARLEY005:Lookup.Primes|}) { X = p; }", "",
            "public static class Lookup { public static readonly System.Collections.Immutable.ImmutableHashSet<int> Primes = System.Collections.Immutable.ImmutableHashSet.Create(2, 3, 5); }") },
        // PARLEY006 I/O and environment.
        { "console", Machine("{|PARLEY006:System.Console.WriteLine(v)|};") },
        { "environment", Machine("X = {|PARLEY006:System.Environment.ProcessorCount|};") },
        { "file", Machine("X = {|PARLEY006:System.IO.File.Exists(\"x\")|} ? 1 : 0;") },
        // PARLEY007 concurrency.
        { "lock", Machine("{|PARLEY007:lock (A)|} { X = v; }") },
        { "interlocked", Machine("{|PARLEY007:System.Threading.Interlocked.Increment(ref X)|};") },
        // PARLEY008 static mutable state.
        { "static-field", Machine("X = Counter;", "public static int {|PARLEY008:Counter|};") },
        { "static-write", Machine("{|PARLEY008:Shared.Count|} = v;", "", "public static class Shared { public static readonly int Count; }".Replace("readonly ", "")) },
        // PARLEY009 reflection.
        { "get-type", Machine("X = {|PARLEY009:GetType()|}.Name.Length;") },
        // PARLEY010 native-sized integers.
        { "nint", Machine("{|PARLEY010:nint|} n = v; X = (int)n;") },
        // PARLEY011 culture-sensitive formatting.
        { "to-string", Machine("var s = {|PARLEY011:v.ToString()|}; X = s.Length;") },
        { "interpolation", Machine("string s = {|PARLEY011:$\"{v}\"|}; X = s.Length;") },
        // PARLEY013 a catch that swallows a failed Require.
        { "catch", Machine("try { Require(v > 0, \"positive\"); } {|PARLEY013:catch (System.Exception)|} { X = 1; }") },
        { "catch-all", Machine("try { X = v; } {|PARLEY013:catch|} { X = 1; }") },
        // State fields that can only be state through a violation are not state: the codec leaves them out.
        { "double-field", Machine("X = (int)Score;", "public {|PARLEY003:double|} Score;") },
        { "random-field", Machine("X = {|PARLEY002:Dice.Next(6)|};", "private System.Random Dice = {|PARLEY002:new System.Random()|};") },
        { "double-property", Machine("X = v;", "public {|PARLEY003:double|} Ratio { get; set; }") },
        { "concatenation", Machine("string s = \"n\" + {|PARLEY011:v|}; X = s.Length;") },
        // A violation next to a genuine limit: both are reported, each once.
        { "clock-and-while", Machine("var now = {|PARLEY001:System.DateTime.Now|}; {|PARLEY111:while (X < 3) { X++; }|} X = now.Second;") },
        { "while-around-clock", Machine("{|PARLEY111:while (X < 3) { X = {|PARLEY001:System.DateTime.Now|}.Second; }|}") },
        { "clock-and-string", Machine("var now = {|PARLEY001:System.DateTime.Now|}; string {|PARLEY113:s = \"a\"|};") },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_determinism_violation_gives_only_the_analyzer_diagnostic(string name, string markup)
    {
        _ = name;
        var (text, expected) = Markup.Parse(markup);
        var compilation = GeneratorHarness.Compile(text);
        var (result, output, errors) = await AnalyzerHarness.BuildAsync(compilation);

        var tree = compilation.SyntaxTrees.Single();
        var prefix = tree.GetText().ToString().IndexOf(text, StringComparison.Ordinal);
        var actual = errors
            .Select(d => (d.Id, Start: d.Location.SourceSpan.Start - prefix, d.Location.SourceSpan.Length, InSource: d.Location.GetLineSpan().Path == tree.FilePath))
            .ToList();
        var wanted = expected.Select(e => (e.Id, Start: e.Span.Start, e.Span.Length, InSource: true)).OrderBy(d => d.Start).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();
        Assert.True(wanted.SequenceEqual(actual.OrderBy(d => d.Start).ThenBy(d => d.Id, StringComparer.Ordinal)),
            $"expected [{string.Join(", ", wanted)}]\nactual   [{string.Join(", ", actual)}]\n{string.Join("\n", errors)}");

        // The C# side is generated (the client code above compiles); the contract, in SoliditySource and in the .sol
        // carrier the build copies, is the undeployable placeholder.
        Assert.Equal(["M.g.cs", "M.sol.g.cs"], result.GeneratedSources.Select(s => s.HintName).Order(StringComparer.Ordinal));
        Assert.Contains("public static global::Parley.StateMachines.StateMachineDefinition<M> Definition",
            result.GeneratedSources.Single(s => s.HintName == "M.g.cs").SourceText.ToString(), StringComparison.Ordinal);
        Assert.All(result.GeneratedSources, s => Assert.Contains(Emitters.SolidityEmitter.UntranslatedReason, s.SourceText.ToString(), StringComparison.Ordinal));
        _ = output;
    }
}
