using Parley.Chain;
using Parley.Channels;

namespace Parley.Contracts;

/// <summary>A mined adjudicator transaction: its receipt and the adjudicator events it emitted, decoded.</summary>
/// <param name="Receipt">The receipt (gas used, block, raw logs).</param>
/// <param name="Events">The adjudicator's events in the transaction, in order.</param>
public sealed record AdjudicatorReceipt(TransactionReceipt Receipt, IReadOnlyList<AdjudicatorEvent> Events)
{
    /// <summary>The events of type <typeparamref name="T"/>, in order.</summary>
    public IEnumerable<T> EventsOf<T>() where T : AdjudicatorEvent => Events.OfType<T>();
}

/// <summary>
/// A typed client for one deployed adjudicator over a <see cref="JsonRpcClient"/>: view calls (<c>eth_call</c>), and
/// transactions sent with <c>eth_sendTransaction</c> from accounts the node holds the keys of (anvil's unlocked dev
/// accounts). Calldata comes from <see cref="AdjudicatorAbi"/>, events are decoded by <see cref="AdjudicatorEvents"/>,
/// reverts by <see cref="AdjudicatorErrors"/>.
/// </summary>
/// <remarks>
/// Every transaction is estimated first (<c>eth_estimateGas</c>): one that would revert is raised as
/// <see cref="AdjudicatorRevertException"/> with the decoded revert data, and nothing is sent. Signing transactions locally and watching
/// the chain belong to Parley's chain client; this class is the contract binding underneath.
/// </remarks>
public sealed class AdjudicatorClient
{
    /// <summary>Creates a client for the adjudicator at <paramref name="address"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="rpc"/> is null.</exception>
    public AdjudicatorClient(JsonRpcClient rpc, Address address)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        Rpc = rpc;
        Address = address;
    }

    /// <summary>The JSON-RPC client.</summary>
    public JsonRpcClient Rpc { get; }

    /// <summary>The adjudicator's address.</summary>
    public Address Address { get; }

    /// <summary>Deploys the adjudicator compiled into Parley (<see cref="ContractArtifact.Load"/>) from <paramref name="from"/>.</summary>
    /// <returns>A client for the new contract and the deployment's receipt.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rpc"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The deployment failed.</exception>
    /// <exception cref="JsonRpcException">The node refused the transaction.</exception>
    public static async Task<(AdjudicatorClient Client, TransactionReceipt Receipt)> DeployAsync(JsonRpcClient rpc, Address from,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        var artifact = ContractArtifact.Load(AdjudicatorAbi.ContractName);
        var hash = await rpc.SendTransactionAsync(new TransactionRequest(from, Data: artifact.Bytecode), cancellationToken).ConfigureAwait(false);
        var receipt = await rpc.WaitForReceiptAsync(hash, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!receipt.Succeeded || receipt.ContractAddress is not { } address)
        {
            throw new InvalidOperationException($"Deploying the adjudicator failed (transaction {hash}, gas used {receipt.GasUsed}).");
        }
        return (new AdjudicatorClient(rpc, address), receipt);
    }

    // ------------------------------------------------------------------ views

    /// <summary>The channel's status word, unpacked (<c>statusOf</c>).</summary>
    /// <exception cref="JsonRpcException">The node answered with an error.</exception>
    public async Task<ChannelStatus> StatusAsync(Bytes32 channelId, CancellationToken cancellationToken = default) =>
        AdjudicatorAbi.DecodeStatusOf(await Rpc.CallAsync(Address, AdjudicatorAbi.EncodeStatusOf(channelId), cancellationToken: cancellationToken).ConfigureAwait(false));

    /// <summary>What the channel holds of <paramref name="asset"/> and its funding deadline (<c>holdings</c>).</summary>
    /// <exception cref="JsonRpcException">The node answered with an error.</exception>
    public async Task<ChannelHoldings> HoldingsAsync(Bytes32 channelId, Address asset, CancellationToken cancellationToken = default) =>
        AdjudicatorAbi.DecodeHoldings(await Rpc.CallAsync(Address, AdjudicatorAbi.EncodeHoldings(channelId, asset), cancellationToken: cancellationToken).ConfigureAwait(false));

    // ------------------------------------------------------------------ transactions

    /// <summary>Deposits <paramref name="amount"/> wei (<c>depositETH</c>).</summary>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused it (e.g. <see cref="HoldingsMismatchError"/>).</exception>
    public Task<AdjudicatorReceipt> DepositEthAsync(Address from, Bytes32 channelId, UInt256 expectedHeld, UInt256 amount, ulong fundingDeadline,
        CancellationToken cancellationToken = default) =>
        SendAsync(from, "depositETH", AdjudicatorAbi.EncodeDepositEth(channelId, expectedHeld, fundingDeadline), amount, cancellationToken);

    /// <summary>Deposits <paramref name="amount"/> of <paramref name="token"/> (<c>depositERC20</c>; approve the adjudicator first).</summary>
    /// <exception cref="AdjudicatorRevertException">The adjudicator or the token refused it.</exception>
    public Task<AdjudicatorReceipt> DepositErc20Async(Address from, Bytes32 channelId, Address token, UInt256 expectedHeld, UInt256 amount,
        ulong fundingDeadline, CancellationToken cancellationToken = default) =>
        SendAsync(from, "depositERC20", AdjudicatorAbi.EncodeDepositErc20(channelId, token, expectedHeld, amount, fundingDeadline), null, cancellationToken);

    /// <summary>Finalizes an incompletely funded channel with its pre-fund state after the funding deadline (<c>reclaim</c>).</summary>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused it.</exception>
    public Task<AdjudicatorReceipt> ReclaimAsync(Address from, SignedState prefundState, CancellationToken cancellationToken = default) =>
        SendAsync(from, "reclaim", AdjudicatorAbi.EncodeReclaim(prefundState), null, cancellationToken);

    /// <summary>Registers the state <paramref name="proof"/> supports and starts the challenge window (<c>challenge</c>).</summary>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused it.</exception>
    public Task<AdjudicatorReceipt> ChallengeAsync(Address from, SupportProof proof, CancellationToken cancellationToken = default) =>
        SendAsync(from, "challenge", AdjudicatorAbi.EncodeChallenge(proof), null, cancellationToken);

    /// <summary>Records the newer state <paramref name="proof"/> supports, clearing any challenge (<c>checkpoint</c>).</summary>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused it.</exception>
    public Task<AdjudicatorReceipt> CheckpointAsync(Address from, SupportProof proof, CancellationToken cancellationToken = default) =>
        SendAsync(from, "checkpoint", AdjudicatorAbi.EncodeCheckpoint(proof), null, cancellationToken);

    /// <summary>Answers a running challenge on <paramref name="registered"/> with <paramref name="move"/> (<c>progress</c>).</summary>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused it (e.g. <see cref="ActionRejectedError"/>).</exception>
    public Task<AdjudicatorReceipt> ProgressAsync(Address from, FixedPart fixedPart, VariablePart registered, Move move,
        CancellationToken cancellationToken = default) =>
        SendAsync(from, "progress", AdjudicatorAbi.EncodeProgress(fixedPart, registered, move), null, cancellationToken);

    /// <summary>Concludes the channel with a final state signed by every participant (<c>conclude</c>).</summary>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused it.</exception>
    public Task<AdjudicatorReceipt> ConcludeAsync(Address from, SignedState finalState, CancellationToken cancellationToken = default) =>
        SendAsync(from, "conclude", AdjudicatorAbi.EncodeConclude(finalState), null, cancellationToken);

    /// <summary>Concludes and pays every participant in one transaction (<c>concludeAndWithdraw</c>).</summary>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused it, or a payment failed.</exception>
    public Task<AdjudicatorReceipt> ConcludeAndWithdrawAsync(Address from, SignedState finalState, CancellationToken cancellationToken = default) =>
        SendAsync(from, "concludeAndWithdraw", AdjudicatorAbi.EncodeConcludeAndWithdraw(finalState), null, cancellationToken);

    /// <summary>Pays one participant its share of one asset of the finalized channel (<c>withdraw</c>).</summary>
    /// <param name="from">The sender (anyone; the money goes to the participant).</param>
    /// <param name="fixedPart">The channel.</param>
    /// <param name="registered">The registered state with its outcome less what was already paid.</param>
    /// <param name="assetIndex">The asset's index in the outcome.</param>
    /// <param name="participantIndex">The participant.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused it, or the payment failed.</exception>
    public Task<AdjudicatorReceipt> WithdrawAsync(Address from, FixedPart fixedPart, VariablePart registered, int assetIndex, int participantIndex,
        CancellationToken cancellationToken = default) =>
        SendAsync(from, "withdraw", AdjudicatorAbi.EncodeWithdraw(fixedPart, registered, assetIndex, participantIndex), null, cancellationToken);

    /// <summary>Pays every participant its share of every asset of the finalized channel (<c>withdrawAll</c>).</summary>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused it, or a payment failed.</exception>
    public Task<AdjudicatorReceipt> WithdrawAllAsync(Address from, FixedPart fixedPart, VariablePart registered, CancellationToken cancellationToken = default) =>
        SendAsync(from, "withdrawAll", AdjudicatorAbi.EncodeWithdrawAll(fixedPart, registered), null, cancellationToken);

    /// <summary>
    /// Sends <paramref name="calldata"/> to the adjudicator from <paramref name="from"/> with <paramref name="value"/>
    /// wei, waits for the receipt and decodes the adjudicator's events.
    /// </summary>
    /// <param name="from">An account the node holds the key of.</param>
    /// <param name="function">The function's name, for messages.</param>
    /// <param name="calldata">The calldata (see <see cref="AdjudicatorAbi"/>).</param>
    /// <param name="value">The value in wei, or null.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <exception cref="AdjudicatorRevertException">The call would revert (decoded; nothing is sent), or the mined transaction failed.</exception>
    /// <exception cref="JsonRpcException">The node refused the transaction for another reason.</exception>
    public async Task<AdjudicatorReceipt> SendAsync(Address from, string function, byte[] calldata, UInt256? value = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(calldata);
        var request = new TransactionRequest(from, Address, value, calldata);
        try
        {
            // Estimating first surfaces a revert with its data (a node may otherwise mine the failing transaction).
            await Rpc.EstimateGasAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonRpcException e) when (e.IsExecutionReverted)
        {
            throw new AdjudicatorRevertException(function, AdjudicatorErrors.Decode(e.RevertData ?? []), e);
        }
        var hash = await Rpc.SendTransactionAsync(request, cancellationToken).ConfigureAwait(false);
        var receipt = await Rpc.WaitForReceiptAsync(hash, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!receipt.Succeeded)
        {
            throw new AdjudicatorRevertException(function, new UnknownRevertError([]));
        }
        return new AdjudicatorReceipt(receipt, AdjudicatorEvents.DecodeAll(receipt.Logs, Address));
    }
}
