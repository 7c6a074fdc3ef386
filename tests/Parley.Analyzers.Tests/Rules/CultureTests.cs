using Parley.Analyzers.Tests.Harness;

namespace Parley.Analyzers.Tests.Rules;

public sealed class CultureTests
{
    [Fact]
    public Task Flags_culture_sensitive_formatting_comparison_casing_and_ordering() => Verify.DiagnosticsAsync(Sources.Game(
        """
        var name = "Alice";
        var a = {|PARLEY011:cell.ToString()|};
        var b = {|PARLEY011:int.Parse("12")|};
        var c = {|PARLEY011:string.Compare(name, "bob")|};
        var d = {|PARLEY011:name.StartsWith("Al")|};
        var e = {|PARLEY011:name.ToUpper()|};
        var f = {|PARLEY011:$"cell {cell}"|};
        var g = "cell " + {|PARLEY011:cell|};
        var h = {|PARLEY011:string.Format("{0}", cell)|};
        var i = {|PARLEY011:name.CompareTo("bob")|};
        var j = {|PARLEY011:new[] { "b", "a" }.OrderBy(s => s)|}.ToList();
        var k = {|PARLEY011:CultureInfo.CurrentCulture|};
        var l = string.Equals(name, "x", {|PARLEY011:StringComparison.InvariantCultureIgnoreCase|});
        var m = {|PARLEY011:char.ToUpper('a')|};
        var n = {|PARLEY011:new SortedSet<string>()|};
        var o = {|PARLEY011:new StringBuilder().Append(cell)|};
        """));

    [Fact]
    public Task Ordinal_and_invariant_text_is_fine() => Verify.DiagnosticsAsync(Sources.Game(
        """
        var name = "Alice";
        var a = cell.ToString(CultureInfo.InvariantCulture);
        var b = int.Parse("12", CultureInfo.InvariantCulture);
        var c = string.Compare(name, "bob", StringComparison.Ordinal);
        var d = name.StartsWith("Al", StringComparison.Ordinal) && name.StartsWith('A') && name.Contains("li") && name == "x";
        var e = name.ToUpperInvariant() + name.ToLower(CultureInfo.InvariantCulture);
        var f = string.Create(CultureInfo.InvariantCulture, $"cell {cell}");
        var g = $"name {name}" + "!" + name;
        var h = new[] { "b", "a" }.OrderBy(s => s, StringComparer.Ordinal).ToList();
        var i = string.CompareOrdinal(name, "bob");
        var j = FormattableString.Invariant($"cell {cell}");
        var k = new[] { 2, 1 }.OrderBy(x => x).ToList();
        """));
}
