using Parley.Contracts;
using Parley.Settlement;

namespace Parley.Nodes;

/// <summary>What <see cref="ParleyNode.CloseAsync"/> did on chain to pay out a concluded channel.</summary>
public enum ChannelCloseAction
{
    /// <summary>This node sent <c>concludeAndWithdraw</c> with the final state signed by all: one transaction paid every participant.</summary>
    ConcludedAndWithdrew = 1,

    /// <summary>The channel was already finalized on chain (concluded by another participant, or a challenge timed out);
    /// this node withdrew its own share with <c>withdraw</c>.</summary>
    Withdrew = 2,

    /// <summary>The channel was already finalized and this participant's share already paid (or zero): nothing was sent.</summary>
    AlreadyPaid = 3,
}

/// <summary>The result of <see cref="ParleyNode.CloseAsync"/>.</summary>
/// <param name="ChannelId">The channel.</param>
/// <param name="Action">What this node sent.</param>
/// <param name="Receipts">The receipts of the transactions this node sent, in order (gas used, block, events); empty for
/// <see cref="ChannelCloseAction.AlreadyPaid"/>.</param>
/// <param name="OnChain">The channel as the adjudicator holds it afterwards.</param>
public sealed record ChannelCloseResult(Bytes32 ChannelId, ChannelCloseAction Action, IReadOnlyList<AdjudicatorReceipt> Receipts, ChannelOnChain OnChain)
{
    /// <summary>The receipt of the last transaction sent, or null when none was sent.</summary>
    public AdjudicatorReceipt? Receipt => Receipts.Count == 0 ? null : Receipts[^1];

    /// <summary>The gas used by the transactions sent.</summary>
    public ulong GasUsed => Receipts.Aggregate(0UL, (sum, r) => sum + r.Receipt.GasUsed);
}
