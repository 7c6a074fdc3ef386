using Parley.Chain;
using Parley.Contracts;

namespace Parley.TestSupport;

/// <summary>
/// An xunit fixture owning one anvil (the repository's pinned binary, <see cref="RepoPaths.Anvil"/>) for a test class
/// (<c>IClassFixture&lt;AnvilFixture&gt;</c>) or a collection (<c>ICollectionFixture&lt;AnvilFixture&gt;</c>). Tests
/// sharing it should isolate their state with <see cref="SnapshotAsync"/>/<see cref="RevertAsync"/> (cheap: no restart).
/// Subclass and override <see cref="Options"/> for another chain configuration.
/// </summary>
public class AnvilFixture : IAsyncLifetime
{
    private AnvilProcess? _anvil;
    private JsonRpcClient? _rpc;

    /// <summary>The options anvil starts with; anvil's defaults (chain 31337, automine, 10 accounts of 10,000 ETH).</summary>
    protected virtual AnvilOptions Options => new();

    /// <summary>The running anvil.</summary>
    /// <exception cref="InvalidOperationException">Used before xunit initialised the fixture.</exception>
    public AnvilProcess Anvil => _anvil ?? throw new InvalidOperationException("The anvil fixture is not initialised.");

    /// <summary>A JSON-RPC client for the anvil.</summary>
    /// <exception cref="InvalidOperationException">Used before xunit initialised the fixture.</exception>
    public JsonRpcClient Rpc => _rpc ?? throw new InvalidOperationException("The anvil fixture is not initialised.");

    /// <summary>The funded, unlocked dev accounts with their private keys.</summary>
    public IReadOnlyList<DevAccount> Accounts => Anvil.Accounts;

    /// <summary>The account that deploys by default: <c>Accounts[0]</c>.</summary>
    public DevAccount Deployer => Accounts[0];

    /// <summary>The chain id.</summary>
    public ulong ChainId => Anvil.ChainId;

    /// <summary>Starts anvil.</summary>
    public virtual async Task InitializeAsync()
    {
        _anvil = await AnvilProcess.StartAsync(RepoPaths.Anvil, Options).ConfigureAwait(false);
        _rpc = _anvil.CreateClient();
    }

    /// <summary>Stops anvil (kills its own process and waits for it to exit).</summary>
    public virtual async Task DisposeAsync()
    {
        _rpc?.Dispose();
        if (_anvil is not null)
        {
            await _anvil.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Deploys <paramref name="artifact"/> from <paramref name="from"/> (default <see cref="Deployer"/>): a
    /// contract-creation transaction whose data is the creation bytecode followed by
    /// <paramref name="constructorArguments"/> (ABI-encoded, as the Solidity ABI specifies for constructors).
    /// </summary>
    /// <returns>The new contract's address.</returns>
    /// <exception cref="ArgumentException">The artifact has no bytecode (an interface or abstract contract).</exception>
    /// <exception cref="InvalidOperationException">The deployment reverted.</exception>
    public async Task<Address> DeployAsync(ContractArtifact artifact, ReadOnlyMemory<byte> constructorArguments = default, Address? from = null)
    {
        var receipt = await DeployWithReceiptAsync(artifact, constructorArguments, from).ConfigureAwait(false);
        return receipt.ContractAddress!.Value;
    }

    /// <summary>Like <see cref="DeployAsync"/>, returning the receipt (gas used, logs of the constructor).</summary>
    /// <exception cref="ArgumentException">The artifact has no bytecode (an interface or abstract contract).</exception>
    /// <exception cref="InvalidOperationException">The deployment reverted.</exception>
    public async Task<TransactionReceipt> DeployWithReceiptAsync(ContractArtifact artifact, ReadOnlyMemory<byte> constructorArguments = default, Address? from = null)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        if (!artifact.IsDeployable)
        {
            throw new ArgumentException($"{artifact.ContractName} has no bytecode (an interface or abstract contract).", nameof(artifact));
        }
        var code = artifact.Bytecode;
        var data = new byte[code.Length + constructorArguments.Length];
        code.CopyTo(data, 0);
        constructorArguments.Span.CopyTo(data.AsSpan(code.Length));
        var hash = await Rpc.SendTransactionAsync(new TransactionRequest(from ?? Deployer.Address, Data: data)).ConfigureAwait(false);
        var receipt = await Rpc.WaitForReceiptAsync(hash).ConfigureAwait(false);
        if (!receipt.Succeeded || receipt.ContractAddress is null)
        {
            throw new InvalidOperationException($"Deploying {artifact.ContractName} failed (transaction {hash}, gas used {receipt.GasUsed}).");
        }
        return receipt;
    }

    /// <summary>Sends a transaction from an unlocked account and waits for its receipt (successful or not).</summary>
    public async Task<TransactionReceipt> TransactAsync(TransactionRequest transaction)
    {
        var hash = await Rpc.SendTransactionAsync(transaction).ConfigureAwait(false);
        return await Rpc.WaitForReceiptAsync(hash).ConfigureAwait(false);
    }

    /// <summary>Records the chain state (<c>evm_snapshot</c>); pass the id to <see cref="RevertAsync"/>.</summary>
    public Task<string> SnapshotAsync() => Rpc.SnapshotAsync();

    /// <summary>Returns the chain to a snapshot (<c>evm_revert</c>); the snapshot is consumed.</summary>
    /// <exception cref="InvalidOperationException">anvil did not know the snapshot.</exception>
    public async Task RevertAsync(string snapshotId)
    {
        if (!await Rpc.RevertAsync(snapshotId).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"anvil has no snapshot {snapshotId} (each snapshot can be reverted to once).");
        }
    }
}
