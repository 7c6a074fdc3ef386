using Parley.Contracts;
using Parley.Settlement;

namespace Parley.Nodes;

/// <summary>What a <see cref="ParleyNode"/> did by itself about funding (<see cref="ParleyNode.FundingEvent"/>); the
/// engine's events are on <see cref="ParleyNode.Events"/>, the watcher's on <see cref="Watcher.ChannelWatcher.EventRaised"/>.</summary>
/// <param name="Timestamp">When, by the local clock.</param>
/// <param name="ChannelId">The channel.</param>
public abstract record NodeFundingEvent(DateTimeOffset Timestamp, Bytes32 ChannelId);

/// <summary>This node deposited its share of one asset into the channel.</summary>
/// <param name="Timestamp">When it was mined (seen).</param>
/// <param name="ChannelId">The channel.</param>
/// <param name="Deposit">The deposit: asset, amount, receipt (gas), holdings after.</param>
/// <param name="FundingDeadline">The funding deadline the deposit named, unix seconds.</param>
public sealed record ShareDepositedEvent(DateTimeOffset Timestamp, Bytes32 ChannelId, DepositResult Deposit, ulong FundingDeadline)
    : NodeFundingEvent(Timestamp, ChannelId);

/// <summary>The channel holds every participant's share of every asset (fully funded).</summary>
/// <param name="Timestamp">When it was seen.</param>
/// <param name="ChannelId">The channel.</param>
/// <param name="Holdings">The holdings per asset, in the outcome's order.</param>
public sealed record ChannelFundedEvent(DateTimeOffset Timestamp, Bytes32 ChannelId, IReadOnlyList<ChannelHoldings> Holdings)
    : NodeFundingEvent(Timestamp, ChannelId);

/// <summary>Depositing this node's share (or waiting for full funding) failed; <see cref="ParleyNode.FundAsync"/> tries again.</summary>
/// <param name="Timestamp">When.</param>
/// <param name="ChannelId">The channel.</param>
/// <param name="Error">What failed (<see cref="FundingDeadlinePassedException"/>, <see cref="TimeoutException"/>,
/// <see cref="AdjudicatorRevertException"/>, a chain error…).</param>
public sealed record FundingFailedEvent(DateTimeOffset Timestamp, Bytes32 ChannelId, Exception Error) : NodeFundingEvent(Timestamp, ChannelId);
