using Parley.Observers;
using Parley.Protocol;
using Parley.Store;
using static Parley.Runtime.Tests.Protocol.TestKeys;

namespace Parley.Runtime.Tests.Protocol;

/// <summary>The funding deadline travels in the proposal, is checked on both sides, and is stored with the channel.</summary>
public sealed class FundingDeadlineTests
{
    private static readonly ulong Now = (ulong)T0.ToUnixTimeSeconds();

    private static ProposeMessage Proposal(CoreParty alice, ulong deadline) =>
        (ProposeMessage)ChannelProtocol.Propose(alice.Context, TwoParty(), TicTacToeApp, TicTacToeApp.InitialAppData(), Stakes(), deadline, T0)
            .Messages.Single().Message;

    [Fact]
    public void The_proposal_carries_the_deadline_and_both_sides_store_and_publish_it()
    {
        var alice = new CoreParty(TestKeys.Alice);
        var bob = new CoreParty(TestKeys.Bob);
        var net = new CoreNet(alice, bob);
        var deadline = Now + 1234;
        var proposed = net.Do(alice, (c, _) => ChannelProtocol.Propose(c, TwoParty(), TicTacToeApp, TicTacToeApp.InitialAppData(), Stakes(), deadline, T0));
        Assert.Equal(deadline, ((ProposeMessage)proposed.Messages.Single().Message).FundingDeadline);
        net.Run();
        foreach (var party in new[] { alice, bob })
        {
            Assert.Equal(ChannelPhase.Running, party.State!.Phase);
            Assert.Equal(deadline, party.State.FundingDeadline);
            Assert.Equal(deadline, party.Persisted.Select(b => b.Registration).OfType<ChannelRegistration>().Single().FundingDeadline);
            var published = party.Steps.SelectMany(s => s.Events).OfType<ChannelProposedEvent>().Single();
            Assert.Equal(deadline, published.FundingDeadline);
            Assert.Equal(party == alice, published.ProposedByMe);
        }
    }

    public static TheoryData<ulong, string> UnusableDeadlines() => new()
    {
        { 0, "is 0" },
        { 1UL << 48, "above 2^48 - 1" },
        { ulong.MaxValue, "above 2^48 - 1" },
        { Now, "not in the future" },
        { Now - 1, "not in the future" },
        { 1, "not in the future" },
        { Now + (ulong)TimeSpan.FromDays(7).TotalSeconds + 1, "at most 604800 s" },
    };

    [Theory]
    [MemberData(nameof(UnusableDeadlines))]
    public void A_received_proposal_with_an_unusable_deadline_is_refused_and_nothing_is_stored(ulong deadline, string detail)
    {
        var alice = new CoreParty(TestKeys.Alice);
        var bob = new CoreParty(TestKeys.Bob);
        // Alice's proposal is valid; the deadline is altered in transit (the signature covers the state, not the deadline).
        var message = Proposal(alice, Now + 60) with { FundingDeadline = deadline };
        var step = ChannelProtocol.ReceiveProposal(bob.Context, TestKeys.Alice.Address, message, TicTacToeApp, accept: true, T0);
        Assert.Equal(RejectionReason.InvalidFundingDeadline, step.Rejection!.Reason);
        Assert.Contains(detail, step.Rejection.Detail, StringComparison.Ordinal);
        Assert.Null(step.State);
        Assert.Null(step.Persist);
        Assert.DoesNotContain(step.Events, e => e is ChannelProposedEvent);
        Assert.DoesNotContain(step.Messages, m => m.Message is CountersignMessage);
    }

