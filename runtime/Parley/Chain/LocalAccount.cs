using Parley.Crypto;

namespace Parley.Chain;

/// <summary>
/// A <see cref="TransactionSender"/> for an account whose private key Parley holds: it builds EIP-1559 transactions
/// (<see cref="Eip1559Transaction"/>), prices them with a <see cref="FeeEstimator"/>, numbers them with a
/// <see cref="NonceAllocator"/> (concurrent sends get consecutive nonces), signs them with Parley's secp256k1 signer and
/// submits them with <c>eth_sendRawTransaction</c>. Works against any EVM JSON-RPC endpoint.
/// </summary>
public sealed class LocalAccount : TransactionSender
{
    private readonly PrivateKey _key;

    /// <summary>Creates a sender signing with <paramref name="key"/> for chain <paramref name="chainId"/>.</summary>
    /// <param name="rpc">The node.</param>
    /// <param name="key">The account's key.</param>
    /// <param name="chainId">The EIP-155 chain id (see <see cref="ConnectAsync"/> to read it from the node).</param>
    /// <param name="options">Gas margin, receipt polling, fees; null for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="rpc"/> or <paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public LocalAccount(JsonRpcClient rpc, PrivateKey key, ulong chainId, TransactionSenderOptions? options = null)
        : base(rpc, (key ?? throw new ArgumentNullException(nameof(key))).Address, options)
    {
        _key = key;
        ChainId = chainId;
        Nonces = new NonceAllocator(rpc, Address);
        Fees = new FeeEstimator(rpc, Options.Fees);
    }

    /// <summary>Creates a sender for the chain <paramref name="rpc"/> serves (reads <c>eth_chainId</c>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="rpc"/> or <paramref name="key"/> is null.</exception>
    /// <exception cref="JsonRpcException">The node answered with an error.</exception>
    public static async Task<LocalAccount> ConnectAsync(JsonRpcClient rpc, PrivateKey key, TransactionSenderOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        ArgumentNullException.ThrowIfNull(key);
        return new LocalAccount(rpc, key, await rpc.ChainIdAsync(cancellationToken).ConfigureAwait(false), options);
    }

    /// <summary>The chain id transactions are signed for.</summary>
    public ulong ChainId { get; }

    /// <summary>The account's nonce allocator.</summary>
    public NonceAllocator Nonces { get; }

    /// <summary>The fee estimator.</summary>
    public FeeEstimator Fees { get; }

    /// <summary>Signs a transaction with this account's key (no RPC): for callers that build transactions themselves.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="transaction"/> is null.</exception>
    /// <exception cref="ArgumentException">The transaction is for another chain.</exception>
    public SignedEip1559Transaction Sign(Eip1559Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (transaction.ChainId != ChainId)
        {
            throw new ArgumentException($"The transaction is for chain {transaction.ChainId}; this account signs for chain {ChainId}.", nameof(transaction));
        }
        return transaction.Sign(_key);
    }

    /// <inheritdoc/>
    protected override async Task<(Bytes32 Hash, ulong? Nonce)> SubmitCoreAsync(TransactionCall call, ulong gasLimit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var fees = await Fees.EstimateAsync(cancellationToken).ConfigureAwait(false);
        var (nonce, hash) = await Nonces.SubmitAsync(async nonce =>
        {
            var transaction = new Eip1559Transaction(ChainId, nonce, fees.MaxPriorityFeePerGas, fees.MaxFeePerGas, gasLimit, call.To, call.Value,
                call.Data.Span);
            var signed = transaction.Sign(_key);
            var hash = await Rpc.SendRawTransactionAsync(signed.Encode(), cancellationToken).ConfigureAwait(false);
            if (hash != signed.Hash)
            {
                throw new RpcFormatException("eth_sendRawTransaction", $"the node reports hash {hash} for a transaction whose hash is {signed.Hash}");
            }
            return hash;
        }, cancellationToken).ConfigureAwait(false);
        return (hash, nonce);
    }

    /// <inheritdoc/>
    public override string ToString() => $"local account {Address} on chain {ChainId}";
}
