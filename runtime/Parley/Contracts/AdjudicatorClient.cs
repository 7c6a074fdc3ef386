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
/// A typed client for one deployed adjudicator over a <see cref="JsonRpcClient"/>: view calls (<c>eth_call</c>) and
/// transactions. Each transaction method comes in two forms: with a <see cref="TransactionSender"/> (a
/// <see cref="LocalAccount"/> signing EIP-1559 transactions with a key Parley holds — any chain — or a
/// <see cref="NodeAccount"/>), and with an <see cref="Address"/> the node holds the key of (anvil's unlocked dev
/// accounts; shorthand for a <see cref="NodeAccount"/>). Calldata comes from <see cref="AdjudicatorAbi"/>, events are
/// decoded by <see cref="AdjudicatorEvents"/>, reverts by <see cref="AdjudicatorErrors"/>.
/// </summary>
/// <remarks>
/// Every transaction is estimated first (<c>eth_estimateGas</c>): one that would revert is raised as
/// <see cref="AdjudicatorRevertException"/> with the decoded revert data, and nothing is sent. A transaction that
/// passes the estimate but reverts when mined (the chain changed in between) is raised the same way, its revert data
/// recovered by replaying the call (see <see cref="TransactionSender"/>); the inner exception is then a
/// <see cref="TransactionRevertedException"/> holding the receipt.
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

    /// <summary>Deploys the adjudicator compiled into Parley (<see cref="ContractArtifact.Load"/>) from the node-held account <paramref name="from"/>.</summary>
    /// <returns>A client for the new contract and the deployment's receipt.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rpc"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The deployment failed.</exception>
    /// <exception cref="JsonRpcException">The node refused the transaction.</exception>
    public static Task<(AdjudicatorClient Client, TransactionReceipt Receipt)> DeployAsync(JsonRpcClient rpc, Address from,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        return DeployAsync(new NodeAccount(rpc, from, FastPolling), cancellationToken);
    }

    /// <summary>Deploys the adjudicator compiled into Parley (<see cref="ContractArtifact.Load"/>) from <paramref name="sender"/>.</summary>
    /// <returns>A client for the new contract (on the sender's node) and the deployment's receipt.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sender"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The deployment reverted or created no contract.</exception>
    /// <exception cref="JsonRpcException">The node refused the transaction.</exception>
    public static async Task<(AdjudicatorClient Client, TransactionReceipt Receipt)> DeployAsync(TransactionSender sender,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sender);
        var artifact = ContractArtifact.Load(AdjudicatorAbi.ContractName);
        TransactionReceipt receipt;
        try
        {
            receipt = await sender.SendAsync(TransactionCall.Create(artifact.Bytecode), cancellationToken).ConfigureAwait(false);
        }
        catch (TransactionRevertedException e)
        {
            throw new InvalidOperationException($"Deploying the adjudicator failed: {e.Message}", e);
        }
        if (receipt.ContractAddress is not { } address)
        {
            throw new InvalidOperationException($"Deploying the adjudicator created no contract (transaction {receipt.TransactionHash}).");
        }
        return (new AdjudicatorClient(sender.Rpc, address), receipt);
    }

    // ------------------------------------------------------------------ views

    /// <summary>The channel's status word, unpacked (<c>statusOf</c>).</summary>
    /// <exception cref="JsonRpcException">The node answered with an error.</exception>
    public async Task<ChannelStatus> StatusAsync(Bytes32 channelId, CancellationToken cancellationToken = default) =>
        AdjudicatorAbi.DecodeStatusOf(await Rpc.CallAsync(Address, AdjudicatorAbi.EncodeStatusOf(channelId), cancellationToken: cancellationToken).ConfigureAwait(false));

    /// <summary>The channel's status word at block <paramref name="block"/> (<c>statusOf</c>).</summary>
    /// <exception cref="JsonRpcException">The node answered with an error.</exception>
    public async Task<ChannelStatus> StatusAsync(Bytes32 channelId, BlockTag block, CancellationToken cancellationToken = default) =>
        AdjudicatorAbi.DecodeStatusOf(await Rpc.CallAsync(Address, AdjudicatorAbi.EncodeStatusOf(channelId), null, block, cancellationToken).ConfigureAwait(false));

    /// <summary>What the channel holds of <paramref name="asset"/> and its funding deadline (<c>holdings</c>).</summary>
    /// <exception cref="JsonRpcException">The node answered with an error.</exception>
    public async Task<ChannelHoldings> HoldingsAsync(Bytes32 channelId, Address asset, CancellationToken cancellationToken = default) =>
        AdjudicatorAbi.DecodeHoldings(await Rpc.CallAsync(Address, AdjudicatorAbi.EncodeHoldings(channelId, asset), cancellationToken: cancellationToken).ConfigureAwait(false));

    /// <summary>The adjudicator's events about <paramref name="channelId"/> in blocks <paramref name="fromBlock"/> to
    /// <paramref name="toBlock"/> (inclusive), decoded, in chain order (<c>eth_getLogs</c> on topic 1).</summary>
    /// <exception cref="JsonRpcException">The node refused the query.</exception>
    /// <exception cref="Abi.AbiDecodingException">An adjudicator event is malformed.</exception>
    public async Task<IReadOnlyList<AdjudicatorEvent>> EventsAsync(Bytes32 channelId, BlockTag fromBlock, BlockTag toBlock = default,
        CancellationToken cancellationToken = default)
    {
        var logs = await Rpc.GetLogsAsync(new LogFilter(fromBlock, toBlock, [Address], [null, [channelId]]), cancellationToken).ConfigureAwait(false);
        return AdjudicatorEvents.DecodeAll(logs, Address);
    }

    // ------------------------------------------------------------------ transactions

    /// <summary>Deposits <paramref name="amount"/> wei (<c>depositETH</c>) from a node-held account.</summary>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused it (e.g. <see cref="HoldingsMismatchError"/>).</exception>
    public Task<AdjudicatorReceipt> DepositEthAsync(Address from, Bytes32 channelId, UInt256 expectedHeld, UInt256 amount, ulong fundingDeadline,
        CancellationToken cancellationToken = default) =>
        DepositEthAsync(Node(from), channelId, expectedHeld, amount, fundingDeadline, cancellationToken);

    /// <summary>Deposits <paramref name="amount"/> wei (<c>depositETH</c>).</summary>
    /// <param name="sender">The depositor.</param>
    /// <param name="channelId">The channel.</param>
    /// <param name="expectedHeld">The channel's ETH holdings the depositor expects before this deposit, in wei.</param>
    /// <param name="amount">The deposit, in wei (the transaction's value).</param>
    /// <param name="fundingDeadline">The agreed funding deadline, unix seconds.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused it (e.g. <see cref="HoldingsMismatchError"/>).</exception>
    public Task<AdjudicatorReceipt> DepositEthAsync(TransactionSender sender, Bytes32 channelId, UInt256 expectedHeld, UInt256 amount, ulong fundingDeadline,
        CancellationToken cancellationToken = default) =>
        SendAsync(sender, "depositETH", AdjudicatorAbi.EncodeDepositEth(channelId, expectedHeld, fundingDeadline), amount, null, cancellationToken);

    /// <summary>Deposits <paramref name="amount"/> of <paramref name="token"/> (<c>depositERC20</c>; approve the adjudicator first) from a node-held account.</summary>
    /// <exception cref="AdjudicatorRevertException">The adjudicator or the token refused it.</exception>
    public Task<AdjudicatorReceipt> DepositErc20Async(Address from, Bytes32 channelId, Address token, UInt256 expectedHeld, UInt256 amount,
        ulong fundingDeadline, CancellationToken cancellationToken = default) =>
        DepositErc20Async(Node(from), channelId, token, expectedHeld, amount, fundingDeadline, cancellationToken);

    /// <summary>Deposits <paramref name="amount"/> of <paramref name="token"/> (<c>depositERC20</c>; approve the adjudicator first).</summary>
    /// <exception cref="AdjudicatorRevertException">The adjudicator or the token refused it.</exception>
    public Task<AdjudicatorReceipt> DepositErc20Async(TransactionSender sender, Bytes32 channelId, Address token, UInt256 expectedHeld, UInt256 amount,
        ulong fundingDeadline, CancellationToken cancellationToken = default) =>
        SendAsync(sender, "depositERC20", AdjudicatorAbi.EncodeDepositErc20(channelId, token, expectedHeld, amount, fundingDeadline), null, null, cancellationToken);

    /// <summary>Finalizes an incompletely funded channel with its pre-fund state after the funding deadline (<c>reclaim</c>) from a node-held account.</summary>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused it.</exception>
    public Task<AdjudicatorReceipt> ReclaimAsync(Address from, SignedState prefundState, CancellationToken cancellationToken = default) =>
        ReclaimAsync(Node(from), prefundState, cancellationToken);

    /// <summary>Finalizes an incompletely funded channel with its pre-fund state after the funding deadline (<c>reclaim</c>).</summary>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused it.</exception>
    public Task<AdjudicatorReceipt> ReclaimAsync(TransactionSender sender, SignedState prefundState, CancellationToken cancellationToken = default) =>
        SendAsync(sender, "reclaim", AdjudicatorAbi.EncodeReclaim(prefundState), null, null, cancellationToken);

    /// <summary>Registers the state <paramref name="proof"/> supports and starts the challenge window (<c>challenge</c>) from a node-held account.</summary>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused it.</exception>
    public Task<AdjudicatorReceipt> ChallengeAsync(Address from, SupportProof proof, CancellationToken cancellationToken = default) =>
        ChallengeAsync(Node(from), proof, cancellationToken);

    /// <summary>Registers the state <paramref name="proof"/> supports and starts the challenge window (<c>challenge</c>).</summary>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused it.</exception>
    public Task<AdjudicatorReceipt> ChallengeAsync(TransactionSender sender, SupportProof proof, CancellationToken cancellationToken = default) =>
        SendAsync(sender, "challenge", AdjudicatorAbi.EncodeChallenge(proof), null, null, cancellationToken);

    /// <summary>Records the newer state <paramref name="proof"/> supports, clearing any challenge (<c>checkpoint</c>), from a node-held account.</summary>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused it.</exception>
    public Task<AdjudicatorReceipt> CheckpointAsync(Address from, SupportProof proof, CancellationToken cancellationToken = default) =>
        CheckpointAsync(Node(from), proof, cancellationToken);

    /// <summary>Records the newer state <paramref name="proof"/> supports, clearing any challenge (<c>checkpoint</c>).</summary>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused it.</exception>
    public Task<AdjudicatorReceipt> CheckpointAsync(TransactionSender sender, SupportProof proof, CancellationToken cancellationToken = default) =>
        SendAsync(sender, "checkpoint", AdjudicatorAbi.EncodeCheckpoint(proof), null, null, cancellationToken);

    /// <summary>Answers a running challenge on <paramref name="registered"/> with <paramref name="move"/> (<c>progress</c>) from a node-held account.</summary>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused it (e.g. <see cref="ActionRejectedError"/>).</exception>
    public Task<AdjudicatorReceipt> ProgressAsync(Address from, FixedPart fixedPart, VariablePart registered, Move move,
        CancellationToken cancellationToken = default) =>
        ProgressAsync(Node(from), fixedPart, registered, move, cancellationToken);

    /// <summary>Answers a running challenge on <paramref name="registered"/> with <paramref name="move"/> (<c>progress</c>).</summary>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused it (e.g. <see cref="ActionRejectedError"/>).</exception>
    public Task<AdjudicatorReceipt> ProgressAsync(TransactionSender sender, FixedPart fixedPart, VariablePart registered, Move move,
        CancellationToken cancellationToken = default) =>
        SendAsync(sender, "progress", AdjudicatorAbi.EncodeProgress(fixedPart, registered, move), null, null, cancellationToken);

    /// <summary>Concludes the channel with a final state signed by every participant (<c>conclude</c>) from a node-held account.</summary>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused it.</exception>
    public Task<AdjudicatorReceipt> ConcludeAsync(Address from, SignedState finalState, CancellationToken cancellationToken = default) =>
        ConcludeAsync(Node(from), finalState, cancellationToken);

    /// <summary>Concludes the channel with a final state signed by every participant (<c>conclude</c>).</summary>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused it.</exception>
    public Task<AdjudicatorReceipt> ConcludeAsync(TransactionSender sender, SignedState finalState, CancellationToken cancellationToken = default) =>
        SendAsync(sender, "conclude", AdjudicatorAbi.EncodeConclude(finalState), null, null, cancellationToken);

    /// <summary>Concludes and pays every participant in one transaction (<c>concludeAndWithdraw</c>) from a node-held account.</summary>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused it, or a payment failed.</exception>
    public Task<AdjudicatorReceipt> ConcludeAndWithdrawAsync(Address from, SignedState finalState, CancellationToken cancellationToken = default) =>
        ConcludeAndWithdrawAsync(Node(from), finalState, cancellationToken);

    /// <summary>Concludes and pays every participant in one transaction (<c>concludeAndWithdraw</c>).</summary>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused it, or a payment failed.</exception>
    public Task<AdjudicatorReceipt> ConcludeAndWithdrawAsync(TransactionSender sender, SignedState finalState, CancellationToken cancellationToken = default) =>
        SendAsync(sender, "concludeAndWithdraw", AdjudicatorAbi.EncodeConcludeAndWithdraw(finalState), null, null, cancellationToken);

    /// <summary>Pays one participant its share of one asset of the finalized channel (<c>withdraw</c>) from a node-held account.</summary>
    /// <param name="from">The sender (anyone; the money goes to the participant).</param>
    /// <param name="fixedPart">The channel.</param>
    /// <param name="registered">The registered state with its outcome less what was already paid.</param>
    /// <param name="assetIndex">The asset's index in the outcome.</param>
    /// <param name="participantIndex">The participant.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused it, or the payment failed.</exception>
    public Task<AdjudicatorReceipt> WithdrawAsync(Address from, FixedPart fixedPart, VariablePart registered, int assetIndex, int participantIndex,
        CancellationToken cancellationToken = default) =>
        WithdrawAsync(Node(from), fixedPart, registered, assetIndex, participantIndex, cancellationToken);

    /// <summary>Pays one participant its share of one asset of the finalized channel (<c>withdraw</c>).</summary>
    /// <param name="sender">The sender (anyone; the money goes to the participant).</param>
    /// <param name="fixedPart">The channel.</param>
    /// <param name="registered">The registered state with its outcome less what was already paid.</param>
    /// <param name="assetIndex">The asset's index in the outcome.</param>
    /// <param name="participantIndex">The participant.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused it, or the payment failed.</exception>
    public Task<AdjudicatorReceipt> WithdrawAsync(TransactionSender sender, FixedPart fixedPart, VariablePart registered, int assetIndex, int participantIndex,
        CancellationToken cancellationToken = default) =>
        SendAsync(sender, "withdraw", AdjudicatorAbi.EncodeWithdraw(fixedPart, registered, assetIndex, participantIndex), null, null, cancellationToken);

    /// <summary>Pays every participant its share of every asset of the finalized channel (<c>withdrawAll</c>) from a node-held account.</summary>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused it, or a payment failed.</exception>
    public Task<AdjudicatorReceipt> WithdrawAllAsync(Address from, FixedPart fixedPart, VariablePart registered, CancellationToken cancellationToken = default) =>
        WithdrawAllAsync(Node(from), fixedPart, registered, cancellationToken);

    /// <summary>Pays every participant its share of every asset of the finalized channel (<c>withdrawAll</c>).</summary>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused it, or a payment failed.</exception>
    public Task<AdjudicatorReceipt> WithdrawAllAsync(TransactionSender sender, FixedPart fixedPart, VariablePart registered, CancellationToken cancellationToken = default) =>
        SendAsync(sender, "withdrawAll", AdjudicatorAbi.EncodeWithdrawAll(fixedPart, registered), null, null, cancellationToken);

    /// <summary>
    /// Sends <paramref name="calldata"/> to the adjudicator from the node-held account <paramref name="from"/> with
    /// <paramref name="value"/> wei, waits for the receipt and decodes the adjudicator's events.
    /// </summary>
    /// <exception cref="AdjudicatorRevertException">The call would revert (decoded; nothing is sent), or the mined transaction reverted.</exception>
    /// <exception cref="JsonRpcException">The node refused the transaction for another reason.</exception>
    public Task<AdjudicatorReceipt> SendAsync(Address from, string function, byte[] calldata, UInt256? value = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(Node(from), function, calldata, value, null, cancellationToken);

    /// <summary>
    /// Sends <paramref name="calldata"/> to the adjudicator from <paramref name="sender"/> with <paramref name="value"/>
    /// wei, waits for the receipt and decodes the adjudicator's events.
    /// </summary>
    /// <param name="sender">The sender.</param>
    /// <param name="function">The function's name, for messages.</param>
    /// <param name="calldata">The calldata (see <see cref="AdjudicatorAbi"/>).</param>
    /// <param name="value">The value in wei, or null.</param>
    /// <param name="gasLimit">A fixed gas limit (no estimate: a call that would revert is then mined and fails); null to
    /// estimate.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="AdjudicatorRevertException">The call would revert (decoded; nothing is sent), or the mined
    /// transaction reverted (decoded from a replay; the inner <see cref="TransactionRevertedException"/> has the receipt).</exception>
    /// <exception cref="JsonRpcException">The node refused the transaction for another reason.</exception>
    public async Task<AdjudicatorReceipt> SendAsync(TransactionSender sender, string function, byte[] calldata, UInt256? value = null,
        ulong? gasLimit = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(calldata);
        TransactionReceipt receipt;
        try
        {
            receipt = await sender.SendAsync(new TransactionCall(Address, calldata, value ?? UInt256.Zero, gasLimit), cancellationToken).ConfigureAwait(false);
        }
        catch (TransactionRevertedException e)
        {
            throw new AdjudicatorRevertException(function, e.Error, e);
        }
        return new AdjudicatorReceipt(receipt, AdjudicatorEvents.DecodeAll(receipt.Logs, Address));
    }

    // Node-held accounts poll for receipts quickly: they are dev chains (anvil), where a block is mined in milliseconds.
    private static readonly TransactionSenderOptions FastPolling = new() { ReceiptPollInterval = TimeSpan.FromMilliseconds(10) };

    private NodeAccount Node(Address from) => new(Rpc, from, FastPolling);
}
