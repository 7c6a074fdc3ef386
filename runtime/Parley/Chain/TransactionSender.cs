namespace Parley.Chain;

/// <summary>
/// Sends transactions from one account and reports their outcome: <see cref="LocalAccount"/> signs EIP-1559
/// transactions with a key Parley holds (any EVM chain), <see cref="NodeAccount"/> asks the node to sign
/// (<c>eth_sendTransaction</c>; anvil's unlocked dev accounts). Both run the same pipeline:
/// </summary>
/// <remarks>
/// <list type="number">
/// <item><b>Gas.</b> Unless the call gives a gas limit, <c>eth_estimateGas</c> from this account, plus
/// <see cref="TransactionSenderOptions.GasMarginPercent"/>. Estimation executes the call, so a call that would revert is
/// refused here — <see cref="TransactionRevertedException"/> with the revert data, nothing sent.</item>
/// <item><b>Submit</b> (the subclass): sign and <c>eth_sendRawTransaction</c>, or <c>eth_sendTransaction</c>.</item>
/// <item><b>Wait</b> (<see cref="PendingTransaction.WaitAsync"/>): poll <c>eth_getTransactionReceipt</c>. A transaction
/// mined with status 0 (the state changed between estimate and inclusion, or the caller fixed the gas) is replayed with
/// <c>eth_call</c> — same sender, recipient, value, data and gas — on the state it ran on as nearly as the node allows:
/// the parent block's state when it was the block's first transaction, else the block's own state (which includes the
/// transactions before it; the failed one changed nothing but its sender's nonce and balance). The replay's revert data
/// is decoded into <see cref="TransactionRevertedException.Error"/>.</item>
/// </list>
/// Thread-safe: concurrent sends from one sender are allowed (a <see cref="LocalAccount"/> allocates their nonces).
/// </remarks>
public abstract class TransactionSender
{
    /// <summary>Creates a sender.</summary>
    /// <param name="rpc">The node.</param>
    /// <param name="address">The sending account.</param>
    /// <param name="options">Gas margin, receipt polling, fees; null for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="rpc"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    protected TransactionSender(JsonRpcClient rpc, Address address, TransactionSenderOptions? options)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        Options = options ?? new TransactionSenderOptions();
        Options.Validate();
        Rpc = rpc;
        Address = address;
    }

    /// <summary>The node transactions are sent to.</summary>
    public JsonRpcClient Rpc { get; }

    /// <summary>The sending account.</summary>
    public Address Address { get; }

    /// <summary>The options.</summary>
    public TransactionSenderOptions Options { get; }

    /// <summary>The account's balance in wei.</summary>
    /// <exception cref="JsonRpcException">The node answered with an error.</exception>
    public Task<UInt256> GetBalanceAsync(CancellationToken cancellationToken = default) => Rpc.GetBalanceAsync(Address, BlockTag.Latest, cancellationToken);

    /// <summary>Sends <paramref name="call"/>, waits until it is mined and returns the receipt.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="call"/> is null.</exception>
    /// <exception cref="TransactionRevertedException">It would revert (not sent), or it was mined and reverted.</exception>
    /// <exception cref="JsonRpcException">The node refused it (insufficient funds, …).</exception>
    /// <exception cref="TimeoutException">No receipt within <see cref="TransactionSenderOptions.ReceiptTimeout"/>.</exception>
    public async Task<TransactionReceipt> SendAsync(TransactionCall call, CancellationToken cancellationToken = default)
    {
        var pending = await SubmitAsync(call, cancellationToken).ConfigureAwait(false);
        return await pending.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Estimates the gas (unless given), submits <paramref name="call"/> and returns without waiting for it to be mined.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="call"/> is null.</exception>
    /// <exception cref="TransactionRevertedException">Gas estimation shows it would revert; nothing was sent.</exception>
    /// <exception cref="JsonRpcException">The node refused it.</exception>
    public async Task<PendingTransaction> SubmitAsync(TransactionCall call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        var gas = call.GasLimit ?? await EstimateGasAsync(call, cancellationToken).ConfigureAwait(false);
        var (hash, nonce) = await SubmitCoreAsync(call, gas, cancellationToken).ConfigureAwait(false);
        return new PendingTransaction(this, hash, call, gas, nonce);
    }

    /// <summary>The gas limit this sender would use for <paramref name="call"/>: the estimate plus the margin.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="call"/> is null.</exception>
    /// <exception cref="TransactionRevertedException">The call would revert.</exception>
    /// <exception cref="JsonRpcException">The node failed to estimate for another reason.</exception>
    public async Task<ulong> EstimateGasAsync(TransactionCall call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        ulong estimate;
        try
        {
            estimate = await Rpc.EstimateGasAsync(call.ToRequest(Address), cancellationToken).ConfigureAwait(false);
        }
        catch (JsonRpcException e) when (e.IsExecutionReverted)
        {
            throw new TransactionRevertedException(Address, call, null, e.RevertData ?? [], e);
        }
        return checked(estimate + estimate * (ulong)Options.GasMarginPercent / 100);
    }

    /// <summary>Signs (or has the node sign) and submits the transaction with the given gas limit.</summary>
    /// <param name="call">What to send.</param>
    /// <param name="gasLimit">The gas limit to use.</param>
    /// <param name="cancellationToken">Cancels the submission.</param>
    /// <returns>The transaction hash, and its nonce when this sender chose it.</returns>
    /// <exception cref="JsonRpcException">The node refused it.</exception>
    protected abstract Task<(Bytes32 Hash, ulong? Nonce)> SubmitCoreAsync(TransactionCall call, ulong gasLimit, CancellationToken cancellationToken);

    internal async Task<TransactionReceipt> WaitAsync(PendingTransaction pending, CancellationToken cancellationToken)
    {
        var receipt = await Rpc.WaitForReceiptAsync(pending.Hash, Options.ReceiptTimeout, Options.ReceiptPollInterval, cancellationToken).ConfigureAwait(false);
        if (receipt.Succeeded)
        {
            return receipt;
        }
        BlockTag replayAt = receipt.TransactionIndex == 0 && receipt.BlockNumber > 0 ? receipt.BlockNumber - 1 : receipt.BlockNumber;
        try
        {
            await Rpc.CallAsync(pending.Call.ToRequest(Address, pending.GasLimit), replayAt, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonRpcException e) when (e.IsExecutionReverted)
        {
            throw new TransactionRevertedException(Address, pending.Call, receipt, e.RevertData ?? [], e);
        }
        catch (JsonRpcException e)
        {
            throw new TransactionRevertedException(Address, pending.Call, receipt, null, e);
        }
        throw new TransactionRevertedException(Address, pending.Call, receipt, null);
    }
}
