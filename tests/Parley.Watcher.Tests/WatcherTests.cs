using System.Diagnostics;
using Parley.Contracts;
using Parley.Protocol;
using Parley.Settlement;
using Xunit.Abstractions;

namespace Parley.Watcher.Tests;

public class WatcherTests(ChainFixture chain, ITestOutputHelper output) : TwoPartyScenario(chain, "watcher"), IClassFixture<ChainFixture>
{
    [Fact]
    public async Task A_stale_challenge_is_answered_with_a_checkpoint_in_the_next_block()
    {
        var (alice, bob) = await PartiesAsync();
        var id = await Duel.OpenAndFundAsync(Anvil, alice, bob);
        await alice.StartWatcherAsync();
        await Duel.PlayAsync(alice, bob, id, 0, 3, 1, 4); // turn 4, Alice to move

        var stale = await Duel.StaleProofAsync(bob, id, 2);
        var challenge = await bob.Chain.ChallengeAsync(stale);
        var mined = Stopwatch.StartNew();
        var answered = await alice.WaitForAsync<ChallengeAnsweredEvent>();
        var latency = mined.Elapsed;

        Assert.Equal(ChallengeAnswer.Checkpoint, answered.Answer);
        Assert.Equal(2UL, answered.ChallengedTurn);
        Assert.Equal(4UL, answered.AnsweredTurn);
        Assert.Equal(challenge.Receipt.BlockNumber, answered.ChallengeBlock);
        Assert.Equal(challenge.Receipt.BlockNumber + 1, answered.Receipt.Receipt.BlockNumber);
        var detected = await alice.WaitForAsync<ChallengeDetectedEvent>();
        Assert.True(detected.IsStale);
        var status = await alice.Chain.StatusAsync(id);
        Assert.Equal(4UL, status.TurnNumRecord);
        Assert.Equal(0UL, status.FinalizesAt);
        await WaitUntilAsync(() => alice.Watcher!.GetView(id) is { Phase: OnChainPhase.Open, TurnNumRecord: 4 });
        output.WriteLine($"stale-challenge-answer automine: challenge block {challenge.Receipt.BlockNumber} -> answer block {answered.Receipt.Receipt.BlockNumber} "
            + $"({answered.Receipt.Receipt.BlockNumber - challenge.Receipt.BlockNumber} block), {latency.TotalMilliseconds:0} ms from the challenge's receipt to the answer's, "
            + $"checkpoint gas {answered.Receipt.Receipt.GasUsed}");
    }

    [Fact]
    public async Task A_stale_challenge_one_turn_behind_our_own_move_is_answered_by_progress_and_then_finalizes_against_the_silent_challenger()
    {
        var (alice, bob) = await PartiesAsync();
        var id = await Duel.OpenAndFundAsync(Anvil, alice, bob);
        await alice.StartWatcherAsync();
        await Duel.PlayAsync(alice, bob, id, 0, 3, 1); // turn 3 is Alice's move

        var challenge = await bob.Chain.ChallengeAsync(await Duel.StaleProofAsync(bob, id, 2));
        var answered = await alice.WaitForAsync<ChallengeAnsweredEvent>();
        Assert.Equal(ChallengeAnswer.Progress, answered.Answer);
        Assert.Equal(3UL, answered.AnsweredTurn);
        Assert.Single(answered.Receipt.EventsOf<ProgressedEvent>());
        var status = await alice.Chain.StatusAsync(id);
        Assert.Equal(3UL, status.TurnNumRecord);
        Assert.True(status.FinalizesAt > Assert.Single(challenge.EventsOf<ChallengedEvent>()).FinalizesAt - 1);

        // Bob stays silent: after the window the channel finalizes with turn 3's outcome and Alice's watcher takes her stake back.
        var before = await alice.Chain.BalanceAsync(Address.Zero);
        await Anvil.AdvanceAsync(601);
        var payout = await alice.WaitForAsync<PayoutWithdrawnEvent>();
        Assert.Equal(Duel.Stake, payout.Amount);
        Assert.Equal(before + Duel.Stake - payout.Receipt.Receipt.Fee, await alice.Chain.BalanceAsync(Address.Zero));
        await alice.WaitForAsync<ChannelFinalizedEvent>();
    }

    [Fact]
    public async Task A_watcher_restarted_during_the_challenge_window_resumes_from_its_cursor_and_answers_in_time()
    {
        var (alice, bob) = await PartiesAsync();
        var id = await Duel.OpenAndFundAsync(Anvil, alice, bob);
        await alice.StartWatcherAsync();
        await Duel.PlayAsync(alice, bob, id, 4, 0, 8, 2);
        await WaitUntilAsync(() => alice.Watcher!.GetView(id) is not null);
        await alice.StopWatcherAsync();

        // While Alice's watcher is down: a stale challenge, and chain time moves on (but not past the window).
        var challenge = await bob.Chain.ChallengeAsync(await Duel.StaleProofAsync(bob, id, 1));
        var finalizesAt = Assert.Single(challenge.EventsOf<ChallengedEvent>()).FinalizesAt;
        await Anvil.AdvanceAsync(300);
        await Anvil.Rpc.MineAsync(5);

        var restarted = await alice.StartWatcherAsync();
        Assert.True(restarted.Poller!.Resumed);
        var answered = await alice.WaitForAsync<ChallengeAnsweredEvent>(timeout: TimeSpan.FromSeconds(1)); // answered during StartAsync
        Assert.Equal(4UL, answered.AnsweredTurn);
        var answerBlock = (await Anvil.Rpc.GetBlockAsync(answered.Receipt.Receipt.BlockNumber))!;
        Assert.True(answerBlock.Timestamp < finalizesAt, $"answered at {answerBlock.Timestamp}, the window closed at {finalizesAt}");
        Assert.Equal(0UL, (await alice.Chain.StatusAsync(id)).FinalizesAt);
    }

