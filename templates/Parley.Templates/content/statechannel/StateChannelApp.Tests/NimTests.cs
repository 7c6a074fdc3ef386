using System.Numerics;
using Parley;
using Parley.Channels;

namespace StateChannelApp.Tests;

public class NimTests
{
    private static readonly int Participants = Nim.Definition.ParticipantCount;

    private static Outcome Stakes(ulong wei) => new(new AssetOutcome(Address.Zero, [.. Enumerable.Repeat((UInt256)wei, Participants)]));

    [Fact]
    public async Task A_match_on_the_embedded_chain_concludes_on_chain_and_pays_the_last_taker_every_stake()
    {
        // The expected game, worked out independently of the channel: the same strategy on a plain pile.
        var expectedMoves = new List<byte>();
        for (var pile = Nim.StartingPile; pile > 0; pile -= expectedMoves[^1])
        {
            expectedMoves.Add(Match.ChooseTake(pile));
        }
        var expectedWinner = (expectedMoves.Count - 1) % Participants;
        UInt256 stake = 1_000_000_000_000UL; // wei

        var directory = Path.Combine(Path.GetTempPath(), "parley-test-" + Guid.NewGuid().ToString("N"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await using var chain = await Match.StartChainAsync(timeout.Token);
            var result = await Match.PlayAsync(chain, directory, stake, _ => { }, timeout.Token);

            Assert.Equal(expectedMoves, result.Moves);
            Assert.Equal(expectedWinner, result.Winner);
            // turnNum 0 is the pre-fund state; one turn per move; the final state is the last move's.
            Assert.Equal((ulong)expectedMoves.Count, result.TurnNum);
            Assert.True(result.AllNodesAgree);
            Assert.True(result.ConcludedOnChain);

            // One deposit per participant, then one concludeAndWithdraw.
            Assert.Equal(Participants + 1, result.Transactions.Count);
            Assert.Equal("concludeAndWithdraw", result.Transactions[^1].What);
            for (var i = 0; i < Participants; i++)
            {
                var account = result.Accounts[i];
                var payout = i == expectedWinner ? stake * (UInt256)(ulong)Participants : UInt256.Zero;
                Assert.Equal(payout, result.Outcome[i]);
                Assert.Equal(payout, account.Payout);
                Assert.Equal(Match.StartingBalance, account.Before);
                // The balance on chain after the payout: before - stake - gas fees + payout, to the wei.
                Assert.Equal(account.After, await chain.Rpc.GetBalanceAsync(account.Address, cancellationToken: timeout.Token));
                Assert.True(account.Fees > UInt256.Zero);
                Assert.Equal((BigInteger)account.Before - stake - account.Fees + payout, (BigInteger)account.After);
            }
            // The adjudicator holds nothing more for the channel.
            var held = await chain.Adjudicator.HoldingsAsync(result.ChannelId, Address.Zero, timeout.Token);
            Assert.Equal(UInt256.Zero, held.Amount);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData(0, "take 1 to 3 tokens")]
    [InlineData(4, "take 1 to 3 tokens")]
    public void The_reducer_rejects_an_illegal_take(byte count, string reason)
    {
        var app = Nim.Definition;
        var rejected = Assert.Throws<ActionRejectedException>(() => app.Reduce(app.InitialAppData(), Stakes(10), Nim.Actions.Take(count), 0));
        Assert.Equal(reason, rejected.Reason);
    }

    [Fact]
    public void Taking_the_last_token_wins_and_ends_the_game()
    {
        var app = Nim.Definition;
        var nearlyDone = new Nim { Pile = 2 }.ToAppData();
        var mover = Participants - 1;
        var next = app.Reduce(nearlyDone, Stakes(10), Nim.Actions.Take(2), mover);

        var state = Nim.FromAppData(next.AppData);
        Assert.Equal(0, state.Pile);
        Assert.Equal(mover + 1, state.Winner);
        Assert.True(app.IsFinal(next.AppData));
        Assert.Equal((UInt256)(10UL * (ulong)Participants), next.Outcome.Assets[0].Balances[mover]);
        var afterTheEnd = Assert.Throws<ActionRejectedException>(() => app.Reduce(next.AppData, next.Outcome, Nim.Actions.Take(1), 0));
        Assert.Equal("state is final", afterTheEnd.Reason);
    }

    [Fact]
    public void Taking_more_than_the_pile_is_rejected()
    {
        var app = Nim.Definition;
        var rejected = Assert.Throws<ActionRejectedException>(() => app.Reduce(new Nim { Pile = 2 }.ToAppData(), Stakes(10), Nim.Actions.Take(3), 0));
        Assert.Equal("not enough tokens", rejected.Reason);
    }
}
