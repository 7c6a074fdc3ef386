using Parley.Channels;
using Parley.Examples;
using Parley.Protocol;
using static Parley.Runtime.Tests.Protocol.TestKeys;

namespace Parley.Runtime.Tests.Protocol;

/// <summary><see cref="ChannelProtocol.MoveOnChain"/> as a pure function: each refusal, and acceptance exactly as <see cref="ChannelProtocol.Act"/>.</summary>
public sealed class MoveOnChainProtocolTests
{
    private static VariablePart Registered(LoggedState state) => new(state.AppData, state.Outcome, state.TurnNum, state.IsFinal);

    [Fact]
    public void On_the_latest_state_it_is_Act_byte_for_byte()
    {
        var (net, alice, _) = ChannelProtocolTests.OpenTicTacToe();
        var state = alice.State!;
        var viaChain = ChannelProtocol.MoveOnChain(alice.Context, state, Registered(state.Latest), TicTacToe.Actions.Play(4), net.Now);
        var offChain = ChannelProtocol.Act(alice.Context, state, TicTacToe.Actions.Play(4), net.Now);
        Assert.True(viaChain.Accepted);
        Assert.Equal(offChain.State!.Latest.Hash, viaChain.State!.Latest.Hash);
        Assert.Equal(offChain.State.Latest.Signatures[0]!.Value.ToBytes(), viaChain.State.Latest.Signatures[0]!.Value.ToBytes());
        Assert.Null(viaChain.State.Latest.Signatures[1]);
        Assert.Equal(1, viaChain.State.HighestSignedTurn);
        Assert.Single(viaChain.Persist!.OwnSignatures);
        Assert.IsType<UpdateMessage>(viaChain.Messages.Single().Message);
    }

    [Fact]
    public void Each_refusal_has_its_reason_and_persists_nothing()
    {
        var (net, alice, bob) = ChannelProtocolTests.OpenTicTacToe();
        var atZero = Registered(alice.State!.Latest);
        Step Move(CoreParty party, VariablePart registered, byte cell) =>
            ChannelProtocol.MoveOnChain(party.Context, party.State!, registered, TicTacToe.Actions.Play(cell), net.Now);
        void Refused(Step step, RejectionReason reason)
        {
            Assert.Equal(reason, step.Rejection?.Reason);
            Assert.Null(step.Persist);
            Assert.Empty(step.Messages);
        }

        Refused(Move(bob, atZero, 4), RejectionReason.NotYourTurn);
        Refused(Move(alice, atZero, 9), RejectionReason.ActionRejected);
        Refused(Move(alice, new VariablePart(atZero.AppData.AsSpan(), Stakes(4, 6), 0, false), 4), RejectionReason.UnknownState);
        Refused(Move(alice, new VariablePart(atZero.AppData.AsSpan(), atZero.Outcome, 3, false), 4), RejectionReason.UnknownState);

        // Alice moves (turn 1), Bob moves (turn 2): on the old turn 0 Alice may only get back what she signed.
        Assert.True(ChannelProtocolTests.Play(net, alice, 4).Accepted);
        Assert.True(ChannelProtocolTests.Play(net, bob, 0).Accepted);
        var same = Move(alice, atZero, 4);
        Assert.True(same.Accepted);
        Assert.Null(same.Persist);
        Assert.Same(alice.State, same.State);
        Refused(Move(alice, atZero, 5), RejectionReason.AlreadySigned);
        // Bob never signed turn 1 and it was never his turn on 0; on turn 1 (old now for Bob too) he signed turn 2.
        Refused(Move(bob, atZero, 5), RejectionReason.NotYourTurn);
        var atOne = Registered(LatestAt(bob, 1));
        Assert.True(Move(bob, atOne, 0).Accepted);
        Refused(Move(bob, atOne, 8), RejectionReason.AlreadySigned);

        // Older than the replay window: refused as stale, whatever the action.
        var narrow = new ProtocolOptions { ReplayWindow = 1 };
        var (narrowNet, a2, b2) = ChannelProtocolTests.OpenTicTacToe(narrow);
        var zero = Registered(a2.State!.Latest);
        Assert.True(ChannelProtocolTests.Play(narrowNet, a2, 4).Accepted);
        Assert.True(ChannelProtocolTests.Play(narrowNet, b2, 0).Accepted);
        Refused(ChannelProtocol.MoveOnChain(a2.Context, a2.State!, zero, TicTacToe.Actions.Play(4), narrowNet.Now), RejectionReason.StaleTurnNum);
    }

    [Fact]
    public void A_final_registered_state_and_a_channel_that_is_not_running_are_refused()
    {
        var (net, alice, bob) = ChannelProtocolTests.OpenTicTacToe();
        foreach (var (party, cell) in new[] { (alice, (byte)0), (bob, (byte)3), (alice, (byte)1), (bob, (byte)4), (alice, (byte)2) })
        {
            Assert.True(ChannelProtocolTests.Play(net, party, cell).Accepted);
        }
        var final = Registered(bob.State!.Latest);
        Assert.True(final.IsFinal);
        var step = ChannelProtocol.MoveOnChain(bob.Context, bob.State with { Phase = ChannelPhase.Running }, final, TicTacToe.Actions.Play(5), net.Now);
        Assert.Equal(RejectionReason.StateIsFinal, step.Rejection!.Reason);
        Assert.Equal(RejectionReason.ChannelNotRunning,
            ChannelProtocol.MoveOnChain(bob.Context, bob.State, final, TicTacToe.Actions.Play(5), net.Now).Rejection!.Reason);
    }

    /// <summary>The state a party holds at <paramref name="turn"/>, rebuilt by the reducer from the pre-fund state with the logged actions.</summary>
    private static LoggedState LatestAt(CoreParty party, ulong turn)
    {
        var entries = party.Persisted.SelectMany(b => b.Entries).Where(e => e.TurnNum <= turn).OrderBy(e => e.TurnNum).ToList();
        var app = TicTacToe.Definition;
        var appData = app.InitialAppData();
        var outcome = Stakes();
        foreach (var entry in entries.Where(e => e.TurnNum > 0))
        {
            var result = app.Reduce(appData, outcome, entry.Action, app.NextMover(appData, entry.TurnNum - 1));
            (appData, outcome) = (result.AppData, result.Outcome);
        }
        var hash = LoggedState.Digest(party.State!.FixedPart, turn, app.IsFinal(appData), appData, outcome);
        return new LoggedState(turn, app.IsFinal(appData), appData, outcome, hash, Parley.Store.LogEntryKind.Action, [], Bytes32.Zero,
            System.Collections.Immutable.ImmutableArray.Create(new Parley.Crypto.Signature?[2]));
    }
}
