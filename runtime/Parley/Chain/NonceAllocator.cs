namespace Parley.Chain;

/// <summary>
/// Hands out the nonces of one account for transactions submitted concurrently from this process: submissions are
/// serialised (the nonce is chosen, the transaction signed and handed to the node, then the next caller goes), so
/// nonces are consecutive and no gap forms.
/// </summary>
/// <remarks>
/// <para><b>Choosing the nonce.</b> The allocator keeps the next nonce locally and compares it, before each submission,
/// with <c>eth_getTransactionCount(account, "pending")</c> (which counts the node's pool):</para>
/// <list type="bullet">
/// <item>on first use, or when the node counts more (another process used the key), the node's count is taken;</item>
/// <item>when the node counts fewer, the local count is kept (the node may lag behind, e.g. behind a load balancer) —
/// unless the node no longer knows the last transaction submitted (<c>eth_getTransactionByHash</c> is null: it was
/// dropped from the pool, or removed with its block by a reorganisation or a dev chain's revert), in which case the
/// node's count is taken, so the next transaction fills the gap instead of waiting behind it forever.</item>
/// </list>
/// <para><b>Refusals.</b> A submission the node refuses for its nonce (<c>nonce too low</c>, <c>nonce too high</c>,
/// <c>already known</c>, <c>replacement transaction underpriced</c>) is retried with the node's count, up to
/// <see cref="MaxRetries"/> times; any other failure is rethrown, and the next submission starts from the node's
/// count. Thread-safe.</para>
/// </remarks>
public sealed class NonceAllocator
{
    /// <summary>How many times a submission refused for its nonce is retried with the node's count: 3.</summary>
    public const int MaxRetries = 3;

    private readonly JsonRpcClient _rpc;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ulong? _next;
    private Bytes32? _lastSubmitted;

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

    /// <summary>How many times the local nonce was set from the node's count: on first use, after a failure, and when
    /// the node's count showed another user of the key or a dropped transaction.</summary>
    public int Resyncs { get; private set; }

    /// <summary>
    /// Runs <paramref name="submit"/> with the account's next nonce, alone (no other submission of this allocator runs
    /// meanwhile), and advances the nonce when it succeeds.
    /// </summary>
    /// <param name="submit">Signs the transaction with the given nonce and hands it to the node, returning its hash;
    /// throws if the node refused it.</param>
    /// <param name="cancellationToken">Cancels waiting for the turn (the caller's submit should observe it too).</param>
    /// <returns>The nonce used and the transaction hash.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="submit"/> is null.</exception>
    /// <exception cref="JsonRpcException">The node refused the transaction (after the retries, for nonce refusals).</exception>
    public async Task<(ulong Nonce, Bytes32 Hash)> SubmitAsync(Func<ulong, Task<Bytes32>> submit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submit);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var nonce = await ChooseAsync(forceNode: attempt > 0, cancellationToken).ConfigureAwait(false);
                try
                {
                    var hash = await submit(nonce).ConfigureAwait(false);
                    _next = nonce + 1;
                    _lastSubmitted = hash;
                    return (nonce, hash);
                }
                catch (JsonRpcException e) when (IsNonceRefusal(e) && attempt < MaxRetries)
                {
                    // retry with the node's count
                }
                catch
                {
                    _next = null; // unknown outcome: take the node's count next time
                    throw;
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets the local nonce: the next submission takes the node's count.</summary>
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
    /// <exception cref="ArgumentNullException"><paramref name="e"/> is null.</exception>
    public static bool IsNonceRefusal(JsonRpcException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var m = e.RpcMessage;
        return m.Contains("nonce", StringComparison.OrdinalIgnoreCase)
            || m.Contains("already known", StringComparison.OrdinalIgnoreCase)
            || m.Contains("underpriced", StringComparison.OrdinalIgnoreCase);
    }

    private async Task<ulong> ChooseAsync(bool forceNode, CancellationToken cancellationToken)
    {
        var pending = await _rpc.GetTransactionCountAsync(Account, BlockTag.Pending, cancellationToken).ConfigureAwait(false);
        if (forceNode || _next is not { } local || pending > local)
        {
            return Take(pending);
        }
        if (pending < local && _lastSubmitted is { } last && await _rpc.GetTransactionAsync(last, cancellationToken).ConfigureAwait(false) is null)
        {
            return Take(pending); // our last transaction vanished: fill the gap
        }
        return local;
    }

    private ulong Take(ulong pending)
    {
        if (_next != pending)
        {
            Resyncs++;
        }
        _next = pending;
        return pending;
    }
}
