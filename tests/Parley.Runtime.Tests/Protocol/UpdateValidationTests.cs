using Parley.Channels;
using Parley.Crypto;
using Parley.Examples;
using Parley.Observers;
using Parley.Protocol;
using static Parley.Runtime.Tests.Protocol.TestKeys;
using static Parley.Runtime.Tests.Protocol.UpdateForgery;

namespace Parley.Runtime.Tests.Protocol;

/// <summary>
/// One test per step of the validation pipeline: each hostile update gets its own rejection reason, a REJECT reply
/// (except a harmless replay), and changes nothing.
/// </summary>
public sealed class UpdateValidationTests
{
    private readonly CoreNet _net;
    private readonly CoreParty _alice;
    private readonly CoreParty _bob;

    public UpdateValidationTests()
    {
        (_net, _alice, _bob) = ChannelProtocolTests.OpenTicTacToe();
        // Alice (X) took cell 0; it is Bob's turn on the state with turnNum 1.
        ChannelProtocolTests.Play(_net, _alice, 0);
    }

    private ChannelState Held => _alice.State!;

    /// <summary>Bob's honest next move: O on <paramref name="cell"/>, as the reducer computes it.</summary>
    private UpdateMessage Honest(byte cell, PrivateKey? signer = null)
    {
        var action = TicTacToe.Actions.Play(cell);
        var next = TicTacToeApp.Reduce(Held.Latest.AppData, Held.Latest.Outcome, action, 1);
        return Update(TwoParty(), 2, TicTacToeApp.IsFinal(next.AppData), Held.Latest.Hash, action, next.AppData, next.Outcome, signer ?? TestKeys.Bob);
    }

    private Step Deliver(UpdateMessage message) => ChannelProtocol.Receive(_alice.Context, Held, TestKeys.Bob.Address, message, T0);

    private void AssertRefused(Step step, RejectionReason reason, bool replied = true)
    {
        Assert.Equal(reason, step.Rejection?.Reason);
        Assert.Same(Held, step.State);
        Assert.Null(step.Persist);
        if (replied)
        {
            var reject = Assert.IsType<RejectMessage>(Assert.Single(step.Messages, m => m.Message is RejectMessage).Message);
            Assert.Equal(reason, reject.Reason);
            Assert.Contains(step.Events, e => e is UpdateRejectedEvent r && r.Reason == reason);
        }
        else
        {
            Assert.Empty(step.Messages);
            Assert.Empty(step.Events);
        }
    }

    [Fact]
    public void The_honest_update_is_accepted_stored_and_acknowledged()
    {
        var step = Deliver(Honest(4));
        Assert.True(step.Accepted);
        Assert.Equal(2UL, step.State!.Latest.TurnNum);
        Assert.Single(step.Persist!.Entries);
        Assert.Single(step.Persist.Signatures);
        Assert.Contains(step.Messages, m => m.Message is AckMessage { TurnNum: 2 });
        Assert.Contains(step.Events, e => e is StateChangedEvent { TurnNum: 2, Mover: 1, NextMover: 0 });
    }

    [Fact]
    public void An_outcome_with_the_wrong_number_of_balances_is_malformed()
    {
        var honest = Honest(4);
        var bad = honest with { Outcome = new Outcome(new AssetOutcome(Address.Zero, [new UInt256(0, 0, 0, 10)])) };
        AssertRefused(Deliver(bad), RejectionReason.Malformed);
        AssertRefused(Deliver(honest with { AppData = [.. honest.AppData, 0] }), RejectionReason.Malformed);
    }

    [Fact]
    public void A_garbage_signature_is_invalid()
    {
        var honest = Honest(4);
        AssertRefused(Deliver(honest with { Signature = new byte[65] }), RejectionReason.InvalidSignature);
        var badV = (byte[])honest.Signature.Clone();
        badV[64] = 5;
        AssertRefused(Deliver(honest with { Signature = badV }), RejectionReason.InvalidSignature);
    }

    [Fact]
    public void A_high_s_signature_is_refused_even_though_it_recovers_the_mover()
    {
        var honest = Honest(4);
        AssertRefused(Deliver(honest with { Signature = HighS(honest.Signature) }), RejectionReason.HighS);
    }