    [Fact]
    public async Task A_reorg_does_not_leave_the_watcher_with_a_wrong_view_and_a_challenge_on_the_new_branch_is_answered_again()
    {
        var (alice, bob) = await PartiesAsync();
        var id = await Duel.OpenAndFundAsync(Anvil, alice, bob);
        await alice.StartWatcherAsync();
        await Duel.PlayAsync(alice, bob, id, 0, 3, 1, 4);
        var fork = await Anvil.Rpc.SnapshotAsync();

        await bob.Chain.ChallengeAsync(await Duel.StaleProofAsync(bob, id, 2));
        await alice.WaitForAsync<ChallengeAnsweredEvent>();
        await WaitUntilAsync(() => alice.Watcher!.GetView(id) is { TurnNumRecord: 4 });

        // The blocks with the challenge and the answer are replaced by a chain without them.
        Assert.True(await Anvil.Rpc.RevertAsync(fork));
        await Anvil.Rpc.MineAsync(3);
        await WaitUntilAsync(() => alice.Watcher!.GetView(id) is { Status.IsNone: true, Phase: OnChainPhase.Open });

        // On the new branch Bob challenges with another stale state: answered again.
        var again = await bob.Chain.ChallengeAsync(await Duel.StaleProofAsync(bob, id, 1));
        var second = await alice.WaitForAsync<ChallengeAnsweredEvent>(e => e.ChallengedTurn == 1);
        Assert.Equal(again.Receipt.BlockNumber + 1, second.Receipt.Receipt.BlockNumber);
        await WaitUntilAsync(() => alice.Watcher!.GetView(id) is { TurnNumRecord: 4, Phase: OnChainPhase.Open });
        Assert.Equal(4UL, (await alice.Chain.StatusAsync(id)).TurnNumRecord);
    }

    [Fact]
    public async Task An_unresponsive_counterparty_is_challenged_and_after_the_timeout_the_channel_is_finalized_and_paid()
    {
        var protocol = new ProtocolOptions { AgreementTime = TimeSpan.FromMilliseconds(300), TurnTimeout = TimeSpan.FromMilliseconds(300) };
        var (alice, bob) = await PartiesAsync(protocol);
        var id = await Duel.OpenAndFundAsync(Anvil, alice, bob);
        await alice.StartWatcherAsync();
        await Duel.PlayAsync(alice, bob, id, 4, 0, 8); // Alice leads; Bob's turn next

        // Bob's node goes away: his move never comes. Alice's engine escalates; her watcher challenges on chain.
        await StopAsync(bob);
        var registered = await alice.WaitForAsync<ChallengeRegisteredEvent>();
        Assert.Equal(3UL, registered.TurnNum);
        Assert.NotNull(registered.Reason);
        Assert.Equal(OnChainPhase.Challenged, (await alice.Watcher!.CheckAsync(id)).Phase);

        // Time travel past the window: the watcher sees the channel finalized and withdraws Alice's stake.
        var before = await alice.Chain.BalanceAsync(Address.Zero);
        await Anvil.AdvanceAsync(601);
        var payout = await alice.WaitForAsync<PayoutWithdrawnEvent>();
        Assert.Equal(Duel.Stake, payout.Amount);
        Assert.Equal(before + Duel.Stake - payout.Receipt.Receipt.Fee, await alice.Chain.BalanceAsync(Address.Zero));
        var finalized = await alice.WaitForAsync<ChannelFinalizedEvent>();
        Assert.Equal(3UL, finalized.View.TurnNumRecord);

        // A transaction that reverts surfaces the adjudicator's custom error: the channel is finalized.
        var proof = await alice.Engine.GetSupportProofAsync(id);
        var e = await Assert.ThrowsAsync<AdjudicatorRevertException>(() => alice.Chain.ChallengeAsync(proof));
        Assert.Equal(new ChannelFinalizedError(id), e.Error);
        Assert.Contains("challenge reverted: ChannelFinalized", e.Message);
        Assert.Null(await alice.Watcher.ChallengeAsync(id)); // the watcher does not try
    }

    private static async Task WaitUntilAsync(Func<bool> condition, double seconds = 20)
    {
        var limit = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > limit)
            {
                throw new TimeoutException("The condition did not hold in time.");
            }
            await Task.Delay(10);
        }
    }
}
