using Parley.Channels;
using Parley.Examples;
using Parley.Observers;
using Parley.Protocol;
using Parley.Store;
using static Parley.Runtime.Tests.Protocol.TestKeys;

namespace Parley.Runtime.Tests.Protocol;

public sealed class ChannelProtocolTests
{
    internal static (CoreNet Net, CoreParty Alice, CoreParty Bob) OpenTicTacToe(ProtocolOptions? options = null)
    {
        var alice = new CoreParty(TestKeys.Alice, options);
        var bob = new CoreParty(TestKeys.Bob, options);
        var net = new CoreNet(alice, bob);
        var app = TicTacToeApp;
        var proposed = net.Do(alice, (c, _) => ChannelProtocol.Propose(c, TwoParty(), app, app.InitialAppData(), Stakes(), Deadline(net.Now), net.Now));
        Assert.True(proposed.Accepted);
        net.Run();
        Assert.Equal(ChannelPhase.Running, alice.State!.Phase);
        Assert.Equal(ChannelPhase.Running, bob.State!.Phase);
        return (net, alice, bob);
    }

    internal static Step Play(CoreNet net, CoreParty party, byte cell)
    {
        var step = net.Do(party, (c, s) => ChannelProtocol.Act(c, s!, TicTacToe.Actions.Play(cell), net.Now));
        net.Run();
        return step;
    }

    [Fact]
    public void Opening_needs_every_signature_and_both_sides_store_the_pre_fund_state()
    {
        var (_, alice, bob) = OpenTicTacToe();
        Assert.Equal(alice.State!.PreFundHash, bob.State!.PreFundHash);
        Assert.True(alice.State.Latest.IsFullySigned);
        Assert.True(bob.State.Latest.IsFullySigned);
        Assert.Equal(0, alice.State.HighestSignedTurn);
        Assert.Equal(0, bob.State.HighestSignedTurn);
        Assert.Contains(alice.Steps.SelectMany(s => s.Events), e => e is ChannelOpenedEvent);
        Assert.Contains(bob.Steps.SelectMany(s => s.Events), e => e is ChannelOpenedEvent);
        // The proposer's first batch registers the channel, logs the pre-fund state and its own signature, guarded.
        var first = alice.Persisted[0];
        Assert.NotNull(first.Registration);
        Assert.Equal(LogEntryKind.Agreed, first.Entries.Single().Kind);
        Assert.Equal(0UL, first.OwnSignatures.Single().TurnNum);
    }

    [Fact]
    public void A_whole_game_is_played_to_the_end_and_concluded_by_countersigning_the_final_state()
    {
        var (net, alice, bob) = OpenTicTacToe();
        // X: 0, 1, 2 wins the top row; O: 3, 4.
        foreach (var (party, cell) in new[] { (alice, (byte)0), (bob, (byte)3), (alice, (byte)1), (bob, (byte)4), (alice, (byte)2) })
        {
            Assert.True(Play(net, party, cell).Accepted);
        }
        foreach (var party in new[] { alice, bob })
        {
            var state = party.State!;
            Assert.Equal(ChannelPhase.Concluded, state.Phase);
            Assert.Equal(5UL, state.Latest.TurnNum);
            Assert.True(state.Latest.IsFinal);
            Assert.True(state.Latest.IsFullySigned);
            Assert.Equal(Stakes(10, 0), state.Latest.Outcome);
            Assert.Equal(1, TicTacToe.FromAppData(state.Latest.AppData).Winner);
            Assert.Contains(party.Steps.SelectMany(s => s.Events), e => e is ChannelConcludedEvent);
        }
        Assert.Equal(alice.State!.Latest.Hash, bob.State!.Latest.Hash);
        // Never two own signatures on one turnNum, and increasing across batches.
        foreach (var party in new[] { alice, bob })
        {
            var own = party.Persisted.SelectMany(b => b.OwnSignatures).Select(s => s.TurnNum).ToList();
            Assert.Equal(own.OrderBy(t => t), own);
            Assert.Equal(own.Distinct().Count(), own.Count);
        }
        // No further action on a concluded channel.
        var after = ChannelProtocol.Act(alice.Context, alice.State, TicTacToe.Actions.Play(5), net.Now);
        Assert.Equal(RejectionReason.ChannelNotRunning, after.Rejection!.Reason);
    }

