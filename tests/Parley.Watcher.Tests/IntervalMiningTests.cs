using System.Diagnostics;
using Parley.Chain;
using Xunit.Abstractions;

namespace Parley.Watcher.Tests;

/// <summary>A chain mining a block every second (as a real chain does, unlike automine's block per transaction).</summary>
public sealed class IntervalChainFixture : ChainFixture
{
    protected override AnvilOptions Anvil => new() { BlockTimeSeconds = 1 };
}

public class IntervalMiningTests(IntervalChainFixture chain, ITestOutputHelper output) : IClassFixture<IntervalChainFixture>, IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("parley-interval-").FullName;
    private readonly List<Party> _parties = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var party in _parties)
        {
            await party.DisposeAsync();
        }
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task With_one_second_blocks_a_stale_challenge_is_answered_in_the_very_next_block()
    {
        var alice = await Party.StartAsync(chain, Path.Combine(_directory, "alice"));
        _parties.Add(alice);
        var bob = await Party.StartAsync(chain, Path.Combine(_directory, "bob"), dial: alice);
        _parties.Add(bob);
        var id = await Duel.OpenAndFundAsync(chain, alice, bob);
        await alice.StartWatcherAsync();
        await Duel.PlayAsync(alice, bob, id, 0, 3, 1, 4);

        var challenge = await bob.Chain.ChallengeAsync(await Duel.StaleProofAsync(bob, id, 2));
        var seen = Stopwatch.StartNew();
        var answered = await alice.WaitForAsync<ChallengeAnsweredEvent>();
        var blocks = answered.Receipt.Receipt.BlockNumber - challenge.Receipt.BlockNumber;
        var challengeBlock = (await chain.Rpc.GetBlockAsync(challenge.Receipt.BlockNumber))!;
        var answerBlock = (await chain.Rpc.GetBlockAsync(answered.Receipt.Receipt.BlockNumber))!;

        Assert.Equal(1UL, blocks);
        Assert.Equal(0UL, (await alice.Chain.StatusAsync(id)).FinalizesAt);
        output.WriteLine($"stale-challenge-answer block-time 1 s: challenge block {challenge.Receipt.BlockNumber} -> answer block "
            + $"{answered.Receipt.Receipt.BlockNumber} ({blocks} block, {answerBlock.Timestamp - challengeBlock.Timestamp} s of chain time), "
            + $"{seen.Elapsed.TotalMilliseconds:0} ms from the challenge's receipt to the answer's");
    }
}