    [Fact]
    public void A_signer_who_is_not_a_participant_is_refused()
    {
        AssertRefused(Deliver(Honest(4, TestKeys.Mallory)), RejectionReason.NotAParticipant);
    }

    [Fact]
    public void A_participant_signing_out_of_turn_is_the_wrong_mover()
    {
        // Alice signs O's move herself.
        AssertRefused(Deliver(Honest(4, TestKeys.Alice)), RejectionReason.WrongMover);
    }

    [Fact]
    public void A_skipped_turnNum_is_refused_and_a_sync_asks_for_the_gap()
    {
        var honest = Honest(4);
        var skipped = Update(TwoParty(), 3, false, Held.Latest.Hash, honest.Action, honest.AppData, honest.Outcome, TestKeys.Bob);
        var step = Deliver(skipped);
        AssertRefused(step, RejectionReason.TurnNumSkipped);
        Assert.Contains(step.Messages, m => m.Message is SyncMessage { Known: true, LatestTurnNum: 1 });
    }

    [Fact]
    public void A_repeated_turnNum_with_another_state_is_refused()
    {
        // Alice's own turn-1 state exists; Bob claims a different state at turnNum 1.
        var honest = Honest(4);
        var repeated = Update(TwoParty(), 1, false, Held.PreFundHash, honest.Action, honest.AppData, honest.Outcome, TestKeys.Bob);
        AssertRefused(Deliver(repeated), RejectionReason.TurnNumRepeated);
    }

    [Fact]
    public void A_replayed_update_is_recognised_and_not_answered()
    {
        var first = Deliver(Honest(4));
        Assert.True(first.Accepted);
        _alice.State = first.State;
        AssertRefused(Deliver(Honest4Again()), RejectionReason.Replay, replied: false);

        UpdateMessage Honest4Again()
        {
            var latest = first.State!.Latest;
            return new UpdateMessage(Held.ChannelId, 2, latest.IsFinal, latest.ParentHash, latest.Action, latest.AppData, latest.Outcome,
                latest.Signatures[1]!.Value.ToBytes());
        }
    }

    [Fact]
    public void An_update_older_than_the_replay_window_is_stale()
    {
        var (net, alice, bob) = ChannelProtocolTests.OpenTicTacToe(new ProtocolOptions { ReplayWindow = 2 });
        ChannelProtocolTests.Play(net, alice, 0);
        ChannelProtocolTests.Play(net, bob, 3);
        ChannelProtocolTests.Play(net, alice, 1);
        var old = Update(TwoParty(), 1, false, alice.State!.PreFundHash, TicTacToe.Actions.Play(0), alice.State.Latest.AppData, alice.State.Latest.Outcome, TestKeys.Alice);
        var step = ChannelProtocol.Receive(bob.Context, bob.State!, TestKeys.Alice.Address, old, T0);
        Assert.Equal(RejectionReason.StaleTurnNum, step.Rejection!.Reason);
    }

    [Fact]
    public void An_update_on_another_parent_does_not_build_on_the_held_state()
    {
        var honest = Honest(4);
        var forked = Update(TwoParty(), 2, false, Keccak256.Hash("another history"u8), honest.Action, honest.AppData, honest.Outcome, TestKeys.Bob);
        AssertRefused(Deliver(forked), RejectionReason.NotBuiltOnHeldState);
    }

    [Fact]
    public void An_outcome_that_breaks_conservation_is_refused()
    {
        var honest = Honest(4);
        var inflated = Update(TwoParty(), 2, false, Held.Latest.Hash, honest.Action, honest.AppData, Stakes(5, 6), TestKeys.Bob);
        var step = Deliver(inflated);
        AssertRefused(step, RejectionReason.ConservationViolated);
        Assert.Contains("total", step.Rejection!.Detail);
    }

