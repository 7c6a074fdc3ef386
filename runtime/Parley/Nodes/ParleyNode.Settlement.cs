using Parley.Channels;
using Parley.Contracts;
using Parley.Engine;
using Parley.Protocol;
using Parley.Settlement;

namespace Parley.Nodes;

public sealed partial class ParleyNode
{
    /// <summary>
    /// Closes the channel and pays it out. Off chain first, when the channel is not concluded yet: on this node's turn it
    /// proposes the final state (<see cref="ChannelEngine.ConcludeAsync"/>); when a final state is already signed or
    /// pending it waits for every participant's countersignature. Then on chain: <c>concludeAndWithdraw</c> with the
    /// final state signed by all (one transaction pays every participant), or — when the channel is already finalized
    /// (another participant concluded first, or a challenge timed out) — <c>withdraw</c> of this participant's share,
    /// unless it is already paid.
    /// </summary>
    /// <param name="channelId">The channel.</param>
    /// <param name="cancellationToken">Cancels waiting (a transaction already sent is not recalled).</param>
    /// <returns>What was sent, the receipts (gas), and the channel's on-chain view afterwards.</returns>
    /// <exception cref="UnknownChannelException">This node has no such channel.</exception>
    /// <exception cref="ChannelRequestException">The channel cannot be concluded by this node now: it is not running yet
    /// (<see cref="RejectionReason.ChannelNotRunning"/>), or it is another participant's turn on a state that is not final
    /// (<see cref="RejectionReason.NotYourTurn"/>).</exception>
    /// <exception cref="TimeoutException">The other participants did not countersign the final state within <see cref="ParleyNodeOptions.StepTimeout"/>.</exception>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused the conclusion or the withdrawal.</exception>
    public async Task<ChannelCloseResult> CloseAsync(Bytes32 channelId, CancellationToken cancellationToken = default)
    {
        var channel = GetChannel(channelId);
        if (channel.Phase == ChannelPhase.Proposed)
        {
            throw new ChannelRequestException(channelId, new Rejection(RejectionReason.ChannelNotRunning, "The channel is not running yet: there is nothing to conclude."));
        }
        if (channel.Phase != ChannelPhase.Concluded)
        {
            if (!channel.Latest.IsFinal && channel.Pending is null)
            {
                try
                {
                    await Engine.ConcludeAsync(channelId, cancellationToken).ConfigureAwait(false);
                }
                catch (ChannelRequestException e) when (e.Reason is RejectionReason.StateIsFinal)
                {
                    // A final state arrived meanwhile: wait for its signatures below.
                }
            }
            channel = await WaitForAsync(channelId, s => s.Phase == ChannelPhase.Concluded, "concluded (final state signed by every participant)", cancellationToken)
                .ConfigureAwait(false);
        }
        var proof = await Engine.GetSupportProofAsync(channelId, cancellationToken).ConfigureAwait(false);
        var receipts = new List<AdjudicatorReceipt>();
        var view = await ReadOnChainAsync(channel, cancellationToken).ConfigureAwait(false);
        if (view.Phase != OnChainPhase.Finalized)
        {
            try
            {
                receipts.Add(await Chain.ConcludeAsync(proof.Base, withdraw: true, cancellationToken).ConfigureAwait(false));
                return new ChannelCloseResult(channelId, ChannelCloseAction.ConcludedAndWithdrew, receipts,
                    await ReadOnChainAsync(channel, cancellationToken).ConfigureAwait(false));
            }
            catch (AdjudicatorRevertException e) when (e.Error is ChannelFinalizedError)
            {
                // Another participant concluded first: withdraw below.
                view = await ReadOnChainAsync(channel, cancellationToken).ConfigureAwait(false);
            }
        }
        var outcome = view.OutcomeOnRecord
            ?? throw new InvalidOperationException($"Channel {channelId} is finalized on chain on turn {view.TurnNumRecord}, a state this node does not hold; it cannot quote the outcome to withdraw.");
        for (var asset = 0; asset < outcome.Assets.Length; asset++)
        {
            var holdings = await Chain.HoldingsAsync(channelId, outcome.Assets[asset].Asset, cancellationToken).ConfigureAwait(false);
            if (PayoutRule.Payouts(outcome, asset, holdings.Amount, channel.MyIndex)[channel.MyIndex].IsZero)
            {
                continue;
            }
            try
            {
                receipts.Add(await Chain.WithdrawAsync(channel.FixedPart, view, asset, channel.MyIndex, cancellationToken).ConfigureAwait(false));
            }
            catch (AdjudicatorRevertException e) when (e.Error is NothingToWithdrawError)
            {
                // The watcher (or another process with this key) withdrew it meanwhile.
            }
            view = await ReadOnChainAsync(channel, cancellationToken).ConfigureAwait(false);
            outcome = view.OutcomeOnRecord ?? outcome;
        }
        return new ChannelCloseResult(channelId, receipts.Count == 0 ? ChannelCloseAction.AlreadyPaid : ChannelCloseAction.Withdrew, receipts, view);
    }

