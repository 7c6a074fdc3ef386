using Parley.Channels;
using Parley.Crypto;
using Parley.Examples;
using Parley.Observers;
using Parley.Protocol;
using Parley.Store;
using static Parley.Runtime.Tests.Protocol.TestKeys;

namespace Parley.Runtime.Tests.Protocol;

/// <summary>
/// <see cref="ChannelProtocol.AdoptOnChainMove"/> as a pure function: a move the counterparty made only on chain is
/// verified and stored as if it had arrived off chain; every forgery is refused with its own reason and stores nothing;
/// a second state at a held turnNum is a fork.
/// </summary>
public sealed class AdoptOnChainMoveProtocolTests
{
    private static VariablePart Variable(LoggedState state) => new(state.AppData, state.Outcome, state.TurnNum, state.IsFinal);

    /// <summary>Bob moves on his own node and the update never reaches Alice (it went only on chain).</summary>
    private static Step MoveOffTheWire(CoreParty party, byte cell, CoreNet net) =>
        party.Apply(ChannelProtocol.Act(party.Context, party.State!, TicTacToe.Actions.Play(cell), net.Now));

    private static Move MoveOf(LoggedState state, int signer) => new(state.Action, state.Signatures[signer]!.Value);

    /// <summary>A move on <paramref name="before"/> signed by <paramref name="key"/> (whoever that is), with the reducer's result for <paramref name="mover"/>.</summary>
    private static Move Forge(FixedPart fixedPart, VariablePart before, int mover, byte cell, PrivateKey key)
    {
        var app = TicTacToe.Definition;
        var action = TicTacToe.Actions.Play(cell);
        var next = app.Reduce(before.AppData.AsSpan(), before.Outcome, action, mover);
        var state = new VariablePart(next.AppData, next.Outcome, before.TurnNum + 1, app.IsFinal(next.AppData));
        return new Move(action, new State(fixedPart, state).Sign(key));
    }

    private static void Refused(Step step, ChannelState before, RejectionReason reason, string? detail = null)
    {
        Assert.Equal(reason, step.Rejection?.Reason);
        if (detail is not null)
        {
            Assert.Contains(detail, step.Rejection!.Detail, StringComparison.Ordinal);
        }
        Assert.Null(step.Persist);
        Assert.Empty(step.Messages);
        Assert.Same(before, step.State);
    }

    [Fact]
    public void A_move_made_only_on_chain_is_stored_signed_by_its_mover_and_becomes_the_latest_state()
    {
        var (net, alice, bob) = ChannelProtocolTests.OpenTicTacToe();
        Assert.True(ChannelProtocolTests.Play(net, alice, 4).Accepted); // turn 1, delivered
        var before = Variable(alice.State!.Latest);
        var parent = alice.State.Latest.Hash;
        Assert.True(MoveOffTheWire(bob, 0, net).Accepted); // turn 2, never delivered
        var bobsMove = bob.State!.Latest;
        var highest = alice.State.HighestSignedTurn;

        var step = alice.Apply(ChannelProtocol.AdoptOnChainMove(alice.Context, alice.State, before, 1, MoveOf(bobsMove, 1), net.Now));

        Assert.True(step.Accepted);
        var latest = alice.State.Latest;
        Assert.Equal(2UL, latest.TurnNum);
        Assert.Equal(bobsMove.Hash, latest.Hash);
        Assert.Equal(bobsMove.AppData, latest.AppData);
        Assert.Equal(bobsMove.Outcome, latest.Outcome);
        Assert.Equal(bobsMove.IsFinal, latest.IsFinal);
        Assert.Null(latest.Signatures[0]);
        Assert.Equal(bobsMove.Signatures[1], latest.Signatures[1]);
        // Stored as an action entry with the mover's signature; nothing of Alice's is signed.
        var entry = Assert.Single(step.Persist!.Entries);
        Assert.Equal(LogEntryKind.Action, entry.Kind);
        Assert.Equal(2UL, entry.TurnNum);
        Assert.Equal(TicTacToe.Actions.Play(0), entry.Action);
        Assert.Equal(parent, entry.ParentHash);
        Assert.Equal(latest.Hash, entry.StateHash);
        var signature = Assert.Single(step.Persist.Signatures);
        Assert.Equal((2UL, 1), (signature.TurnNum, signature.Participant));
        Assert.Empty(step.Persist.OwnSignatures);
        Assert.Equal(highest, alice.State.HighestSignedTurn);
        Assert.Equal(2UL, step.Persist.Latest!.TurnNum);
        Assert.Equal(latest.Hash, step.Persist.Latest.StateHash);
        // Acknowledged to the mover, and reported.
        var ack = Assert.IsType<AckMessage>(Assert.Single(step.Messages).Message);
        Assert.Equal(2UL, ack.TurnNum);
        Assert.Equal(bob.Address, step.Messages[0].To);
        var adopted = Assert.Single(step.Events.OfType<OnChainMoveAdoptedEvent>());
        Assert.Equal((2UL, 1), (adopted.TurnNum, adopted.Mover));
        var changed = Assert.Single(step.Events.OfType<StateChangedEvent>());
        Assert.Equal((2UL, 1, 0), (changed.TurnNum, changed.Mover, changed.NextMover));

        // The same move again changes nothing.
        var again = ChannelProtocol.AdoptOnChainMove(alice.Context, alice.State, before, 1, MoveOf(bobsMove, 1), net.Now);
        Assert.True(again.Accepted);
        Assert.Null(again.Persist);
        Assert.Empty(again.Messages);
        Assert.Same(alice.State, again.State);

        // The channel goes on from the adopted state, off chain: Alice's next move is accepted by Bob.
        Assert.True(ChannelProtocolTests.Play(net, alice, 8).Accepted);
        Assert.Equal(3UL, bob.State.Latest.TurnNum);
        Assert.Equal(alice.State.Latest.Hash, bob.State.Latest.Hash);

        // An older move held identically (turn 2, the latest is 3) is accepted and changes nothing.
        var old = ChannelProtocol.AdoptOnChainMove(alice.Context, alice.State, before, 1, MoveOf(bobsMove, 1), net.Now);
        Assert.True(old.Accepted);
        Assert.Null(old.Persist);
        Assert.Same(alice.State, old.State);
    }

