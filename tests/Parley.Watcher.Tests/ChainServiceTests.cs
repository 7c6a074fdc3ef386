using Parley.Abi;
using Parley.Channels;
using Parley.Contracts;
using Parley.Settlement;
using Xunit.Abstractions;

namespace Parley.Watcher.Tests;

public class ChainServiceTests(ChainFixture chain, ITestOutputHelper output) : IClassFixture<ChainFixture>, IAsyncLifetime
{
    private static readonly UInt256 Stake = (UInt256)1UL * ChainFixture.Ether;
    private string _snapshot = "";

    public async Task InitializeAsync() => _snapshot = await chain.Rpc.SnapshotAsync();

    public async Task DisposeAsync() => Assert.True(await chain.Rpc.RevertAsync(_snapshot));

    private async Task<(Game Game, ChainService Alice, ChainService Bob)> NewGameAsync(ulong challengeDuration = 600)
    {
        var keys = new[] { await chain.FundedKeyAsync(), await chain.FundedKeyAsync() };
        var game = new Game(chain.Chain.ChainId, chain.Chain.Adjudicator.Address, chain.TicTacToeApp, keys, Stake, challengeDuration);
        return (game, chain.Service(keys[0]), chain.Service(keys[1]));
    }

    private static ulong FundingDeadline => 4_000_000_000;

    private async Task FundAsync(Game game, ChainService alice, ChainService bob)
    {
        // Bob (participant 1) starts first and waits for Alice's share; Alice deposits; both finish.
        var bobDeposits = bob.DepositShareAsync(game.Id, game.Funding, 1, FundingDeadline, TimeSpan.FromSeconds(30));
        var aliceDeposits = await alice.DepositShareAsync(game.Id, game.Funding, 0, FundingDeadline, TimeSpan.FromSeconds(30));
        Assert.Single(aliceDeposits);
        Assert.Single(await bobDeposits);
    }

    private static void PlayToXWin(Game game)
    {
        foreach (var cell in new byte[] { 0, 3, 1, 4, 2 })
        {
            game.Play(cell);
        }
        Assert.True(game.Latest.IsFinal);
    }

    [Fact]
    public async Task Deposits_follow_participant_order_with_expected_holdings_from_the_chain_and_are_not_repeated()
    {
        var (game, alice, bob) = await NewGameAsync();
        var bobFirst = bob.DepositShareAsync(game.Id, game.Funding, 1, FundingDeadline, TimeSpan.FromSeconds(30));
        await Task.Delay(100);
        Assert.False(bobFirst.IsCompleted, "participant 1 waits for participant 0's share");
        Assert.Equal(UInt256.Zero, (await alice.HoldingsAsync(game.Id, Address.Zero)).Amount);

        var aliceDeposit = Assert.Single(await alice.DepositShareAsync(game.Id, game.Funding, 0, FundingDeadline));
        var bobDeposit = Assert.Single(await bobFirst);
        Assert.Equal(Stake, aliceDeposit.HoldingsAfter);
        Assert.Equal(Stake * (UInt256)2UL, bobDeposit.HoldingsAfter);
        Assert.Null(aliceDeposit.Approval);
        Assert.InRange(aliceDeposit.GasUsed, 40_000UL, 60_000UL);
        output.WriteLine($"gas: first ETH deposit {aliceDeposit.GasUsed}, second {bobDeposit.GasUsed}");

        var holdings = Assert.Single(await alice.WaitForFundingAsync(game.Id, game.Funding, TimeSpan.FromSeconds(5)));
        Assert.Equal(Stake * (UInt256)2UL, holdings.Amount);
        Assert.Equal(FundingDeadline, holdings.FundingDeadline);
        // Again (e.g. after a restart): nothing is deposited twice.
        Assert.Empty(await alice.DepositShareAsync(game.Id, game.Funding, 0, FundingDeadline));
        Assert.Empty(await bob.DepositShareAsync(game.Id, game.Funding, 1, FundingDeadline));
    }