    /// <summary>
    /// Challenges on chain with the support proof of the channel's latest supported state (<c>challenge</c>): the state is
    /// registered and the challenge window (the channel's <c>challengeDuration</c>, chain time) starts. The watcher, when
    /// running, then follows the dispute (answers, withdraws once finalized).
    /// </summary>
    /// <param name="channelId">The channel.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The challenge's receipt (its <see cref="ChallengedEvent"/> carries the deadline).</returns>
    /// <exception cref="UnknownChannelException">This node has no such channel.</exception>
    /// <exception cref="Store.StoreException">The channel has no supported state to challenge with.</exception>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused it (e.g. <see cref="StaleTurnNumError"/> when
    /// the chain already holds this turn or a later one, <see cref="ChannelFinalizedError"/>).</exception>
    public async Task<AdjudicatorReceipt> ChallengeAsync(Bytes32 channelId, CancellationToken cancellationToken = default)
    {
        GetChannel(channelId);
        var proof = await Engine.GetSupportProofAsync(channelId, cancellationToken).ConfigureAwait(false);
        return await Chain.ChallengeAsync(proof, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The channel off chain (the engine's latest durable state) and on chain (the adjudicator's status, phase at chain
    /// time, registered state when known, and holdings of every asset of the outcome), read now.
    /// </summary>
    /// <param name="channelId">The channel.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>Both views.</returns>
    /// <exception cref="UnknownChannelException">This node has no such channel.</exception>
    /// <exception cref="Chain.JsonRpcException">The chain answered with an error.</exception>
    public async Task<NodeChannelStatus> GetStatusAsync(Bytes32 channelId, CancellationToken cancellationToken = default)
    {
        var channel = GetChannel(channelId);
        var view = await ReadOnChainAsync(channel, cancellationToken).ConfigureAwait(false);
        var holdings = new List<ChannelHoldings>();
        foreach (var asset in channel.Latest.Outcome.Assets)
        {
            holdings.Add(await Chain.HoldingsAsync(channelId, asset.Asset, cancellationToken).ConfigureAwait(false));
        }
        return new NodeChannelStatus(channel, view, holdings);
    }

    /// <summary>The adjudicator's view of the channel, with this node's latest state to recognise a concluded or checkpointed turn.</summary>
    private Task<ChannelOnChain> ReadOnChainAsync(ChannelState channel, CancellationToken cancellationToken)
    {
        var latest = channel.Latest;
        var known = new VariablePart(latest.AppData, latest.Outcome, latest.TurnNum, latest.IsFinal);
        return Chain.ReadChannelAsync(channel.FixedPart, channel.App, turn => turn == known.TurnNum ? known : null, cancellationToken);
    }
}