    [Fact]
    public void Each_forgery_is_refused_with_its_reason_and_stores_nothing()
    {
        var (net, alice, bob) = ChannelProtocolTests.OpenTicTacToe();
        Assert.True(ChannelProtocolTests.Play(net, alice, 4).Accepted); // turn 1: Bob (O) moves next
        var state = alice.State!;
        var fixedPart = state.FixedPart;
        var before = Variable(state.Latest);
        Step Adopt(VariablePart on, int mover, Move move) => ChannelProtocol.AdoptOnChainMove(alice.Context, state, on, mover, move, net.Now);

        // Wrong signer: Mallory (not a participant); Alice's own key on Bob's move.
        Refused(Adopt(before, 1, Forge(fixedPart, before, 1, 0, Mallory)), state, RejectionReason.NotAParticipant, "not a participant");
        Refused(Adopt(before, 1, Forge(fixedPart, before, 1, 0, Alice)), state, RejectionReason.WrongMover, "signed by participant 0");
        // A signature over another state (the action differs from the one signed): it recovers to nobody in the channel.
        var signedForZero = Forge(fixedPart, before, 1, 0, Bob);
        Refused(Adopt(before, 1, new Move(TicTacToe.Actions.Play(1), signedForZero.Signature)), state, RejectionReason.NotAParticipant);
        // High s: the same signature, malleated.
        var highS = Signature.FromBytes(UpdateForgery.HighS(signedForZero.Signature.ToBytes()));
        Refused(Adopt(before, 1, new Move(signedForZero.Action.AsSpan(), highS)), state, RejectionReason.HighS);
        // Wrong turn: the move names Alice while Bob moves; a mover index that is no participant.
        Refused(Adopt(before, 0, signedForZero), state, RejectionReason.WrongMover, "participant 1 moves on turnNum 1");
        Refused(Adopt(before, 2, signedForZero), state, RejectionReason.NotAParticipant);
        // Wrong turn: a move on a state this node does not hold (ahead, or another state at its turnNum).
        Refused(Adopt(new VariablePart(before.AppData.AsSpan(), before.Outcome, 2, false), 1, signedForZero), state, RejectionReason.TurnNumSkipped);
        Refused(Adopt(new VariablePart(before.AppData.AsSpan(), Stakes(4, 6), 1, false), 1, signedForZero), state, RejectionReason.NotBuiltOnHeldState);
        Refused(Adopt(new VariablePart(new byte[3], before.Outcome, 1, false), 1, signedForZero), state, RejectionReason.Malformed);
        // An action the reducer rejects: the occupied centre, a cell off the board (signed by Bob all the same).
        Refused(Adopt(before, 1, new Move(TicTacToe.Actions.Play(4), signedForZero.Signature)), state, RejectionReason.ActionRejected);
        Refused(Adopt(before, 1, new Move(TicTacToe.Actions.Play(9), signedForZero.Signature)), state, RejectionReason.ActionRejected);
        // Not running.
        var concluded = state with { Phase = ChannelPhase.Concluded };
        Refused(ChannelProtocol.AdoptOnChainMove(alice.Context, concluded, before, 1, signedForZero, net.Now), concluded, RejectionReason.ChannelNotRunning);

        // And the genuine move is accepted on that very state.
        Assert.True(Adopt(before, 1, signedForZero).Accepted);
        _ = bob;
    }

