using System.Numerics;
using Parley.Abi;
using Parley.Chain;
using Parley.Channels;
using Parley.Contracts;
using Parley.StateMachines;

namespace Parley.Settlement;

/// <summary>
/// One participant's on-chain operations on Parley's adjudicator, typed and async: fund a channel (ETH or ERC-20, with
/// <c>expectedHeld</c> read from the chain), wait for full funding, conclude (and withdraw), withdraw, reclaim,
/// challenge, checkpoint and progress; and read a channel back from the chain (<see cref="ReadChannelAsync"/>). Every
/// transaction goes through the participant's <see cref="TransactionSender"/> and returns its receipt (gas used, block,
/// decoded events); a revert is an <see cref="AdjudicatorRevertException"/> naming the adjudicator's custom error.
/// </summary>
/// <remarks>
/// Deposits follow the adjudicator's ordering rule: participant <c>i</c> deposits its share of an asset once the channel
/// holds the shares of participants <c>0..i-1</c>, with <c>expectedHeld</c> equal to that holding, so a deposit is never
/// made twice and never lands out of order. Thread-safe (transactions from one sender get consecutive nonces).
/// </remarks>
public sealed class ChainService
{
    /// <summary>Creates the service.</summary>
    /// <param name="sender">The participant's account (usually a <see cref="LocalAccount"/>).</param>
    /// <param name="adjudicator">The adjudicator.</param>
    /// <param name="clock">Chain time; null for a new <see cref="ChainClock"/> synced on each read.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="sender"/> or <paramref name="adjudicator"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public ChainService(TransactionSender sender, AdjudicatorClient adjudicator, ChainClock? clock = null, ChainServiceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(adjudicator);
        Options = options ?? new ChainServiceOptions();
        Options.Validate();
        Sender = sender;
        Adjudicator = adjudicator;
        Clock = clock ?? new ChainClock();
    }

    /// <summary>The participant's account.</summary>
    public TransactionSender Sender { get; }

    /// <summary>The participant's address.</summary>
    public Address Address => Sender.Address;

    /// <summary>The adjudicator.</summary>
    public AdjudicatorClient Adjudicator { get; }

    /// <summary>Chain time (synced by <see cref="ReadChannelAsync"/> and <see cref="NowAsync"/>).</summary>
    public ChainClock Clock { get; }

    /// <summary>The settings.</summary>
    public ChainServiceOptions Options { get; }

    private JsonRpcClient Rpc => Adjudicator.Rpc;

    // ------------------------------------------------------------------ reading

    /// <summary>The channel's status word.</summary>
    /// <exception cref="JsonRpcException">The node answered with an error.</exception>
    public Task<ChannelStatus> StatusAsync(Bytes32 channelId, CancellationToken cancellationToken = default) =>
        Adjudicator.StatusAsync(channelId, cancellationToken);

    /// <summary>What the channel holds of <paramref name="asset"/> (wei or token base units) and its funding deadline.</summary>
    /// <exception cref="JsonRpcException">The node answered with an error.</exception>
    public Task<ChannelHoldings> HoldingsAsync(Bytes32 channelId, Address asset, CancellationToken cancellationToken = default) =>
        Adjudicator.HoldingsAsync(channelId, asset, cancellationToken);

    /// <summary>The participant's balance of <paramref name="asset"/>: ETH in wei for <see cref="AdjudicatorAbi.EthAsset"/>,
    /// else the ERC-20 <c>balanceOf</c>.</summary>
    /// <exception cref="JsonRpcException">The node answered with an error (or the token reverted).</exception>
    public Task<UInt256> BalanceAsync(Address asset, CancellationToken cancellationToken = default) => BalanceOfAsync(asset, Address, cancellationToken);

    /// <summary>Chain time now (syncs <see cref="Clock"/> with the latest block), unix seconds.</summary>
    /// <exception cref="JsonRpcException">The node answered with an error.</exception>
    public async Task<ulong> NowAsync(CancellationToken cancellationToken = default)
    {
        await Clock.SyncAsync(Rpc, cancellationToken).ConfigureAwait(false);
        return Clock.NowSeconds;
    }

    /// <summary>
    /// The channel as the adjudicator holds it: the status word, the phase at chain time, and — from the channel's events
    /// since <see cref="ChainServiceOptions.FromBlock"/> — the registered state and what was paid since.
    /// </summary>
    /// <param name="fixedPart">The channel.</param>
    /// <param name="app">The channel's state machine, to re-execute <c>Progressed</c> moves with its reducer.</param>
    /// <param name="knownState">Optional: a state of the channel the caller holds, by turn number (for example from its
    /// store), used when the chain names a turn without carrying the state (<c>Concluded</c>, <c>Checkpointed</c>,
    /// <c>FundingReclaimed</c>). Accepted only if it matches the status fingerprint.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <exception cref="ArgumentNullException"><paramref name="fixedPart"/> or <paramref name="app"/> is null.</exception>
    /// <exception cref="JsonRpcException">The node answered with an error.</exception>
    public async Task<ChannelOnChain> ReadChannelAsync(FixedPart fixedPart, IStateMachineDefinition app, Func<ulong, VariablePart?>? knownState = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fixedPart);
        ArgumentNullException.ThrowIfNull(app);
        var channelId = fixedPart.ChannelId;
        var head = await Clock.SyncAsync(Rpc, cancellationToken).ConfigureAwait(false);
        // Status and events at the same block, so they agree even while new blocks arrive.
        var status = await Adjudicator.StatusAsync(channelId, head.Number, cancellationToken).ConfigureAwait(false);
        var logs = await Rpc.GetLogsAsync(new LogFilter(Options.FromBlock, head.Number, [Adjudicator.Address], [null, [channelId]]), cancellationToken)
            .ConfigureAwait(false);

        VariablePart? registered = null;
        var withdrawals = new List<WithdrawnEvent>();
        var moves = new List<OnChainMove>();
        (VariablePart State, Bytes32 Transaction)? challenge = null;
        ulong? lastBlock = null;
        foreach (var log in logs)
        {
            if (!AdjudicatorEvents.TryDecode(log, out var e))
            {
                continue;
            }
            lastBlock = log.BlockNumber;
            switch (e)
            {
                case ChallengedEvent c:
                    registered = c.State;
                    challenge = (c.State, log.TransactionHash);
                    withdrawals.Clear();
                    moves.Clear();
                    break;
                case ProgressedEvent p:
                    var before = registered;
                    registered = before is null ? null : Replay(fixedPart, app, before, p);
                    if (registered is null)
                    {
                        moves.Clear();
                    }
                    else
                    {
                        moves.Add(new OnChainMove(before!, p, registered, log.BlockNumber));
                    }
                    break;
                case CheckpointedEvent or ConcludedEvent or FundingReclaimedEvent:
                    var turn = e switch
                    {
                        CheckpointedEvent k => k.TurnNumRecord,
                        ConcludedEvent k => k.TurnNumRecord,
                        _ => 0UL,
                    };
                    registered = knownState?.Invoke(turn) is { } known && known.TurnNum == turn ? known : null;
                    challenge = null;
                    withdrawals.Clear();
                    moves.Clear();
                    break;
                case WithdrawnEvent w:
                    withdrawals.Add(w);
                    break;
            }
        }

        Outcome? onRecord = null;
        if (registered is not null)
        {
            try
            {
                onRecord = PayoutRule.AfterWithdrawals(registered.Outcome, withdrawals);
            }
            catch (ArgumentException)
            {
                onRecord = null;
            }
            // Trust the rebuilt state only if the adjudicator's fingerprint says it is the registered one.
            if (onRecord is null || registered.TurnNum != status.TurnNumRecord || !status.Matches(registered.WithOutcome(onRecord).StructHash(channelId)))
            {
                registered = null;
                onRecord = null;
            }
        }
        if (registered is null)
        {
            moves.Clear();
            challenge = null;
        }
        var now = head.Timestamp;
        var phase = status.FinalizesAt == 0 ? OnChainPhase.Open : now < status.FinalizesAt ? OnChainPhase.Challenged : OnChainPhase.Finalized;
        return new ChannelOnChain(channelId, status, phase, now, registered, onRecord, withdrawals, lastBlock)
        {
            Moves = moves,
            ChallengedState = challenge?.State,
            ChallengeTransaction = challenge?.Transaction,
        };
    }

    private static VariablePart? Replay(FixedPart fixedPart, IStateMachineDefinition app, VariablePart registered, ProgressedEvent progressed)
    {
        try
        {
            var mover = app.NextMover(registered.AppData.AsSpan(), registered.TurnNum);
            if (mover != progressed.MoverIndex)
            {
                return null;
            }
            var next = app.Reduce(registered.AppData.AsSpan(), registered.Outcome, progressed.Move.Action.AsSpan(), mover);
            var state = new VariablePart(next.AppData, next.Outcome, registered.TurnNum + 1, app.IsFinal(next.AppData));
            return state.TurnNum == progressed.TurnNumRecord && state.IsFinal == progressed.IsFinal && new State(fixedPart, state).IsSignedBy(mover, progressed.Move.Signature)
                ? state
                : null;
        }
        catch (ActionRejectedException)
        {
            return null; // the chain accepted what our reducer refuses: we cannot rebuild the state
        }
    }

    // ------------------------------------------------------------------ funding

    /// <summary>
    /// Deposits <paramref name="amount"/> of <paramref name="asset"/> into the channel. For an ERC-20 token the adjudicator
    /// is first approved for the amount when its allowance is short.
    /// </summary>
    /// <param name="channelId">The channel.</param>
    /// <param name="asset">The asset (<see cref="AdjudicatorAbi.EthAsset"/> for ETH).</param>
    /// <param name="amount">The amount, in wei or token base units.</param>
    /// <param name="fundingDeadline">The agreed funding deadline, unix seconds of chain time.</param>
    /// <param name="expectedHeld">The holdings expected before the deposit; null to read them from the chain now.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="amount"/> is zero.</exception>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused it (e.g. <see cref="HoldingsMismatchError"/>,
    /// <see cref="FundingDeadlineMismatchError"/>).</exception>
    /// <exception cref="TransactionRevertedException">The token's <c>approve</c> reverted.</exception>
    public async Task<DepositResult> DepositAsync(Bytes32 channelId, Address asset, UInt256 amount, ulong fundingDeadline, UInt256? expectedHeld = null,
        CancellationToken cancellationToken = default)
    {
        if (amount.IsZero)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), "A deposit must be more than zero.");
        }
        var held = expectedHeld ?? (await HoldingsAsync(channelId, asset, cancellationToken).ConfigureAwait(false)).Amount;
        if (asset.IsZero)
        {
            var receipt = await Adjudicator.DepositEthAsync(Sender, channelId, held, amount, fundingDeadline, cancellationToken).ConfigureAwait(false);
            return new DepositResult(asset, amount, receipt, null);
        }
        TransactionReceipt? approval = null;
        var allowance = (UInt256)(BigInteger)AbiCoder.Decode("(uint256)",
            await Rpc.CallAsync(asset, AbiCoder.EncodeFunctionCall("allowance(address,address)", Address, Adjudicator.Address), null, BlockTag.Latest, cancellationToken)
                .ConfigureAwait(false))[0]!;
        if (allowance < amount)
        {
            approval = await Sender.SendAsync(new TransactionCall(asset, AbiCoder.EncodeFunctionCall("approve(address,uint256)", Adjudicator.Address, amount)),
                cancellationToken).ConfigureAwait(false);
        }
        var deposit = await Adjudicator.DepositErc20Async(Sender, channelId, asset, held, amount, fundingDeadline, cancellationToken).ConfigureAwait(false);
        return new DepositResult(asset, amount, deposit, approval);
    }

    /// <summary>
    /// Deposits participant <paramref name="participantIndex"/>'s share of every asset of <paramref name="outcome"/> in
    /// turn: for each asset, waits until the channel holds the shares of the participants before it, then deposits the
    /// rest of its own (nothing if it is already there, so a repeated call after a restart deposits nothing twice).
    /// </summary>
    /// <param name="channelId">The channel.</param>
    /// <param name="outcome">The funding outcome (the pre-fund state's), one balance per participant.</param>
    /// <param name="participantIndex">The depositing participant.</param>
    /// <param name="fundingDeadline">The agreed funding deadline, unix seconds.</param>
    /// <param name="timeout">How long to wait for the participants before; null to wait until cancelled.</param>
    /// <param name="cancellationToken">Cancels waiting and the requests.</param>
    /// <returns>The deposits made (empty when every share was already in).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="outcome"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="participantIndex"/> names no balance of an asset.</exception>
    /// <exception cref="TimeoutException">The earlier participants did not deposit within <paramref name="timeout"/>.</exception>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused a deposit.</exception>
    public async Task<IReadOnlyList<DepositResult>> DepositShareAsync(Bytes32 channelId, Outcome outcome, int participantIndex, ulong fundingDeadline,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var deposits = new List<DepositResult>();
        var deadline = timeout is { } t ? DateTimeOffset.UtcNow + t : DateTimeOffset.MaxValue;
        foreach (var asset in outcome.Assets)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(participantIndex);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(participantIndex, asset.Balances.Length);
            var before = asset.Balances.Take(participantIndex).Aggregate(UInt256.Zero, (sum, b) => checked(sum + b));
            var mine = asset.Balances[participantIndex];
            if (mine.IsZero)
            {
                continue;
            }
            var target = checked(before + mine);
            for (;;)
            {
                var held = (await HoldingsAsync(channelId, asset.Asset, cancellationToken).ConfigureAwait(false)).Amount;
                if (held >= target)
                {
                    break; // already deposited
                }
                if (held >= before)
                {
                    deposits.Add(await DepositAsync(channelId, asset.Asset, target - held, fundingDeadline, held, cancellationToken).ConfigureAwait(false));
                    break;
                }
                if (DateTimeOffset.UtcNow >= deadline)
                {
                    throw new TimeoutException(
                        $"Channel {channelId} holds {held} of {asset.Asset} after {timeout!.Value.TotalSeconds:0.#} s; participant {participantIndex} deposits once it holds {before}.");
                }
                await Task.Delay(Options.FundingPollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
        return deposits;
    }

    /// <summary>Waits until the channel holds at least the total of every asset of <paramref name="outcome"/> (full funding).</summary>
    /// <param name="channelId">The channel.</param>
    /// <param name="outcome">The funding outcome.</param>
    /// <param name="timeout">How long to wait; null to wait until cancelled.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The holdings per asset, in the outcome's order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="outcome"/> is null.</exception>
    /// <exception cref="TimeoutException">Not fully funded within <paramref name="timeout"/>.</exception>
    public async Task<IReadOnlyList<ChannelHoldings>> WaitForFundingAsync(Bytes32 channelId, Outcome outcome, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var deadline = timeout is { } t ? DateTimeOffset.UtcNow + t : DateTimeOffset.MaxValue;
        for (;;)
        {
            var holdings = new List<ChannelHoldings>();
            var funded = true;
            foreach (var asset in outcome.Assets)
            {
                var h = await HoldingsAsync(channelId, asset.Asset, cancellationToken).ConfigureAwait(false);
                holdings.Add(h);
                funded &= h.Amount >= outcome.Total(asset.Asset);
            }
            if (funded)
            {
                return holdings;
            }
            if (DateTimeOffset.UtcNow >= deadline)
            {
                throw new TimeoutException($"Channel {channelId} is not fully funded after {timeout!.Value.TotalSeconds:0.#} s: holds {string.Join(", ", holdings.Select(h => h.Amount))} of {outcome}.");
            }
            await Task.Delay(Options.FundingPollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    // ------------------------------------------------------------------ closing

    /// <summary>Concludes the channel with a final state signed by every participant: <c>concludeAndWithdraw</c> (one
    /// transaction pays everyone) when <paramref name="withdraw"/> is true, else <c>conclude</c>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="finalState"/> is null.</exception>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused it (e.g. <see cref="StateNotFinalError"/>).</exception>
    public Task<AdjudicatorReceipt> ConcludeAsync(SignedState finalState, bool withdraw = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(finalState);
        return withdraw
            ? Adjudicator.ConcludeAndWithdrawAsync(Sender, finalState, cancellationToken)
            : Adjudicator.ConcludeAsync(Sender, finalState, cancellationToken);
    }

    /// <summary>Pays every participant its share of every asset of a finalized channel (<c>withdrawAll</c>), quoting the
    /// outcome on record (<see cref="ChannelOnChain.RegisteredOnRecord"/>).</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidOperationException">The registered state is not known.</exception>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused it (e.g. <see cref="ChannelNotFinalizedError"/>,
    /// <see cref="NothingToWithdrawError"/>).</exception>
    public Task<AdjudicatorReceipt> WithdrawAllAsync(FixedPart fixedPart, ChannelOnChain channel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fixedPart);
        ArgumentNullException.ThrowIfNull(channel);
        var registered = channel.RegisteredOnRecord
            ?? throw new InvalidOperationException($"The registered state of channel {channel.ChannelId} is not known; it cannot be quoted to withdraw.");
        return Adjudicator.WithdrawAllAsync(Sender, fixedPart, registered, cancellationToken);
    }

    /// <summary>Pays one participant its share of one asset (<c>withdraw</c>), quoting the outcome on record.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidOperationException">The registered state is not known.</exception>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused it.</exception>
    public Task<AdjudicatorReceipt> WithdrawAsync(FixedPart fixedPart, ChannelOnChain channel, int assetIndex, int participantIndex,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fixedPart);
        ArgumentNullException.ThrowIfNull(channel);
        var registered = channel.RegisteredOnRecord
            ?? throw new InvalidOperationException($"The registered state of channel {channel.ChannelId} is not known; it cannot be quoted to withdraw.");
        return Adjudicator.WithdrawAsync(Sender, fixedPart, registered, assetIndex, participantIndex, cancellationToken);
    }

    /// <summary>Finalizes an incompletely funded channel with its pre-fund state after the funding deadline (<c>reclaim</c>).</summary>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused it (e.g. <see cref="FundingDeadlineNotPassedError"/>).</exception>
    public Task<AdjudicatorReceipt> ReclaimAsync(SignedState prefundState, CancellationToken cancellationToken = default) =>
        Adjudicator.ReclaimAsync(Sender, prefundState, cancellationToken);

    // ------------------------------------------------------------------ disputes

    /// <summary>Registers the state <paramref name="proof"/> supports and starts the challenge window (<c>challenge</c>).</summary>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused it (e.g. <see cref="StaleTurnNumError"/>).</exception>
    public Task<AdjudicatorReceipt> ChallengeAsync(SupportProof proof, CancellationToken cancellationToken = default) =>
        Adjudicator.ChallengeAsync(Sender, proof, cancellationToken);

    /// <summary>Records the newer state <paramref name="proof"/> supports, clearing any challenge (<c>checkpoint</c>).</summary>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused it (e.g. <see cref="StaleTurnNumError"/>).</exception>
    public Task<AdjudicatorReceipt> CheckpointAsync(SupportProof proof, CancellationToken cancellationToken = default) =>
        Adjudicator.CheckpointAsync(Sender, proof, cancellationToken);

    /// <summary>Answers the running challenge on <paramref name="registered"/> with <paramref name="move"/> (<c>progress</c>).</summary>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused it (e.g. <see cref="ActionRejectedError"/>,
    /// <see cref="RegisteredStateMismatchError"/>).</exception>
    public Task<AdjudicatorReceipt> ProgressAsync(FixedPart fixedPart, VariablePart registered, Move move, CancellationToken cancellationToken = default) =>
        Adjudicator.ProgressAsync(Sender, fixedPart, registered, move, cancellationToken);

    private async Task<UInt256> BalanceOfAsync(Address asset, Address owner, CancellationToken cancellationToken)
    {
        if (asset.IsZero)
        {
            return await Rpc.GetBalanceAsync(owner, BlockTag.Latest, cancellationToken).ConfigureAwait(false);
        }
        var result = await Rpc.CallAsync(asset, AbiCoder.EncodeFunctionCall("balanceOf(address)", owner), null, BlockTag.Latest, cancellationToken)
            .ConfigureAwait(false);
        return (UInt256)(BigInteger)AbiCoder.Decode("(uint256)", result)[0]!;
    }
}
