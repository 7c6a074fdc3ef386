using Parley.Analyzers.Tests.Harness;

namespace Parley.Analyzers.Tests.Rules;

public sealed class RandomnessTests
{
    [Fact]
    public async Task Flags_every_source_of_randomness_and_explains_commit_reveal()
    {
        var diagnostics = await Verify.DiagnosticsAsync(Sources.Game(
            """
            var seeded = {|PARLEY002:new Random(42)|};
            var roll = {|PARLEY002:seeded.Next(6)|};
            var bytes = {|PARLEY002:System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)|};
            var id = {|PARLEY002:Guid.NewGuid()|};
            var dice = {|PARLEY002:new Dice()|};
            """,
            "public sealed class Dice : Random { }\n"));
        Assert.All(diagnostics, d => Assert.Contains("commit–reveal", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(diagnostics, d => Assert.Contains("Keccak256", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public Task Seeded_random_outside_any_state_machine_is_fine() => Verify.DiagnosticsAsync(
        Sources.Game("var parsed = Guid.Parse(\"00000000-0000-0000-0000-000000000001\");"),
        Sources.File("Simulation.cs", """
            public static class Simulation
            {
                public static int Roll(int seed) => new Random(seed).Next(6);
            }
            """));
}
