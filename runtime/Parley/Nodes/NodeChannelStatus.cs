using Parley.Contracts;
using Parley.Protocol;
using Parley.Settlement;

namespace Parley.Nodes;

/// <summary>
/// A channel as one node sees it, off chain and on chain at once (<see cref="ParleyNode.GetStatusAsync"/>).
/// </summary>
/// <param name="OffChain">The engine's latest durable state of the channel: phase, latest supported state, this node's
/// index, the funding deadline.</param>
/// <param name="OnChain">The adjudicator's view at <see cref="ChannelOnChain.ChainTime"/>: status word, phase (open,
/// challenged, finalized), registered state and outcome on record when known.</param>
/// <param name="Holdings">What the adjudicator holds for the channel, one entry per asset of the channel's outcome, in
/// its order (wei or token base units, with the funding deadline the first deposit set).</param>
public sealed record NodeChannelStatus(ChannelState OffChain, ChannelOnChain OnChain, IReadOnlyList<ChannelHoldings> Holdings)
{
    /// <summary>The channel id.</summary>
    public Bytes32 ChannelId => OffChain.ChannelId;

    /// <summary>
    /// Whether the channel holds at least the total of every asset of its outcome (fully funded; the outcome's totals are
    /// conserved by every transition, so the latest state's totals are the funding).
    /// </summary>
    public bool IsFunded => OffChain.Latest.Outcome.Assets.Select((a, i) => Holdings[i].Amount >= OffChain.Latest.Outcome.Total(a.Asset)).All(f => f);
}
