using Parley.Analyzers.Tests.Harness;

namespace Parley.Analyzers.Tests.Rules;

/// <summary>
/// Every rule flags its construct directly in an action, through a helper method (same file and another file),
/// through a property getter, in a lambda and in a local function — at the exact span, naming the chain.
/// </summary>
public sealed class RuleShapeTests
{
    public static readonly IReadOnlyList<RuleSnippet> Snippets =
    [
        new("PARLEY001", "var now = {|PARLEY001:DateTime.UtcNow|};"),
        new("PARLEY002", "var coin = {|PARLEY002:Random.Shared|}.Next(2);"),
        new("PARLEY003", "var ratio = {|PARLEY003:0.5|};"),
        new("PARLEY004", "var hash = {|PARLEY004:\"abc\".GetHashCode()|};"),
        new("PARLEY005", """
            var scores = new Dictionary<string, int> { ["a"] = 1 };
            var total = 0;
            foreach (var kv in {|PARLEY005:scores|})
            {
                total = checked(total + kv.Value);
            }
            """),
        new("PARLEY006", "{|PARLEY006:Console.WriteLine(\"x\")|};"),
        new("PARLEY007", "{|PARLEY007:Task.Run(() => { })|};"),
        new("PARLEY008", "{|PARLEY008:Counters.Total|} = 5;", "public static class Counters { public static int Total; }\n"),
        new("PARLEY009", "var methods = {|PARLEY009:typeof(Game).GetMethods()|};"),
        new("PARLEY010", "var pointerSize = {|PARLEY010:IntPtr.Size|};"),
        new("PARLEY011", "var text = {|PARLEY011:42.ToString()|};"),
        new("PARLEY012", "int a = 7, b = 6;\nvar c = {|PARLEY012:a * b|};"),
        new("PARLEY013", "var limit = 1;\ntry { Require(limit > 0, \"no\"); } {|PARLEY013:catch (Exception)|} { }"),
    ];

    public static TheoryData<string, Shape> Cases()
    {
        var data = new TheoryData<string, Shape>();
        foreach (var snippet in Snippets)
        {
            foreach (var shape in Enum.GetValues<Shape>())
            {
                data.Add(snippet.Id, shape);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Flags_the_rule_in_every_shape(string id, Shape shape)
    {
        var snippet = Snippets.Single(s => s.Id == id);
        var diagnostics = await Verify.DiagnosticsAsync(Shapes.Compose(shape, snippet));

        var diagnostic = Assert.Single(diagnostics);
        Assert.EndsWith($"({Shapes.Reach(shape)})", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Error, diagnostic.Severity);
    }

    [Fact]
    public void Every_descriptor_has_a_snippet()
    {
        Assert.Equal(
            DiagnosticDescriptors.All.Select(d => d.Id).Order(StringComparer.Ordinal),
            Snippets.Select(s => s.Id).Order(StringComparer.Ordinal));
    }
}
