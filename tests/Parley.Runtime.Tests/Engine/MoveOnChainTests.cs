using Parley.Channels;
using Parley.Engine;
using Parley.Examples;
using Parley.Protocol;
using Parley.Runtime.Tests.Protocol;

namespace Parley.Runtime.Tests.Engine;

/// <summary><see cref="ChannelEngine.MoveOnChainAsync"/>: a move on the state registered on chain, with the off-chain rules.</summary>
public sealed class MoveOnChainTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static VariablePart Registered(LoggedState state) => new(state.AppData, state.Outcome, state.TurnNum, state.IsFinal);

    [Fact]
    public async Task A_move_on_the_registered_latest_state_is_signed_stored_and_becomes_the_latest_and_a_repeat_returns_it_or_is_refused()
    {
        var network = new InMemoryNetwork();
        await using var alice = await TestNode.StartInMemoryAsync(TestKeys.Alice, _dir.File("a.db"), network);
        await using var bob = await TestNode.StartInMemoryAsync(TestKeys.Bob, _dir.File("b.db"), network);
        using var timeout = new CancellationTokenSource(Limit);
        var fixedPart = TestKeys.TwoParty();
        var id = (await alice.Engine.OpenChannelAsync(fixedPart, TicTacToe.Definition, TestKeys.Stakes(), cancellationToken: timeout.Token)).ChannelId;
        var onRecord = Registered((await alice.Engine.WaitForAsync(id, s => s.Phase == ChannelPhase.Running, timeout.Token)).Latest);
        await bob.Engine.WaitForAsync(id, s => s.Phase == ChannelPhase.Running, timeout.Token);

        // Not Bob's turn on turn 0; an action the rules reject; a state Alice does not hold: refused, nothing signed.
        Assert.Equal(RejectionReason.NotYourTurn,
            (await Assert.ThrowsAsync<ChannelRequestException>(() => bob.Engine.MoveOnChainAsync(id, onRecord, TicTacToe.Actions.Play(4), timeout.Token))).Reason);
        Assert.Equal(RejectionReason.ActionRejected,
            (await Assert.ThrowsAsync<ChannelRequestException>(() => alice.Engine.MoveOnChainAsync(id, onRecord, TicTacToe.Actions.Play(9), timeout.Token))).Reason);
        var foreign = new VariablePart(onRecord.AppData.AsSpan(), TestKeys.Stakes(6, 4), 0, false);
        Assert.Equal(RejectionReason.UnknownState,
            (await Assert.ThrowsAsync<ChannelRequestException>(() => alice.Engine.MoveOnChainAsync(id, foreign, TicTacToe.Actions.Play(4), timeout.Token))).Reason);
        Assert.Equal(0, alice.Engine.GetChannel(id)!.HighestSignedTurn);

        var move = await alice.Engine.MoveOnChainAsync(id, onRecord, TicTacToe.Actions.Play(4), timeout.Token);
        var latest = alice.Engine.GetChannel(id)!.Latest;
        Assert.Equal(1UL, latest.TurnNum);
        Assert.Equal(TicTacToe.Actions.Play(4), move.Action.ToArray());
        // The move is Alice's EIP-712 signature on exactly the state the reducer gives: what the adjudicator's progress checks.
        var expected = TicTacToe.Definition.Reduce(onRecord.AppData.AsSpan(), onRecord.Outcome, TicTacToe.Actions.Play(4), 0);
        var digest = LoggedState.Digest(fixedPart, 1, false, expected.AppData, expected.Outcome);
        Assert.Equal(digest, latest.Hash);
        Assert.Equal(TestKeys.Alice.Address, move.Signature.Recover(digest));
        Assert.Equal(move.Signature, latest.Signatures[0]!.Value);
        // The counterparty got it off chain too, and the store re-derives clean.
        await bob.Engine.WaitForAsync(id, s => s.Latest.TurnNum == 1 && s.Latest.Hash == digest, timeout.Token);
        Assert.True((await alice.Engine.RederiveAsync(id)).IsClean);

        // The same turn asked again: the same action returns the stored move; another one is refused (never sign twice).
        Assert.Equal(move, await alice.Engine.MoveOnChainAsync(id, onRecord, TicTacToe.Actions.Play(4), timeout.Token));
        var signaturesBefore = await alice.Store.ReadSignaturesAsync(id, 0, ulong.MaxValue);
        var twice = await Assert.ThrowsAsync<ChannelRequestException>(() => alice.Engine.MoveOnChainAsync(id, onRecord, TicTacToe.Actions.Play(0), timeout.Token));
        Assert.Equal(RejectionReason.AlreadySigned, twice.Reason);
        Assert.Equal(signaturesBefore, await alice.Store.ReadSignaturesAsync(id, 0, ulong.MaxValue));
        Assert.Same(latest, alice.Engine.GetChannel(id)!.Latest);

        // A registered turn beyond what Alice holds is not hers to move on.
        var ahead = new VariablePart(expected.AppData, expected.Outcome, 5, false);
        Assert.Equal(RejectionReason.UnknownState,
            (await Assert.ThrowsAsync<ChannelRequestException>(() => alice.Engine.MoveOnChainAsync(id, ahead, TicTacToe.Actions.Play(0), timeout.Token))).Reason);
    }
}