    [Fact]
    public async Task Waiting_for_funding_times_out_with_the_holdings_in_the_message()
    {
        var (game, alice, bob) = await NewGameAsync();
        await alice.DepositShareAsync(game.Id, game.Funding, 0, FundingDeadline);
        var e = await Assert.ThrowsAsync<TimeoutException>(() => alice.WaitForFundingAsync(game.Id, game.Funding, TimeSpan.FromMilliseconds(100)));
        Assert.Contains(Stake.ToString(), e.Message);
        var early = new Game(chain.Chain.ChainId, chain.Chain.Adjudicator.Address, chain.TicTacToeApp, game.Keys, Stake);
        await Assert.ThrowsAsync<TimeoutException>(() => bob.DepositShareAsync(early.Id, early.Funding, 1, FundingDeadline, TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public async Task An_erc20_deposit_approves_the_adjudicator_first_when_the_allowance_is_short()
    {
        var (game, alice, _) = await NewGameAsync();
        var amount = (UInt256)5_000UL;
        await alice.Sender.SendAsync(new Chain.TransactionCall(chain.Token, AbiCoder.EncodeFunctionCall("mint(address,uint256)", alice.Address, amount * (UInt256)2UL)));

        var first = await alice.DepositAsync(game.Id, chain.Token, amount, FundingDeadline);
        Assert.NotNull(first.Approval);
        Assert.Equal(amount, first.HoldingsAfter);
        Assert.True(first.GasUsed > first.Deposit.Receipt.GasUsed);
        Assert.Equal(amount, await alice.BalanceAsync(chain.Token));

        var second = await alice.DepositAsync(game.Id, chain.Token, amount, FundingDeadline);
        Assert.NotNull(second.Approval); // approve(amount) set the allowance to the amount, which the first deposit used up
        Assert.Equal(amount * (UInt256)2UL, second.HoldingsAfter);
        Assert.Equal(UInt256.Zero, await alice.BalanceAsync(chain.Token));
    }

    [Fact]
    public async Task A_cooperative_close_pays_the_winner_in_one_transaction()
    {
        var (game, alice, bob) = await NewGameAsync();
        await FundAsync(game, alice, bob);
        PlayToXWin(game);
        var before = await alice.BalanceAsync(Address.Zero);

        var close = await bob.ConcludeAsync(game.FinalSignedByAll());

        Assert.True(close.Receipt.Succeeded);
        Assert.InRange(close.Receipt.GasUsed, 50_000UL, 150_000UL);
        output.WriteLine($"gas: concludeAndWithdraw (tic-tac-toe, 2 parties) {close.Receipt.GasUsed}");
        Assert.Single(close.EventsOf<ConcludedEvent>());
        Assert.Equal(before + Stake * (UInt256)2UL, await alice.BalanceAsync(Address.Zero));
        var onChain = await alice.ReadChannelAsync(game.Fixed, Game.App, turn => turn == game.TurnNum ? game.Latest : null);
        Assert.Equal(OnChainPhase.Finalized, onChain.Phase);
        Assert.Equal(game.Latest, onChain.Registered);
        Assert.All(onChain.OutcomeOnRecord!.Assets.Single().Balances, b => Assert.Equal(UInt256.Zero, b));
        Assert.Equal(UInt256.Zero, (await alice.HoldingsAsync(game.Id, Address.Zero)).Amount);
    }

    [Fact]
    public async Task Conclude_then_withdraw_quotes_the_outcome_on_record()
    {
        var (game, alice, bob) = await NewGameAsync();
        await FundAsync(game, alice, bob);
        PlayToXWin(game);
        await alice.ConcludeAsync(game.FinalSignedByAll(), withdraw: false);

        var onChain = await bob.ReadChannelAsync(game.Fixed, Game.App, turn => turn == game.TurnNum ? game.Latest : null);
        Assert.Equal(OnChainPhase.Finalized, onChain.Phase);
        var before = await alice.BalanceAsync(Address.Zero);
        var payout = await bob.WithdrawAllAsync(game.Fixed, onChain);
        Assert.Equal([Stake * (UInt256)2UL, UInt256.Zero], payout.EventsOf<WithdrawnEvent>().Single().Amounts.ToArray());
        Assert.Equal(before + Stake * (UInt256)2UL, await alice.BalanceAsync(Address.Zero));

        // Nothing is left: the next withdrawal reverts with the adjudicator's custom error.
        var after = await bob.ReadChannelAsync(game.Fixed, Game.App, turn => turn == game.TurnNum ? game.Latest : null);
        var e = await Assert.ThrowsAsync<AdjudicatorRevertException>(() => bob.WithdrawAllAsync(game.Fixed, after));
        Assert.IsType<NothingToWithdrawError>(e.Error);
        var unknown = await bob.ReadChannelAsync(game.Fixed, Game.App); // no known final state: the registered state is unknown
        Assert.Null(unknown.Registered);
        await Assert.ThrowsAsync<InvalidOperationException>(() => bob.WithdrawAllAsync(game.Fixed, unknown));
    }

    [Fact]
    public async Task A_dispute_played_out_by_progress_is_rebuilt_from_events_and_paid_after_the_window()
    {
        var (game, alice, bob) = await NewGameAsync(challengeDuration: 300);
        await FundAsync(game, alice, bob);
        game.Play(0);
        game.Play(3);
        game.Play(1); // turn 3, fully signed only up to turn 2 below
        // Alice challenges with turn 3 supported by the fully signed turn 2 and her move.
        var challenge = await alice.ChallengeAsync(game.Proof(3, fullySigned: 2));
        output.WriteLine($"gas: challenge with one move (tic-tac-toe) {challenge.Receipt.GasUsed}");
        var challenged = Assert.Single(challenge.EventsOf<ChallengedEvent>());
        Assert.Equal(game.StateAt(3), challenged.State);

        var onChain = await bob.ReadChannelAsync(game.Fixed, Game.App);
        Assert.Equal(OnChainPhase.Challenged, onChain.Phase);
        Assert.Equal(game.StateAt(3), onChain.Registered);

        // Bob answers with his move (progress), then Alice with hers: X wins on chain.
        game.Play(4);
        var progress = await bob.ProgressAsync(game.Fixed, onChain.Registered!, game.MoveAt(4));
        Assert.InRange(progress.Receipt.GasUsed, 40_000UL, 150_000UL);
        output.WriteLine($"gas: progress (tic-tac-toe) {progress.Receipt.GasUsed}");
        game.Play(2);
        await alice.ProgressAsync(game.Fixed, game.StateAt(4), game.MoveAt(5));
        onChain = await bob.ReadChannelAsync(game.Fixed, Game.App);
        Assert.Equal(5UL, onChain.TurnNumRecord);
        Assert.Equal(game.StateAt(5), onChain.Registered);
        Assert.True(onChain.Registered!.IsFinal);

        var early = await Assert.ThrowsAsync<AdjudicatorRevertException>(() => alice.WithdrawAllAsync(game.Fixed, onChain));
        Assert.IsType<ChannelNotFinalizedError>(early.Error);
        await chain.AdvanceAsync(301);
        onChain = await alice.ReadChannelAsync(game.Fixed, Game.App);
        Assert.Equal(OnChainPhase.Finalized, onChain.Phase);
        var before = await alice.BalanceAsync(Address.Zero);
        var withdrawal = await bob.WithdrawAllAsync(game.Fixed, onChain);
        Assert.Equal(before + Stake * (UInt256)2UL, await alice.BalanceAsync(Address.Zero));
        output.WriteLine($"gas: withdrawAll after timeout {withdrawal.Receipt.GasUsed}");
    }

    [Fact]
    public async Task A_stale_challenge_is_refused_with_its_custom_error_and_a_checkpoint_clears_a_challenge()
    {
        var (game, alice, bob) = await NewGameAsync();
        await FundAsync(game, alice, bob);
        game.Play(4);
        game.Play(0);
        await bob.ChallengeAsync(game.Proof(1));
        var stale = await Assert.ThrowsAsync<AdjudicatorRevertException>(() => alice.ChallengeAsync(game.Proof(0)));
        Assert.Equal(new StaleTurnNumError(1, 0), stale.Error);
        Assert.Equal("challenge", stale.Function);
        Assert.False(Assert.IsType<Chain.TransactionRevertedException>(stale.InnerException).WasMined);

        var checkpoint = await alice.CheckpointAsync(game.Proof(2));
        output.WriteLine($"gas: checkpoint of a fully signed state clearing a challenge {checkpoint.Receipt.GasUsed}");
        Assert.Equal(2UL, Assert.Single(checkpoint.EventsOf<CheckpointedEvent>()).TurnNumRecord);
        var onChain = await alice.ReadChannelAsync(game.Fixed, Game.App, turn => game.StateAt(turn));
        Assert.Equal(OnChainPhase.Open, onChain.Phase);
        Assert.Equal(game.StateAt(2), onChain.Registered);

        var mismatch = await Assert.ThrowsAsync<AdjudicatorRevertException>(() => alice.DepositAsync(game.Id, Address.Zero, 1UL, FundingDeadline, expectedHeld: 5UL));
        Assert.Equal(new HoldingsMismatchError(Stake * (UInt256)2UL, 5UL), mismatch.Error);
    }

    [Fact]
    public async Task A_channel_whose_funding_never_completes_is_reclaimed_after_the_deadline()
    {
        var (game, alice, _) = await NewGameAsync();
        var deadline = await chain.NowAsync() + 1_000;
        await alice.DepositShareAsync(game.Id, game.Funding, 0, deadline);
        var early = await Assert.ThrowsAsync<AdjudicatorRevertException>(() => alice.ReclaimAsync(game.SignedByAll(0)));
        Assert.IsType<FundingDeadlineNotPassedError>(early.Error);

        await chain.AdvanceAsync(1_001);
        var reclaim = await alice.ReclaimAsync(game.SignedByAll(0));
        Assert.Single(reclaim.EventsOf<FundingReclaimedEvent>());
        var onChain = await alice.ReadChannelAsync(game.Fixed, Game.App, turn => turn == 0 ? game.StateAt(0) : null);
        Assert.Equal(OnChainPhase.Finalized, onChain.Phase);
        var before = await alice.BalanceAsync(Address.Zero);
        var payout = await alice.WithdrawAsync(game.Fixed, onChain, 0, 0);
        Assert.Equal(before + Stake - payout.Receipt.Fee, await alice.BalanceAsync(Address.Zero));
    }
}
