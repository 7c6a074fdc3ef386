using Parley.Engine;
using Parley.Examples;
using Parley.Protocol;
using Parley.Runtime.Tests.Protocol;

namespace Parley.Runtime.Tests.Engine;

/// <summary>The engine's funding deadline: the default window, an explicit deadline, refusals, and restarts.</summary>
public sealed class FundingDeadlineEngineTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Without_a_deadline_the_engine_proposes_its_clock_plus_the_funding_window_and_both_sides_keep_it_across_a_restart()
    {
        var network = new InMemoryNetwork();
        var options = TestNode.FastOptions();
        options.FundingWindow = TimeSpan.FromMinutes(5);
        await using var alice = await TestNode.StartInMemoryAsync(TestKeys.Alice, _dir.File("a.db"), network, options);
        var bobDb = _dir.File("b.db");
        var bob = await TestNode.StartInMemoryAsync(TestKeys.Bob, bobDb, network);
        using var timeout = new CancellationTokenSource(Limit);
        var before = (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var opened = await alice.Engine.OpenChannelAsync(TestKeys.TwoParty(), TicTacToe.Definition, TestKeys.Stakes(), cancellationToken: timeout.Token);
        var after = (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.InRange(opened.FundingDeadline, before + 300, after + 300);
        var atBob = await bob.Engine.WaitForAsync(opened.ChannelId, s => s.Phase == ChannelPhase.Running, timeout.Token);
        Assert.Equal(opened.FundingDeadline, atBob.FundingDeadline);

        await bob.DisposeAsync();
        await using var bobAgain = await TestNode.StartInMemoryAsync(TestKeys.Bob, bobDb, new InMemoryNetwork());
        Assert.Equal(opened.FundingDeadline, bobAgain.Engine.GetChannel(opened.ChannelId)!.FundingDeadline);
        Assert.Equal(opened.FundingDeadline, (await bobAgain.Store.LoadChannelAsync(opened.ChannelId, 0))!.Registration.FundingDeadline);
    }

    [Fact]
    public async Task An_explicit_deadline_reaches_the_peer_and_its_acceptance_policy()
    {
        var network = new InMemoryNetwork();
        var seen = new List<ulong>();
        var bobOptions = TestNode.FastOptions();
        bobOptions.AcceptProposal = proposal =>
        {
            lock (seen)
            {
                seen.Add(proposal.FundingDeadline);
            }
            return proposal.FundingDeadline % 2 == 0; // Bob's policy: even deadlines only
        };
        await using var alice = await TestNode.StartInMemoryAsync(TestKeys.Alice, _dir.File("a.db"), network);
        await using var bob = await TestNode.StartInMemoryAsync(TestKeys.Bob, _dir.File("b.db"), network, bobOptions);
        using var timeout = new CancellationTokenSource(Limit);
        var even = (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 2 * 2 + 1000;
        var opened = await alice.Engine.OpenChannelAsync(TestKeys.TwoParty(1), TicTacToe.Definition, TestKeys.Stakes(), fundingDeadline: even,
            cancellationToken: timeout.Token);
        Assert.Equal(even, opened.FundingDeadline);
        Assert.Equal(even, (await bob.Engine.WaitForAsync(opened.ChannelId, s => s.Phase == ChannelPhase.Running, timeout.Token)).FundingDeadline);

        var odd = await alice.Engine.OpenChannelAsync(TestKeys.TwoParty(2), TicTacToe.Definition, TestKeys.Stakes(), fundingDeadline: even + 1,
            cancellationToken: timeout.Token);
        while (true)
        {
            lock (seen)
            {
                if (seen.Contains(even + 1))
                {
                    break;
                }
            }
            await Task.Delay(10, timeout.Token);
        }
        await Task.Delay(50, timeout.Token);
        Assert.Null(bob.Engine.GetChannel(odd.ChannelId));
        Assert.DoesNotContain(odd.ChannelId, await bob.Store.ListChannelsAsync());
    }

    [Fact]
    public async Task An_unusable_deadline_is_refused_locally_and_nothing_is_stored()
    {
        var network = new InMemoryNetwork();
        await using var alice = await TestNode.StartInMemoryAsync(TestKeys.Alice, _dir.File("a.db"), network);
        using var timeout = new CancellationTokenSource(Limit);
        var now = (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        ulong nonce = 1;
        foreach (var deadline in new[] { 0UL, now - 10, 1UL << 48, now + (ulong)TimeSpan.FromDays(8).TotalSeconds })
        {
            var refused = await Assert.ThrowsAsync<ChannelRequestException>(() => alice.Engine.OpenChannelAsync(TestKeys.TwoParty(nonce++), TicTacToe.Definition,
                TestKeys.Stakes(), fundingDeadline: deadline, cancellationToken: timeout.Token));
            Assert.Equal(RejectionReason.InvalidFundingDeadline, refused.Rejection.Reason);
        }
        Assert.Empty(await alice.Store.ListChannelsAsync());
        Assert.Empty(alice.Engine.ChannelIds);
    }

    [Fact]
    public void The_funding_window_must_be_positive_and_within_the_protocol_horizon()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChannelEngineOptions { FundingWindow = TimeSpan.Zero }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChannelEngineOptions { FundingWindow = TimeSpan.FromDays(8) }.Validate());
        new ChannelEngineOptions { FundingWindow = TimeSpan.FromDays(8), Protocol = new ProtocolOptions { MaxFundingWindow = null } }.Validate();
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProtocolOptions { MaxFundingWindow = TimeSpan.Zero }.Validate());
    }
}
