using Parley.Chain;
using Parley.Contracts;

namespace Parley.Settlement;

/// <summary>A deposit made by <see cref="ChainService"/>: the deposit transaction and, for an ERC-20 token, the
/// <c>approve</c> that preceded it (null when the allowance sufficed, and for ETH).</summary>
/// <param name="Asset">The asset (<see cref="AdjudicatorAbi.EthAsset"/> for ETH).</param>
/// <param name="Amount">The amount deposited, in wei or token base units.</param>
/// <param name="Deposit">The deposit's receipt and its <c>Deposited</c> event.</param>
/// <param name="Approval">The approval's receipt, if one was needed.</param>
public sealed record DepositResult(Address Asset, UInt256 Amount, AdjudicatorReceipt Deposit, TransactionReceipt? Approval)
{
    /// <summary>The gas used by the deposit and the approval together.</summary>
    public ulong GasUsed => Deposit.Receipt.GasUsed + (Approval?.GasUsed ?? 0);

    /// <summary>The channel's holdings of the asset after the deposit (from its <c>Deposited</c> event).</summary>
    public UInt256 HoldingsAfter => Deposit.EventsOf<DepositedEvent>().Single().Holdings;
}
