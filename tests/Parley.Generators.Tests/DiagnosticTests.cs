using Microsoft.CodeAnalysis;
using Parley.Generators.Tests.Infrastructure;

namespace Parley.Generators.Tests;

/// <summary>
/// Each construct outside the translatable subset gets its PARLEY1xx diagnostic at exactly the marked span
/// (<c>{|PARLEY1nn:…|}</c>), and nothing else; and no generated file fails to compile because of it. (Determinism
/// violations, which the generator leaves to the analyzers, are in <see cref="DeterminismDiagnosticTests"/>.)
/// </summary>
public sealed class DiagnosticTests
{
    private static string Machine(string members) => $$"""
        [StateMachine]
        public partial class M
        {
            public int X;
            public UInt256 U;
            [FixedLength(3)] public byte[] A = new byte[3];
            {{members}}
        }
        """;

    private static string Action(string body) => Machine($$"""
        [Action] public void Go(int v) { {{body}} }
            private int Helper() { Require(X > 0, "positive"); return X; }
        """);

    public static TheoryData<string, string> Cases => new()
    {
        { "PARLEY100", "[StateMachine] public class {|PARLEY100:M|} { }" },
        { "PARLEY101", "public partial class Outer { [StateMachine] public partial class {|PARLEY101:M|} { } }" },
        { "PARLEY101b", "[StateMachine] public partial record {|PARLEY101:M|} { public int X; }" },
        { "PARLEY102", "public class Base { } [StateMachine] public partial class {|PARLEY102:M|} : Base { }" },
        { "PARLEY103", Machine("public string {|PARLEY103:Name|} = \"\";") },
        { "PARLEY103b", "public readonly struct P { public readonly byte X; } [StateMachine] public partial class M { public P {|PARLEY103:Pos|}; }" },
        { "PARLEY103c", "public struct P { private byte X; public byte Get() => X; } [StateMachine] public partial class M { public P {|PARLEY103:Pos|}; }" },
        { "PARLEY103d", "public record struct P(byte X) { public byte Y { get; init; } } [StateMachine] public partial class M { public P {|PARLEY103:Pos|}; }" },
        { "PARLEY104", Machine("public byte[] {|PARLEY104:Cells|} = new byte[2];") },
        { "PARLEY105", Machine("[Action] public int {|PARLEY105:Go|}() => 1;") },
        { "PARLEY106", Machine("[Action(Name = \"go\")] public void A1() { } [Action(Name = \"go\")] public void {|PARLEY106:A2|}() { }") },
        { "PARLEY107", Machine("public int {|PARLEY107:Definition|};") },
        { "PARLEY108", "[StateMachine] public partial class {|PARLEY108:M|} { public int X; public M(int x) { X = x; } }" },
        { "PARLEY109", Machine("public int {|PARLEY109:IsFinal|} => 1;") },
        { "PARLEY110", Action("{|PARLEY110:try { X = 1; } finally { X = 2; }|}") },
        { "PARLEY111", Action("{|PARLEY111:while (X < 3) { X++; }|}") },
        { "PARLEY111b", Action("{|PARLEY111:for|} (int i = 0; i < v; i++) { X++; }") },
        { "PARLEY111c", Action("{|PARLEY111:for|} (int i = 0; i > -5; i++) { X++; }") },
        { "PARLEY111d", Action("{|PARLEY111:for|} (int i = 0; i < 5; i++) { i--; }") },
        { "PARLEY112", Action("X = {|PARLEY112:v switch { 1 => 2, 2 => 3 }|};") },
        { "PARLEY113", Action("string {|PARLEY113:s = \"a\"|};") },
        { "PARLEY114", Action("X = {|PARLEY114:System.Math.Abs(v)|};") },
        { "PARLEY115", Action("Require(v > 0, {|PARLEY115:v > 1 ? \"a\" : \"b\"|});") },
        { "PARLEY116", Action("X = {|PARLEY116:A[v]|} + Helper();") },
        { "PARLEY117", Action("byte[] {|PARLEY117:b = A|};") },
        { "PARLEY118", Action("X = {|PARLEY118:X = v|};") },
        { "PARLEY119", Machine("[Action] public void Go() { X++; } public bool {|PARLEY119:IsFinal|} => Mover == 0;") },
        { "PARLEY120", Machine("[Action] public void Go(int v) { X = F(v); } private int {|PARLEY120:F|}(int n) => n <= 0 ? 0 : F(n - 1);") },
        { "PARLEY121", Action("U = U << {|PARLEY121:v|};") },
        { "PARLEY122", Action("X = A[{|PARLEY122:3|}];") },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Unsupported_construct_is_reported_at_its_syntax(string name, string markup)
    {
        _ = name;
        var (text, expected) = Markup.Parse(markup);
        var compilation = GeneratorHarness.Compile(text);
        var (result, output) = GeneratorHarness.Run(compilation);

        var tree = compilation.SyntaxTrees.Single();
        var prefix = tree.GetText().ToString().IndexOf(text, StringComparison.Ordinal);
        var actual = result.Diagnostics
            .Select(d => (d.Id, Start: d.Location.SourceSpan.Start - prefix, d.Location.SourceSpan.Length))
            .OrderBy(d => d.Start).ToList();
        var wanted = expected.Select(e => (e.Id, Start: e.Span.Start, e.Span.Length)).OrderBy(d => d.Start).ToList();
        Assert.True(wanted.SequenceEqual(actual),
            $"expected [{string.Join(", ", wanted)}]\nactual   [{string.Join(", ", actual)}]\n{string.Join("\n", result.Diagnostics)}");
        Assert.All(result.Diagnostics, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
        Assert.All(result.Diagnostics, d => Assert.StartsWith("https://github.com/parley-dev/parley/blob/main/docs/diagnostics/PARLEY1", d.Descriptor.HelpLinkUri, StringComparison.Ordinal));

        // Nothing generated may add compile errors of its own. A problem in the shape, state, actions or hooks leaves
        // only the base-class declaration; a problem in the rules (PARLEY110 and up) keeps the whole C# side, with the
        // undeployable placeholder contract in SoliditySource and in the .sol carrier.
        var rulesOnly = result.Diagnostics.All(d => string.CompareOrdinal(d.Id, "PARLEY110") >= 0 && d.Id != "PARLEY199");
        Assert.Equal(rulesOnly ? 2 : result.GeneratedSources.Length == 0 ? 0 : 1, result.GeneratedSources.Length);
        Assert.All(result.GeneratedSources, s => Assert.Equal(rulesOnly, s.SourceText.ToString().Contains(Emitters.SolidityEmitter.UntranslatedReason, StringComparison.Ordinal)));
        var generatedErrors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree is { } t && t != tree);
        Assert.Empty(generatedErrors);
    }

    [Fact]
    public void Every_descriptor_has_a_documentation_page_and_a_release_entry()
    {
        var descriptors = typeof(Diagnostics.DiagnosticDescriptors)
            .GetFields(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public)
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!).ToList();
        Assert.Equal(24, descriptors.Count);
        Assert.Equal(descriptors.Count, descriptors.Select(d => d.Id).Distinct().Count());
        var root = Parley.TestSupport.RepoPaths.Root;
        var shipped = File.ReadAllText(Path.Combine(root, "generators", "Parley.Generators", "AnalyzerReleases.Shipped.md"));
        foreach (var d in descriptors)
        {
            Assert.True(File.Exists(Path.Combine(root, "docs", "diagnostics", d.Id + ".md")), $"docs/diagnostics/{d.Id}.md is missing");
            Assert.Contains(d.Id + " |", shipped, StringComparison.Ordinal);
            Assert.Equal("https://github.com/parley-dev/parley/blob/main/docs/diagnostics/" + d.Id + ".md", d.HelpLinkUri);
        }
        var covered = Cases.Select(c => (string)c[0]).Select(n => n[..9]).ToHashSet();
        Assert.All(descriptors.Where(d => d.Id != "PARLEY199"), d => Assert.Contains(d.Id, covered));
    }
}
