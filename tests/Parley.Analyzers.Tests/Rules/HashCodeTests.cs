using Parley.Analyzers.Tests.Harness;

namespace Parley.Analyzers.Tests.Rules;

public sealed class HashCodeTests
{
    [Fact]
    public Task Flags_hash_codes() => Verify.DiagnosticsAsync(Sources.Game(
        """
        var a = {|PARLEY004:cell.GetHashCode()|};
        var b = {|PARLEY004:HashCode.Combine(cell, turn)|};
        var c = {|PARLEY004:System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this)|};
        var d = {|PARLEY004:EqualityComparer<string>.Default.GetHashCode("x")|};
        Func<int> e = {|PARLEY004:turn.GetHashCode|};
        """));

    [Fact]
    public Task Lookups_and_equality_are_fine() => Verify.DiagnosticsAsync(Sources.Game(
        """
        var owners = new Dictionary<int, string> { [1] = "alice" };
        var known = owners.ContainsKey(cell) && owners[cell] == "alice" && cell.Equals(turn);
        """));
}