    [Fact]
    public void Local_requests_out_of_turn_or_against_the_rules_are_refused_without_effects()
    {
        var (net, alice, bob) = OpenTicTacToe();
        var outOfTurn = ChannelProtocol.Act(bob.Context, bob.State!, TicTacToe.Actions.Play(0), net.Now);
        Assert.Equal(RejectionReason.NotYourTurn, outOfTurn.Rejection!.Reason);
        Assert.Null(outOfTurn.Persist);
        Assert.Empty(outOfTurn.Messages);
        Assert.Same(bob.State, outOfTurn.State);

        var badCell = ChannelProtocol.Act(alice.Context, alice.State!, TicTacToe.Actions.Play(9), net.Now);
        Assert.Equal(RejectionReason.ActionRejected, badCell.Rejection!.Reason);
        Assert.Contains("no such cell", badCell.Rejection.Detail);

        var garbage = ChannelProtocol.Act(alice.Context, alice.State!, [1, 2, 3], net.Now);
        Assert.Equal(RejectionReason.ActionRejected, garbage.Rejection!.Reason);

        var signedAhead = alice.State! with { HighestSignedTurn = 1 };
        Assert.Equal(RejectionReason.AlreadySigned, ChannelProtocol.Act(alice.Context, signedAhead, TicTacToe.Actions.Play(0), net.Now).Rejection!.Reason);

        var concludeOutOfTurn = ChannelProtocol.Conclude(bob.Context, bob.State!, net.Now);
        Assert.Equal(RejectionReason.NotYourTurn, concludeOutOfTurn.Rejection!.Reason);
    }

    [Fact]
    public void The_mover_may_conclude_early_and_the_others_countersign()
    {
        var (net, alice, bob) = OpenTicTacToe();
        Play(net, alice, 4);
        var conclude = net.Do(bob, (c, s) => ChannelProtocol.Conclude(c, s!, net.Now));
        Assert.True(conclude.Accepted);
        Assert.NotNull(bob.State!.Pending);
        net.Run();
        foreach (var party in new[] { alice, bob })
        {
            Assert.Equal(ChannelPhase.Concluded, party.State!.Phase);
            Assert.Equal(2UL, party.State.Latest.TurnNum);
            Assert.True(party.State.Latest.IsFinal);
            Assert.Equal(Stakes(), party.State.Latest.Outcome);
        }
    }

    [Fact]
    public void Receivers_checkpoint_every_interval_so_the_support_proof_stays_short()
    {
        var (net, alice, bob) = OpenTicTacToe(new ProtocolOptions { CheckpointInterval = 2 });
        Play(net, alice, 0);
        Assert.Equal(0UL, alice.State!.LatestFullySignedTurn);
        Play(net, bob, 3);
        Assert.Equal(2UL, alice.State!.LatestFullySignedTurn);
        Assert.Equal(2UL, bob.State!.LatestFullySignedTurn);
        Play(net, alice, 1);
        Play(net, bob, 4);
        Assert.Equal(4UL, alice.State!.LatestFullySignedTurn);
        Assert.Equal(4UL, bob.State!.LatestFullySignedTurn);
        Assert.Contains(alice.Steps.SelectMany(s => s.Events), e => e is StateFullySignedEvent { TurnNum: 4 });
    }

    [Fact]
    public void An_unanswered_state_raises_one_escalation_after_the_agreement_time()
    {
        var options = new ProtocolOptions { AgreementTime = TimeSpan.FromSeconds(10), TurnTimeout = TimeSpan.FromSeconds(60) };
        var (net, alice, bob) = OpenTicTacToe(options);
        net.Filter = (_, _, _) => false; // Bob never hears Alice's move.
        Play(net, alice, 0);
        var state = alice.State!;
        Assert.Equal(TestKeys.T0 + TimeSpan.FromSeconds(10), ChannelProtocol.NextDeadline(alice.Context, state));
        Assert.Empty(ChannelProtocol.Tick(alice.Context, state, TestKeys.T0 + TimeSpan.FromSeconds(9)).Events);
        var late = ChannelProtocol.Tick(alice.Context, state, TestKeys.T0 + TimeSpan.FromSeconds(10));
        var escalation = Assert.IsType<EscalationNeededEvent>(Assert.Single(late.Events));
        Assert.Equal(EscalationKind.NoAcknowledgement, escalation.Kind);
        Assert.Equal([1], escalation.Laggards);
        Assert.Equal(1UL, escalation.TurnNum);
        Assert.Empty(ChannelProtocol.Tick(alice.Context, late.State!, TestKeys.T0 + TimeSpan.FromSeconds(20)).Events);

        // The turn timeout: Bob's move is awaited, and not forthcoming.
        var noMove = ChannelProtocol.Tick(alice.Context, late.State!, TestKeys.T0 + TimeSpan.FromSeconds(61));
        Assert.Contains(noMove.Events, e => e is EscalationNeededEvent { Kind: EscalationKind.NoMove });

        // Had Bob acknowledged, nothing would be raised.
        var acked = ChannelProtocol.Receive(alice.Context, state, TestKeys.Bob.Address, new AckMessage(state.ChannelId, 1), TestKeys.T0);
        Assert.Null(ChannelProtocol.NextDeadline(alice.Context, acked.State! with { AwaitingMoveSince = null }));
        Assert.DoesNotContain(ChannelProtocol.Tick(alice.Context, acked.State!, TestKeys.T0 + TimeSpan.FromSeconds(30)).Events,
            e => e is EscalationNeededEvent { Kind: EscalationKind.NoAcknowledgement });
        _ = bob;
    }