    [Theory]
    [MemberData(nameof(UnusableDeadlines))]
    public void Proposing_with_an_unusable_deadline_is_refused_before_anything_is_signed(ulong deadline, string detail)
    {
        var alice = new CoreParty(TestKeys.Alice);
        var step = ChannelProtocol.Propose(alice.Context, TwoParty(), TicTacToeApp, TicTacToeApp.InitialAppData(), Stakes(), deadline, T0);
        Assert.Equal(RejectionReason.InvalidFundingDeadline, step.Rejection!.Reason);
        Assert.Contains(detail, step.Rejection.Detail, StringComparison.Ordinal);
        Assert.Null(step.Persist);
        Assert.Empty(step.Messages);
    }

    [Fact]
    public void The_bounds_are_exact_one_second_ahead_up_to_the_window_and_no_window_takes_any_uint48()
    {
        var alice = new CoreParty(TestKeys.Alice);
        var bob = new CoreParty(TestKeys.Bob);
        var window = (ulong)TimeSpan.FromDays(7).TotalSeconds;
        foreach (var deadline in new[] { Now + 1, Now + window })
        {
            Assert.True(ChannelProtocol.ReceiveProposal(bob.Context, TestKeys.Alice.Address, Proposal(alice, Now + 60) with { FundingDeadline = deadline },
                TicTacToeApp, accept: true, T0).Accepted);
        }
        var unbounded = new CoreParty(TestKeys.Bob, new ProtocolOptions { MaxFundingWindow = null });
        var far = ChannelProtocol.ReceiveProposal(unbounded.Context, TestKeys.Alice.Address, Proposal(alice, Now + 60) with { FundingDeadline = (1UL << 48) - 1 },
            TicTacToeApp, accept: true, T0);
        Assert.True(far.Accepted);
        Assert.Equal((1UL << 48) - 1, far.State!.FundingDeadline);
        var tighter = new CoreParty(TestKeys.Bob, new ProtocolOptions { MaxFundingWindow = TimeSpan.FromMinutes(10) });
        Assert.Equal(RejectionReason.InvalidFundingDeadline, ChannelProtocol.ReceiveProposal(tighter.Context, TestKeys.Alice.Address,
            Proposal(alice, Now + 601), TicTacToeApp, accept: true, T0).Rejection!.Reason);
    }

    [Fact]
    public void A_repeated_proposal_with_another_deadline_is_a_conflict_and_the_same_one_is_accepted()
    {
        var alice = new CoreParty(TestKeys.Alice);
        var bob = new CoreParty(TestKeys.Bob);
        var message = Proposal(alice, Now + 60);
        var first = bob.Apply(ChannelProtocol.ReceiveProposal(bob.Context, TestKeys.Alice.Address, message, TicTacToeApp, accept: true, T0));
        Assert.True(first.Accepted);
        var conflict = ChannelProtocol.Receive(bob.Context, bob.State!, TestKeys.Alice.Address, message with { FundingDeadline = Now + 61 }, T0);
        Assert.Equal(RejectionReason.InvalidProposal, conflict.Rejection!.Reason);
        Assert.Contains("funding deadline", conflict.Rejection.Detail, StringComparison.Ordinal);
        Assert.Null(conflict.Persist);
        Assert.NotEqual(RejectionReason.InvalidProposal, ChannelProtocol.Receive(bob.Context, bob.State!, TestKeys.Alice.Address, message, T0).Rejection?.Reason);
    }

    [Fact]
    public void A_restored_channel_keeps_its_deadline()
    {
        var alice = new CoreParty(TestKeys.Alice);
        var step = alice.Apply(ChannelProtocol.Propose(alice.Context, TwoParty(), TicTacToeApp, TicTacToeApp.InitialAppData(), Stakes(), Now + 99, T0));
        var batch = step.Persist!;
        var stored = new StoredChannel(batch.Registration!, batch.Latest, 0, batch.Entries, batch.OwnSignatures, [(0UL, step.State!.PreFundHash)]);
        var restored = ChannelProtocol.Restore(alice.Context, stored, TicTacToeApp, step.State.PreFundHash, T0);
        Assert.Equal(Now + 99, restored.FundingDeadline);
    }
}
