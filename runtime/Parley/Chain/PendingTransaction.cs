namespace Parley.Chain;

/// <summary>A transaction handed to the node and not yet known to be mined; <see cref="WaitAsync"/> waits for it.</summary>
public sealed class PendingTransaction
{
    internal PendingTransaction(TransactionSender sender, Bytes32 hash, TransactionCall call, ulong gasLimit, ulong? nonce)
    {
        Sender = sender;
        Hash = hash;
        Call = call;
        GasLimit = gasLimit;
        Nonce = nonce;
    }

    /// <summary>Who sent it.</summary>
    public TransactionSender Sender { get; }

    /// <summary>The transaction hash.</summary>
    public Bytes32 Hash { get; }

    /// <summary>What it does.</summary>
    public TransactionCall Call { get; }

    /// <summary>The gas limit it was sent with.</summary>
    public ulong GasLimit { get; }

    /// <summary>Its nonce when Parley chose it (locally signed transactions); null when the node chose it.</summary>
    public ulong? Nonce { get; }

    /// <summary>
    /// Waits until the transaction is mined and returns its receipt; a mined transaction that failed is raised as
    /// <see cref="TransactionRevertedException"/> with the revert data recovered by replaying the call
    /// (see <see cref="TransactionSender"/>).
    /// </summary>
    /// <exception cref="TransactionRevertedException">The transaction was mined with status 0.</exception>
    /// <exception cref="TimeoutException">No receipt within <see cref="TransactionSenderOptions.ReceiptTimeout"/>.</exception>
    /// <exception cref="JsonRpcException">The node answered with an error.</exception>
    public Task<TransactionReceipt> WaitAsync(CancellationToken cancellationToken = default) => Sender.WaitAsync(this, cancellationToken);

    /// <inheritdoc/>
    public override string ToString() => $"{Hash} from {Sender.Address}{(Nonce is { } n ? $" (nonce {n})" : "")}: {Call}";
}