    [Fact]
    public void A_second_state_signed_at_a_held_turn_is_a_fork_and_ours_is_kept()
    {
        var (net, alice, bob) = ChannelProtocolTests.OpenTicTacToe();
        Assert.True(ChannelProtocolTests.Play(net, alice, 4).Accepted);
        var before = Variable(alice.State!.Latest);
        Assert.True(ChannelProtocolTests.Play(net, bob, 0).Accepted); // turn 2 (cell 0), delivered to Alice
        var held = alice.State.Latest;
        // Bob also signed another turn 2 (cell 8) and put it on chain.
        var other = Forge(alice.State.FixedPart, before, 1, 8, Bob);
        var state = alice.State;

        var step = ChannelProtocol.AdoptOnChainMove(alice.Context, state, before, 1, other, net.Now);

        Refused(step, state, RejectionReason.TurnNumRepeated, "signed two states with turnNum 2");
        var fork = Assert.IsType<OnChainForkEvent>(Assert.Single(step.Events));
        Assert.Equal((2UL, 1, held.Hash), (fork.TurnNum, fork.Signer, fork.HeldHash));
        Assert.NotEqual(held.Hash, fork.OnChainHash);
        var app = TicTacToe.Definition;
        var theirs = app.Reduce(before.AppData.AsSpan(), before.Outcome, TicTacToe.Actions.Play(8), 1);
        Assert.Equal(LoggedState.Digest(state.FixedPart, 2, app.IsFinal(theirs.AppData), theirs.AppData, theirs.Outcome), fork.OnChainHash);

        // Also against a newer latest (turn 3) the held turn 2 is compared.
        Assert.True(ChannelProtocolTests.Play(net, alice, 2).Accepted);
        Refused(ChannelProtocol.AdoptOnChainMove(alice.Context, alice.State, before, 1, other, net.Now), alice.State, RejectionReason.TurnNumRepeated);
    }

    [Fact]
    public void A_final_state_a_stale_turn_and_the_last_uint48_are_refused()
    {
        var (net, alice, bob) = ChannelProtocolTests.OpenTicTacToe(new ProtocolOptions { ReplayWindow = 1 });
        var zero = Variable(alice.State!.Latest);
        var move = Forge(alice.State.FixedPart, zero, 0, 4, Alice);
        Assert.True(ChannelProtocolTests.Play(net, alice, 4).Accepted);
        Assert.True(ChannelProtocolTests.Play(net, bob, 0).Accepted);
        // Turn 0 is outside a replay window of 1 (latest 2): too old to compare.
        Refused(ChannelProtocol.AdoptOnChainMove(bob.Context, bob.State!, zero, 0, move, net.Now), bob.State!, RejectionReason.StaleTurnNum);
        Refused(ChannelProtocol.AdoptOnChainMove(bob.Context, bob.State!, new VariablePart(zero.AppData.AsSpan(), zero.Outcome, ParleyState.MaxTurnNum, false), 0, move, net.Now), bob.State!,
            RejectionReason.Malformed);

        // X wins on turn 5; nothing follows a final state.
        foreach (var (party, cell) in new[] { (alice, (byte)1), (bob, (byte)3), (alice, (byte)7) })
        {
            Assert.True(ChannelProtocolTests.Play(net, party, cell).Accepted);
        }
        var final = Variable(bob.State!.Latest);
        Assert.True(final.IsFinal);
        var running = bob.State with { Phase = ChannelPhase.Running };
        Refused(ChannelProtocol.AdoptOnChainMove(bob.Context, running, final, 1, move, net.Now), running, RejectionReason.StateIsFinal);
    }
}
