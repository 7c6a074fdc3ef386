using Parley.Channels;
using Parley.Contracts;
using Parley.Examples;
using Parley.Protocol;

namespace Parley.Watcher.Tests;

/// <summary>The funding deadline agreed in the proposal is the one both participants' deposits name on chain.</summary>
public class FundingDeadlineTests(ChainFixture chain) : TwoPartyScenario(chain, "deadline"), IClassFixture<ChainFixture>
{
    private async Task<(Bytes32 Id, Outcome Outcome, ulong AliceDeadline, ulong BobDeadline)> OpenAsync(Party alice, Party bob, ulong? fundingDeadline = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var fixedPart = new FixedPart(Anvil.Chain.ChainId, Anvil.Chain.Adjudicator.Address, [alice.Address, bob.Address],
            (ulong)Random.Shared.NextInt64(1, long.MaxValue), Anvil.TicTacToeApp, 600);
        var outcome = new Outcome(new AssetOutcome(Address.Zero, [Duel.Stake, Duel.Stake]));
        var opened = await alice.Engine.OpenChannelAsync(fixedPart, TicTacToe.Definition, outcome, fundingDeadline: fundingDeadline, cancellationToken: timeout.Token);
        var atBob = await bob.Engine.WaitForAsync(opened.ChannelId, s => s.Phase == ChannelPhase.Running, timeout.Token);
        return (opened.ChannelId, outcome, opened.FundingDeadline, atBob.FundingDeadline);
    }

    [Fact]
    public async Task Both_engines_deposit_with_the_proposed_deadline_and_the_adjudicator_records_it()
    {
        var (alice, bob) = await PartiesAsync();
        var chainNow = await Anvil.NowAsync();
        var (id, outcome, aliceDeadline, bobDeadline) = await OpenAsync(alice, bob);
        // The engines run on chain time: the default deadline is the chain's clock plus the one-hour funding window.
        Assert.Equal(aliceDeadline, bobDeadline);
        Assert.InRange(aliceDeadline, chainNow + 3600 - 5, chainNow + 3600 + 60);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var bobDeposits = bob.Chain.DepositShareAsync(id, outcome, 1, bobDeadline, TimeSpan.FromSeconds(30), timeout.Token);
        var aliceDeposits = await alice.Chain.DepositShareAsync(id, outcome, 0, aliceDeadline, TimeSpan.FromSeconds(30), timeout.Token);
        Assert.Single(aliceDeposits);
        Assert.Single(await bobDeposits);
        var holdings = await alice.Chain.HoldingsAsync(id, Address.Zero, timeout.Token);
        Assert.Equal(Duel.Stake + Duel.Stake, holdings.Amount);
        Assert.Equal(aliceDeadline, holdings.FundingDeadline);
        Assert.Equal(holdings, await bob.Chain.HoldingsAsync(id, Address.Zero, timeout.Token));
    }

    [Fact]
    public async Task An_explicit_deadline_travels_to_the_peer_a_different_one_is_refused_on_chain_and_reclaim_waits_for_it()
    {
        var (alice, bob) = await PartiesAsync();
        var deadline = await Anvil.NowAsync() + 7_200;
        var (id, outcome, aliceDeadline, bobDeadline) = await OpenAsync(alice, bob, deadline);
        Assert.Equal(deadline, aliceDeadline);
        Assert.Equal(deadline, bobDeadline);

        // Alice funds her share with the agreed deadline; a deposit naming another deadline is refused by the adjudicator.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await alice.Chain.DepositAsync(id, Address.Zero, Duel.Stake, aliceDeadline, cancellationToken: timeout.Token);
        var mismatch = await Assert.ThrowsAsync<AdjudicatorRevertException>(() =>
            bob.Chain.DepositAsync(id, Address.Zero, Duel.Stake, bobDeadline + 1, cancellationToken: timeout.Token));
        Assert.IsType<FundingDeadlineMismatchError>(mismatch.Error);

        // Bob never funds: Alice reclaims once chain time passes the agreed deadline, and not before.
        var preFund = (await alice.Engine.GetSupportProofAsync(id, timeout.Token)).Base;
        Assert.Equal(0UL, preFund.State.TurnNum);
        var early = await Assert.ThrowsAsync<AdjudicatorRevertException>(() => alice.Chain.ReclaimAsync(preFund, timeout.Token));
        Assert.Equal(new FundingDeadlineNotPassedError(deadline), early.Error);
        await Anvil.AdvanceAsync(deadline - await Anvil.NowAsync() + 1);
        var reclaimed = await alice.Chain.ReclaimAsync(preFund, timeout.Token);
        Assert.Single(reclaimed.EventsOf<FundingReclaimedEvent>());
        var onChain = await alice.Chain.ReadChannelAsync(preFund.State.FixedPart, TicTacToe.Definition, cancellationToken: timeout.Token);
        Assert.Equal(Settlement.OnChainPhase.Finalized, onChain.Phase);
        Assert.Equal(outcome, preFund.State.VariablePart.Outcome);
    }
}
