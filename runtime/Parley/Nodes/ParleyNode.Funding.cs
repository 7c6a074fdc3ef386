using Parley.Channels;
using Parley.Contracts;
using Parley.Observers;
using Parley.Protocol;
using Parley.Settlement;

namespace Parley.Nodes;

public sealed partial class ParleyNode
{
    /// <summary>
    /// Deposits this node's share of every asset of the channel's pre-fund outcome, naming the channel's agreed funding
    /// deadline (<see cref="ChannelState.FundingDeadline"/>), in participant order (it waits until the participants before
    /// it have deposited), then waits until the channel is fully funded. Safe to repeat, and concurrent with the automatic
    /// deposit: one deposit task runs per channel, and a share already on chain is not deposited again (so after a restart
    /// nothing is paid twice). Waits first for the channel to be running.
    /// </summary>
    /// <param name="channelId">The channel.</param>
    /// <param name="cancellationToken">Cancels waiting (a transaction already sent is not recalled).</param>
    /// <returns>The deposits this call or the automatic deposit made (asset, amount, receipt with gas); empty when the share
    /// was already on chain.</returns>
    /// <exception cref="UnknownChannelException">This node has no such channel.</exception>
    /// <exception cref="FundingDeadlinePassedException">The funding deadline has passed on chain before this node's deposit.</exception>
    /// <exception cref="TimeoutException">The channel did not run, the earlier participants did not deposit, or the channel
    /// was not fully funded within <see cref="ParleyNodeOptions.StepTimeout"/>.</exception>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused a deposit (e.g. <see cref="FundingDeadlineMismatchError"/>).</exception>
    public async Task<IReadOnlyList<DepositResult>> FundAsync(Bytes32 channelId, CancellationToken cancellationToken = default)
    {
        GetChannel(channelId);
        await WaitForRunningAsync(channelId, cancellationToken).ConfigureAwait(false);
        var deposits = await DepositOnceAsync(channelId).WaitAsync(cancellationToken).ConfigureAwait(false);
        await WaitForFundingAsync(channelId, cancellationToken).ConfigureAwait(false);
        return deposits;
    }

    /// <summary>
    /// Waits until the channel holds the total of every asset of its outcome (every participant's share deposited).
    /// </summary>
    /// <param name="channelId">The channel.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The holdings per asset, in the outcome's order.</returns>
    /// <exception cref="UnknownChannelException">This node has no such channel.</exception>
    /// <exception cref="TimeoutException">Not fully funded within <see cref="ParleyNodeOptions.StepTimeout"/>.</exception>
    public async Task<IReadOnlyList<ChannelHoldings>> WaitForFundingAsync(Bytes32 channelId, CancellationToken cancellationToken = default)
    {
        // Every transition conserves each asset's total, so the latest outcome's totals are the funding.
        var outcome = GetChannel(channelId).Latest.Outcome;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        var holdings = await Chain.WaitForFundingAsync(channelId, outcome, _options.StepTimeout, stop.Token).ConfigureAwait(false);
        Raise(new ChannelFundedEvent(DateTimeOffset.UtcNow, channelId, holdings));
        return holdings;
    }

    private void StartAutoDeposits()
    {
        if (!_options.AutoDeposit)
        {
            return;
        }
        Events.EventPublished += OnEngineEvent;
        // Channels restored at turn 0 (the node stopped between the pre-fund signatures and its deposit).
        foreach (var id in Engine.ChannelIds)
        {
            ConsiderDeposit(id);
        }
    }

    private void OnEngineEvent(object? sender, ParleyEvent e)
    {
        // The channel reached Running at turn 0 (the pre-fund state signed by all). Deposit even if a move already
        // followed by the time this runs: a share already on chain is not deposited twice.
        if (e is ChannelOpenedEvent opened && !_stopping.IsCancellationRequested)
        {
            Track(AutoDepositAsync(opened.ChannelId));
        }
    }

    private void ConsiderDeposit(Bytes32 channelId)
    {
        if (!_stopping.IsCancellationRequested && Engine.GetChannel(channelId) is { Phase: ChannelPhase.Running, Latest.TurnNum: 0 })
        {
            Track(AutoDepositAsync(channelId));
        }
    }

    private async Task AutoDepositAsync(Bytes32 channelId)
    {
        try
        {
            await DepositOnceAsync(channelId).ConfigureAwait(false);
            await WaitForFundingAsync(channelId, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception) when (_stopping.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception)
        {
            // Reported as FundingFailedEvent by DepositOnceAsync, or a funding wait that timed out: FundAsync retries.
        }
    }

    /// <summary>The channel's deposit task: the running one, the completed one, or a new one after a failure.</summary>
    private Task<IReadOnlyList<DepositResult>> DepositOnceAsync(Bytes32 channelId)
    {
        lock (_deposits)
        {
            if (_deposits.TryGetValue(channelId, out var existing) && !existing.IsFaulted && !existing.IsCanceled)
            {
                return existing;
            }
            var task = DepositShareAsync(channelId); // yields at once: no chain work under the lock
            _deposits[channelId] = task;
            Track(task);
            return task;
        }
    }

    private async Task<IReadOnlyList<DepositResult>> DepositShareAsync(Bytes32 channelId)
    {
        await Task.Yield();
        try
        {
            var channel = GetChannel(channelId);
            var deadline = channel.FundingDeadline;
            var preFund = await PreFundOutcomeAsync(channel, _stopping.Token).ConfigureAwait(false);
            var now = await Chain.NowAsync(_stopping.Token).ConfigureAwait(false);
            if (now >= deadline)
            {
                // Nothing to do when the share is already in; else refuse: after the deadline the channel may be reclaimed.
                var missing = false;
                foreach (var asset in preFund.Assets)
                {
                    var before = asset.Balances.Take(channel.MyIndex + 1).Aggregate(UInt256.Zero, (sum, b) => checked(sum + b));
                    missing |= !asset.Balances[channel.MyIndex].IsZero
                        && (await Chain.HoldingsAsync(channelId, asset.Asset, _stopping.Token).ConfigureAwait(false)).Amount < before;
                }
                if (missing)
                {
                    throw new FundingDeadlinePassedException(channelId, deadline, now);
                }
            }
            var deposits = await Chain.DepositShareAsync(channelId, preFund, channel.MyIndex, deadline, _options.StepTimeout, _stopping.Token).ConfigureAwait(false);
            foreach (var deposit in deposits)
            {
                Raise(new ShareDepositedEvent(DateTimeOffset.UtcNow, channelId, deposit, deadline));
            }
            return deposits;
        }
        catch (Exception e) when (!_stopping.IsCancellationRequested)
        {
            Raise(new FundingFailedEvent(DateTimeOffset.UtcNow, channelId, e));
            throw;
        }
    }

    /// <summary>The pre-fund (turn 0) outcome: each participant's share to deposit.</summary>
    private async Task<Outcome> PreFundOutcomeAsync(ChannelState channel, CancellationToken cancellationToken)
    {
        if (channel.Latest.TurnNum == 0)
        {
            return channel.Latest.Outcome;
        }
        var preFund = (await _store.ReadLogAsync(channel.ChannelId, 0, 0, cancellationToken).ConfigureAwait(false)).SingleOrDefault();
        return preFund?.Outcome is { } encoded
            ? Outcome.Decode(encoded)
            : throw new Store.StoreException($"Channel {channel.ChannelId}: the store holds no pre-fund outcome.");
    }

    private void Track(Task task)
    {
        _background.TryAdd(task, 0);
        task.ContinueWith(t => _background.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
