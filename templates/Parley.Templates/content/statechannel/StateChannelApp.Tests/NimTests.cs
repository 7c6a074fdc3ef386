using Parley;
using Parley.Channels;

namespace StateChannelApp.Tests;

public class NimTests
{
    private static readonly int Participants = Nim.Definition.ParticipantCount;

    private static Outcome Stakes(ulong wei) => new(new AssetOutcome(Address.Zero, [.. Enumerable.Repeat((UInt256)wei, Participants)]));

    [Fact]
    public async Task A_match_concludes_and_the_last_taker_collects_every_stake()
    {
        // The expected game, worked out independently of the channel: the same strategy on a plain pile.
        var expectedMoves = new List<byte>();
        for (var pile = Nim.StartingPile; pile > 0; pile -= expectedMoves[^1])
        {
            expectedMoves.Add(Match.ChooseTake(pile));
        }
        var expectedWinner = (expectedMoves.Count - 1) % Participants;

        var directory = Path.Combine(Path.GetTempPath(), "parley-test-" + Guid.NewGuid().ToString("N"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            var result = await Match.PlayAsync(directory, 1000UL, _ => { }, timeout.Token);

            Assert.True(result.Concluded);
            Assert.True(result.AllNodesAgree);
            Assert.Equal(expectedMoves, result.Moves);
            Assert.Equal(expectedWinner, result.Winner);
            // turnNum 0 is the pre-fund state; one turn per move; the final state is the last move's.
            Assert.Equal((ulong)expectedMoves.Count, result.TurnNum);
            for (var i = 0; i < Participants; i++)
            {
                Assert.Equal(i == expectedWinner ? (UInt256)(1000UL * (ulong)Participants) : UInt256.Zero, result.Balances[i]);
            }
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
