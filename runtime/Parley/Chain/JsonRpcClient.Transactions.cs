using System.Text.Json;

namespace Parley.Chain;

// Sending transactions from node-held accounts and reading their receipts.
public sealed partial class JsonRpcClient
{
    /// <summary>
    /// <c>eth_sendTransaction</c>: asks the node to sign and submit <paramref name="transaction"/> with the key of
    /// <see cref="TransactionRequest.From"/>, which the node must hold (anvil's dev accounts are unlocked). Returns the
    /// transaction hash; the transaction may not be mined yet (see <see cref="WaitForReceiptAsync"/>).
    /// </summary>
    /// <remarks>
    /// A transaction that would revert is <b>not</b> refused: anvil 1.7.1 (like geth) fills in the missing gas limit
    /// with a gas estimate that ignores the revert and mines the transaction with <c>status</c> 0 and no revert data.
    /// To learn why a call would revert, run <see cref="EstimateGasAsync"/> or <see cref="CallAsync(TransactionRequest, BlockTag, CancellationToken)"/> first (their
    /// errors carry <see cref="JsonRpcException.RevertData"/>), or send through a <see cref="TransactionSender"/>, which
    /// does so and turns a revert into a <see cref="TransactionRevertedException"/>.
    /// </remarks>
    /// <exception cref="JsonRpcException">The node refused it (unknown sender, insufficient funds, a nonce already used).</exception>
    /// <exception cref="RpcFormatException">The answer is not a 32-byte hash.</exception>
    public async Task<Bytes32> SendTransactionAsync(TransactionRequest transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var result = await SendAsync("eth_sendTransaction", Params(transaction.ToJson()), cancellationToken).ConfigureAwait(false);
        return RpcData.ParseBytes32(RpcFields.AsString(result, "eth_sendTransaction"), "eth_sendTransaction");
    }

    /// <summary>
    /// <c>eth_sendRawTransaction</c>: submits a transaction signed locally (see <see cref="SignedEip1559Transaction"/>)
    /// and returns its hash as the node computed it. The transaction may not be mined yet (see
    /// <see cref="WaitForReceiptAsync"/>); like <see cref="SendTransactionAsync"/>, a transaction that will revert is
    /// accepted and mined with <c>status</c> 0.
    /// </summary>
    /// <param name="rawTransaction">The raw transaction: the EIP-2718 envelope (type byte ‖ payload) or a legacy RLP list.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="ArgumentException"><paramref name="rawTransaction"/> is empty.</exception>
    /// <exception cref="JsonRpcException">The node refused it: <c>nonce too low</c>, <c>already known</c>, <c>replacement
    /// transaction underpriced</c>, <c>insufficient funds</c>, <c>max fee per gas less than block base fee</c>, a chain id
    /// or signature it does not accept…</exception>
    /// <exception cref="RpcFormatException">The answer is not a 32-byte hash.</exception>
    public async Task<Bytes32> SendRawTransactionAsync(ReadOnlyMemory<byte> rawTransaction, CancellationToken cancellationToken = default)
    {
        if (rawTransaction.IsEmpty)
        {
            throw new ArgumentException("A raw transaction cannot be empty.", nameof(rawTransaction));
        }
        var result = await SendAsync("eth_sendRawTransaction", Params(RpcData.Format(rawTransaction.Span)), cancellationToken).ConfigureAwait(false);
        return RpcData.ParseBytes32(RpcFields.AsString(result, "eth_sendRawTransaction"), "eth_sendRawTransaction");
    }

    /// <summary><c>eth_getTransactionByHash</c>: the transaction (pending or mined), or null when the node does not know
    /// it (never sent, dropped from the pool, or removed with its block).</summary>
    /// <exception cref="JsonRpcException">The node answered with an error.</exception>
    /// <exception cref="RpcFormatException">The transaction object is malformed.</exception>
    public async Task<TransactionInfo?> GetTransactionAsync(Bytes32 transactionHash, CancellationToken cancellationToken = default)
    {
        var result = await SendAsync("eth_getTransactionByHash", Params(RpcData.Format(transactionHash)), cancellationToken).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.Null ? null : TransactionInfo.FromJson(result, "eth_getTransactionByHash");
    }

    /// <summary><c>eth_getTransactionReceipt</c>: the receipt, or null while the transaction is not mined (or unknown).</summary>
    /// <exception cref="JsonRpcException">The node answered with an error.</exception>
    /// <exception cref="RpcFormatException">The receipt is malformed.</exception>
    public async Task<TransactionReceipt?> GetTransactionReceiptAsync(Bytes32 transactionHash, CancellationToken cancellationToken = default)
    {
        var result = await SendAsync("eth_getTransactionReceipt", Params(RpcData.Format(transactionHash)), cancellationToken).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.Null ? null : TransactionReceipt.FromJson(result, "eth_getTransactionReceipt");
    }

    /// <summary>
    /// Polls <c>eth_getTransactionReceipt</c> until the transaction is mined and returns its receipt, successful or
    /// not (check <see cref="TransactionReceipt.Succeeded"/>).
    /// </summary>
    /// <param name="transactionHash">The transaction.</param>
    /// <param name="timeout">How long to wait; 60 seconds by default.</param>
    /// <param name="pollInterval">The delay between polls; 50 ms by default (the first poll is immediate).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="TimeoutException">No receipt within <paramref name="timeout"/>.</exception>
    /// <exception cref="JsonRpcException">The node answered with an error.</exception>
    public async Task<TransactionReceipt> WaitForReceiptAsync(Bytes32 transactionHash, TimeSpan? timeout = null, TimeSpan? pollInterval = null,
        CancellationToken cancellationToken = default)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        var interval = pollInterval ?? TimeSpan.FromMilliseconds(50);
        var started = System.Diagnostics.Stopwatch.StartNew();
        for (;;)
        {
            if (await GetTransactionReceiptAsync(transactionHash, cancellationToken).ConfigureAwait(false) is { } receipt)
            {
                return receipt;
            }
            if (started.Elapsed >= limit)
            {
                throw new TimeoutException($"No receipt for transaction {transactionHash} after {limit.TotalSeconds:0.###} s.");
            }
            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
        }
    }
}
