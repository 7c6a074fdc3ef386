namespace Parley.Chain;

/// <summary>
/// Hands out the nonces of one account for transactions submitted concurrently from this process: submissions are
/// serialised (the nonce is taken, the transaction signed and handed to the node, then the next caller goes), so
/// nonces are consecutive and no gap forms. The next nonce is read from <c>eth_getTransactionCount(account,
/// "pending")</c> on first use and again after any failed submission (resync): a nonce another process used, a
/// transaction the node dropped, or a submission whose outcome is unknown (cancelled, timed out).
/// </summary>
/// <remarks>
/// A submission the node refuses for its nonce (<c>nonce too low</c>, <c>nonce too high</c>, <c>already known</c>,
/// <c>replacement transaction underpriced</c>) is retried with the resynced nonce, up to <see cref="MaxRetries"/>
/// times; any other failure is rethrown after marking the nonce for resync. Thread-safe.
/// </remarks>
public sealed class NonceAllocator
{
    /// <summary>How many times a submission refused for its nonce is retried with a resynced nonce: 3.</summary>
    public const int MaxRetries = 3;

    private readonly JsonRpcClient _rpc;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ulong? _next;

    /// <summary>Creates an allocator for <paramref name="account"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="rpc"/> is null.</exception>
    public NonceAllocator(JsonRpcClient rpc, Address account)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        _rpc = rpc;
        Account = account;
    }

    /// <summary>The account whose nonces are allocated.</summary>
    public Address Account { get; }

    /// <summary>How many times the nonce was (re)read from the node: on first use and after each failure.</summary>
    public int Resyncs { get; private set; }

    /// <summary>
    /// Runs <paramref name="submit"/> with the account's next nonce, alone (no other submission of this allocator runs
    /// meanwhile), and advances the nonce when it succeeds.
    /// </summary>
    /// <typeparam name="T">What the submission returns (usually the transaction hash).</typeparam>
    /// <param name="submit">Signs the transaction with the given nonce and hands it to the node; throws if the node
    /// refused it.</param>
    /// <param name="cancellationToken">Cancels waiting for the turn (and is passed on by the caller's submit).</param>
    /// <returns>The submission's result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="submit"/> is null.</exception>
    /// <exception cref="JsonRpcException">The node refused the transaction (after the retries, for nonce refusals).</exception>
    public async Task<T> SubmitAsync<T>(Func<ulong, Task<T>> submit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submit);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var nonce = _next ??= await ReadPendingCountAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    var result = await submit(nonce).ConfigureAwait(false);
                    _next = nonce + 1;
                    return result;
                }
                catch (JsonRpcException e) when (IsNonceRefusal(e) && attempt < MaxRetries)
                {
                    _next = null; // resync and retry
                }
                catch
                {
                    _next = null; // unknown outcome: resync on next use
                    throw;
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets the local nonce: the next submission reads it from the node again.</summary>
    public void Invalidate()
    {
        _gate.Wait();
        try
        {
            _next = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Whether the node refused a transaction because of its nonce (geth and anvil wordings).</summary>
    public static bool IsNonceRefusal(JsonRpcException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var m = e.RpcMessage;
        return m.Contains("nonce", StringComparison.OrdinalIgnoreCase)
            || m.Contains("already known", StringComparison.OrdinalIgnoreCase)
            || m.Contains("underpriced", StringComparison.OrdinalIgnoreCase);
    }

    private async Task<ulong> ReadPendingCountAsync(CancellationToken cancellationToken)
    {
        Resyncs++;
        return await _rpc.GetTransactionCountAsync(Account, BlockTag.Pending, cancellationToken).ConfigureAwait(false);
    }
}