    [Fact]
    public void A_proposal_for_another_chain_an_unknown_app_or_a_foreign_channel_is_refused()
    {
        var bob = new CoreParty(TestKeys.Bob);
        var app = TicTacToeApp;
        var alice = new CoreParty(TestKeys.Alice);
        var otherChain = new FixedPart(1, Network.Adjudicator, [TestKeys.Alice.Address, TestKeys.Bob.Address], 1, AppDefinition, 3600);
        Assert.Equal(RejectionReason.InvalidProposal,
            ChannelProtocol.Propose(alice.Context, otherChain, app, app.InitialAppData(), Stakes(), Deadline(T0), T0).Rejection!.Reason);

        var proposal = ChannelProtocol.Propose(alice.Context, TwoParty(), app, app.InitialAppData(), Stakes(), Deadline(T0), T0);
        var message = (ProposeMessage)proposal.Messages.Single().Message;
        Assert.Equal(RejectionReason.UnknownApp, ChannelProtocol.ReceiveProposal(bob.Context, TestKeys.Alice.Address, message, null, true, T0).Rejection!.Reason);
        Assert.Equal(RejectionReason.ProposalDeclined, ChannelProtocol.ReceiveProposal(bob.Context, TestKeys.Alice.Address, message, app, false, T0).Rejection!.Reason);

        var notMine = new FixedPart(Network.ChainId, Network.Adjudicator, [TestKeys.Alice.Address, TestKeys.Carol.Address], 1, AppDefinition, 3600);
        var carolsProposal = (ProposeMessage)ChannelProtocol.Propose(alice.Context, notMine, app, app.InitialAppData(), Stakes(), Deadline(T0), T0).Messages.Single().Message;
        Assert.Equal(RejectionReason.InvalidProposal,
            ChannelProtocol.ReceiveProposal(bob.Context, TestKeys.Alice.Address, carolsProposal, app, true, T0).Rejection!.Reason);

        var forged = message with { Signature = TestKeys.Mallory.Sign(LoggedState.Digest(TwoParty(), 0, false, app.InitialAppData(), Stakes())).ToBytes() };
        Assert.Equal(RejectionReason.NotAParticipant, ChannelProtocol.ReceiveProposal(bob.Context, TestKeys.Alice.Address, forged, app, true, T0).Rejection!.Reason);

        var wrongShape = message with { Outcome = new Outcome(new AssetOutcome(Address.Zero, [UInt256.One])) };
        Assert.Equal(RejectionReason.Malformed, ChannelProtocol.ReceiveProposal(bob.Context, TestKeys.Alice.Address, wrongShape, app, true, T0).Rejection!.Reason);
    }

    [Fact]
    public void A_message_about_an_unknown_channel_is_refused_and_answered_with_a_sync_saying_so()
    {
        var step = ChannelProtocol.ReceiveForUnknownChannel(TestKeys.Alice.Address, new AckMessage(TwoParty().ChannelId, 3), T0);
        Assert.Equal(RejectionReason.UnknownChannel, step.Rejection!.Reason);
        Assert.Contains(step.Messages, m => m.Message is SyncMessage { Known: false });
        Assert.Contains(step.Messages, m => m.Message is RejectMessage { Reason: RejectionReason.UnknownChannel });
    }
}
