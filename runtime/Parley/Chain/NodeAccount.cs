namespace Parley.Chain;

/// <summary>
/// A <see cref="TransactionSender"/> for an account whose key the node holds: transactions go through
/// <c>eth_sendTransaction</c> and the node picks the nonce and fees (anvil's unlocked dev accounts; never a production
/// node).
/// </summary>
public sealed class NodeAccount : TransactionSender
{
    /// <summary>Creates a sender for <paramref name="address"/>, which <paramref name="rpc"/>'s node must hold the key of.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="rpc"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public NodeAccount(JsonRpcClient rpc, Address address, TransactionSenderOptions? options = null)
        : base(rpc, address, options)
    {
    }

    /// <inheritdoc/>
    protected override async Task<(Bytes32 Hash, ulong? Nonce)> SubmitCoreAsync(TransactionCall call, ulong gasLimit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var hash = await Rpc.SendTransactionAsync(call.ToRequest(Address, gasLimit), cancellationToken).ConfigureAwait(false);
        return (hash, null);
    }

    /// <inheritdoc/>
    public override string ToString() => $"node account {Address}";
}