    [Fact]
    public void A_claimed_result_the_reducer_does_not_produce_is_refused()
    {
        var honest = Honest(4);
        // A validly signed state where O also "won": appData differs from what Play(4) gives.
        var board = TicTacToe.FromAppData(honest.AppData);
        board.Winner = 2;
        AssertRefused(Deliver(Update(TwoParty(), 2, false, Held.Latest.Hash, honest.Action, board.ToAppData(), honest.Outcome, TestKeys.Bob)),
            RejectionReason.ResultMismatch);
        // The right appData, but the stakes moved to Bob (conserving totals).
        AssertRefused(Deliver(Update(TwoParty(), 2, false, Held.Latest.Hash, honest.Action, honest.AppData, Stakes(0, 10), TestKeys.Bob)),
            RejectionReason.ResultMismatch);
        // Everything right but a false isFinal claim.
        AssertRefused(Deliver(Update(TwoParty(), 2, true, Held.Latest.Hash, honest.Action, honest.AppData, honest.Outcome, TestKeys.Bob)),
            RejectionReason.ResultMismatch);
    }

    [Fact]
    public void An_action_the_rules_reject_is_refused_with_the_rules_reason()
    {
        // Cell 0 is taken: the reducer throws "cell taken".
        var action = TicTacToe.Actions.Play(0);
        var step = Deliver(Update(TwoParty(), 2, false, Held.Latest.Hash, action, Held.Latest.AppData, Held.Latest.Outcome, TestKeys.Bob));
        AssertRefused(step, RejectionReason.ActionRejected);
        Assert.Contains("cell taken", step.Rejection!.Detail);
        AssertRefused(Deliver(Update(TwoParty(), 2, false, Held.Latest.Hash, [0xde, 0xad, 0xbe, 0xef], Held.Latest.AppData, Held.Latest.Outcome, TestKeys.Bob)),
            RejectionReason.ActionRejected);
    }

    [Fact]
    public void An_update_after_the_final_state_is_refused()
    {
        var (net, alice, bob) = ChannelProtocolTests.OpenTicTacToe(new ProtocolOptions { AutoAcceptConclude = false });
        foreach (var (party, cell) in new[] { (alice, (byte)0), (bob, (byte)3), (alice, (byte)1), (bob, (byte)4) })
        {
            ChannelProtocolTests.Play(net, party, cell);
        }
        net.Filter = (_, _, m) => m is not CountersignMessage; // keep the final state from being countersigned
        ChannelProtocolTests.Play(net, alice, 2);
        // Bob countersigned (concluded on his side) but Alice never saw it: she holds a final state signed only by her.
        Assert.Equal(ChannelPhase.Concluded, bob.State!.Phase);
        var alicesView = alice.State!;
        Assert.True(alicesView.Latest.IsFinal);
        Assert.Equal(ChannelPhase.Running, alicesView.Phase);
        var after = Update(TwoParty(), 6, false, alicesView.Latest.Hash, TicTacToe.Actions.Play(5), alicesView.Latest.AppData, alicesView.Latest.Outcome, TestKeys.Bob);
        var step = ChannelProtocol.Receive(alice.Context, alicesView, TestKeys.Bob.Address, after, T0);
        Assert.Equal(RejectionReason.StateIsFinal, step.Rejection!.Reason);
    }

    [Fact]
    public void An_update_before_the_channel_runs_is_refused()
    {
        var alice = new CoreParty(TestKeys.Alice);
        var proposal = alice.Apply(ChannelProtocol.Propose(alice.Context, TwoParty(), TicTacToeApp, TicTacToeApp.InitialAppData(), Stakes(), Deadline(T0), T0));
        Assert.Equal(ChannelPhase.Proposed, proposal.State!.Phase);
        var app = TicTacToeApp;
        var next = app.Reduce(app.InitialAppData(), Stakes(), TicTacToe.Actions.Play(0), 0);
        var early = Update(TwoParty(), 1, false, proposal.State.PreFundHash, TicTacToe.Actions.Play(0), next.AppData, next.Outcome, TestKeys.Alice);
        var step = ChannelProtocol.Receive(alice.Context, proposal.State, TestKeys.Bob.Address, early, T0);
        Assert.Equal(RejectionReason.ChannelNotRunning, step.Rejection!.Reason);
    }

    [Fact]
    public void A_message_from_a_peer_outside_the_channel_is_refused()
    {
        var step = ChannelProtocol.Receive(_alice.Context, Held, TestKeys.Mallory.Address, Honest(4), T0);
        Assert.Equal(RejectionReason.NotAParticipant, step.Rejection!.Reason);
        Assert.Null(step.Persist);
    }
}
