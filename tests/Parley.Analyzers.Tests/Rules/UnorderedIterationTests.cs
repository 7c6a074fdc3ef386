using Parley.Analyzers.Tests.Harness;

namespace Parley.Analyzers.Tests.Rules;

public sealed class UnorderedIterationTests
{
    [Fact]
    public Task Flags_iteration_linq_and_copies_of_unordered_collections() => Verify.DiagnosticsAsync(Sources.Game(
        """
        var owners = new Dictionary<int, string> { [1] = "alice" };
        var seen = new HashSet<int> { 1, 2 };
        IReadOnlyDictionary<int, string> view = owners;
        foreach (var key in {|PARLEY005:owners.Keys|}) { }
        foreach (var name in {|PARLEY005:owners.Values|}) { }
        foreach (var pair in {|PARLEY005:view|}) { }
        var first = {|PARLEY005:seen|}.First();
        var names = {|PARLEY005:owners|}.Select(kv => kv.Value).ToList();
        var joined = {|PARLEY011:string.Join(",", {|PARLEY005:seen|})|};
        var copy = new List<int>({|PARLEY005:seen|});
        int[] spread = [.. {|PARLEY005:seen|}];
        var sum = Tallies.Count({|PARLEY005:seen|});
        """,
        "public static class Tallies { public static int Count(IEnumerable<int> values) => values.Count(); }\n"));

    [Fact]
    public Task Lookups_by_key_sorted_iteration_and_order_insensitive_operators_are_fine() => Verify.DiagnosticsAsync(Sources.Game(
        """
        var owners = new Dictionary<string, int> { ["alice"] = 1 };
        var seen = new HashSet<int> { 1, 2 };
        var found = owners.TryGetValue("alice", out var slot) && owners.ContainsKey("bob") && owners["alice"] == slot;
        var count = checked(owners.Count + seen.Count() + (seen.Any(x => x > 1) ? 1 : 0) + seen.Max());
        var union = new HashSet<int>(seen);
        union.UnionWith(seen);
        foreach (var pair in owners.OrderBy(kv => kv.Key, StringComparer.Ordinal)) { }
        var sorted = new SortedDictionary<int, int> { [2] = 1 };
        foreach (var pair in sorted) { }
        foreach (var item in new List<int> { 3, 1 }) { }
        """));
}
