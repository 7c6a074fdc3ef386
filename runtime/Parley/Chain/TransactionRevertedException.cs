using Parley.Contracts;

namespace Parley.Chain;

/// <summary>
/// A transaction reverted: either gas estimation showed it would (<see cref="WasMined"/> false; nothing was sent), or it
/// was mined with status 0 (<see cref="Receipt"/> set; its gas is spent). <see cref="RevertData"/> is the revert data
/// (from the estimate's error, or from replaying the call with <c>eth_call</c>), and <see cref="Error"/> decodes it:
/// Solidity's <c>Error(string)</c> and <c>Panic(uint256)</c>, or one of the adjudicator's custom errors
/// (<see cref="AdjudicatorErrors"/>), else <see cref="UnknownRevertError"/>.
/// </summary>
public sealed class TransactionRevertedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="from">The sender.</param>
    /// <param name="call">What the transaction did.</param>
    /// <param name="receipt">The receipt when it was mined; null when estimation refused it.</param>
    /// <param name="revertData">The revert data; null when it could not be obtained (the replay did not revert, or the
    /// node gave none).</param>
    /// <param name="innerException">The RPC error that carried the revert data, if any.</param>
    /// <exception cref="ArgumentNullException"><paramref name="call"/> is null.</exception>
    public TransactionRevertedException(Address from, TransactionCall call, TransactionReceipt? receipt, byte[]? revertData, Exception? innerException = null)
        : base(Describe(from, call, receipt, revertData, innerException), innerException)
    {
        ArgumentNullException.ThrowIfNull(call);
        From = from;
        Call = call;
        Receipt = receipt;
        RevertData = revertData;
        Error = AdjudicatorErrors.Decode(revertData ?? []);
    }

    /// <summary>The sender.</summary>
    public Address From { get; }

    /// <summary>What the transaction did.</summary>
    public TransactionCall Call { get; }

    /// <summary>The receipt (status 0) when the transaction was mined; null when it was refused before sending.</summary>
    public TransactionReceipt? Receipt { get; }

    /// <summary>Whether the transaction was mined (and its gas paid).</summary>
    public bool WasMined => Receipt is not null;

    /// <summary>The revert data (selector ‖ ABI-encoded arguments); empty for a bare <c>revert()</c>; null when unknown.</summary>
    public byte[]? RevertData { get; }

    /// <summary>The decoded revert.</summary>
    public AdjudicatorError Error { get; }

    private static string Describe(Address from, TransactionCall call, TransactionReceipt? receipt, byte[]? revertData, Exception? inner)
    {
        var target = call?.To is { } to ? $"to {to}" : "creating a contract";
        var what = receipt is null
            ? $"A transaction from {from} {target} would revert (not sent)"
            : $"Transaction {receipt.TransactionHash} from {from} {target} reverted in block {receipt.BlockNumber} (gas used {receipt.GasUsed})";
        var why = revertData is not null
            ? AdjudicatorErrors.Decode(revertData).Message
            : inner is JsonRpcException rpc
                ? $"no revert data ({rpc.RpcMessage})"
                : "no revert data (replaying the call did not revert: the state it depended on changed)";
        return $"{what}: {why}";
    }
}
