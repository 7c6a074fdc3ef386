using Microsoft.Extensions.Logging;
using Parley.Chain;
using Parley.Contracts;
using Parley.Crypto;
using Parley.Transport;

namespace Parley.Deployment;

/// <summary>
/// A chain ready for Parley's channels: the adjudicator and the app contracts deployed, dev accounts funded. With no RPC
/// URL it is Parley's <b>embedded default chain</b>: an anvil (npm <c>@foundry-rs/anvil</c>) started on a free
/// 127.0.0.1 port and stopped on <see cref="DisposeAsync"/>. With an RPC URL and a deployer key the same steps run
/// against any EVM chain (and nothing is stopped on dispose).
/// </summary>
/// <remarks>
/// <para>Every transaction is an EIP-1559 transaction signed locally by <see cref="Deployer"/> (a
/// <see cref="LocalAccount"/>), also on anvil, so the embedded chain exercises the same path as a public one. On a
/// fresh anvil with its default mnemonic the deployer is dev account 0 and the adjudicator lands at
/// <c>0x5FbDB2315678afecb367f032d93F642f64180aa3</c> (the first contract of that account).</para>
/// <para>App contracts given as state machine definitions (<see cref="AppContract.FromDefinition(Parley.StateMachines.IStateMachineDefinition)"/>)
/// are deployed from the <b>build-time artifact</b> (<c>solidity/&lt;Namespace&gt;.&lt;Class&gt;.json</c> beside the
/// definition's assembly or the application, written by the Parley build targets) when its source hash matches the
/// definition's <c>SoliditySource</c>; otherwise they are <b>compiled at run time</b> with solc-js
/// (<see cref="SolidityCompiler"/>, cached on disk). <see cref="AppSources"/> says which happened for each app, and
/// <see cref="DevChainOptions.Logger"/> logs it.</para>
/// </remarks>
public sealed class DevChain : IAsyncDisposable
{
    private readonly Dictionary<string, Address> _apps;
    private readonly Dictionary<string, ResolvedAppContract> _appSources;
    private int _disposed;

    private DevChain(AnvilProcess? anvil, JsonRpcClient rpc, Uri rpcUrl, ulong chainId, LocalAccount deployer, AdjudicatorClient adjudicator,
        TransactionReceipt? adjudicatorDeployment, Dictionary<string, Address> apps, Dictionary<string, ResolvedAppContract> appSources,
        TransactionSenderOptions transactions)
    {
        Anvil = anvil;
        Rpc = rpc;
        RpcUrl = rpcUrl;
        ChainId = chainId;
        Deployer = deployer;
        Adjudicator = adjudicator;
        AdjudicatorDeployment = adjudicatorDeployment;
        _apps = apps;
        _appSources = appSources;
        TransactionOptions = transactions;
    }

    /// <summary>The embedded anvil; null when running against an external chain.</summary>
    public AnvilProcess? Anvil { get; }

    /// <summary>Whether this is the embedded anvil (started, and stopped on dispose, by this instance).</summary>
    public bool IsEmbedded => Anvil is not null;

    /// <summary>The chain's JSON-RPC client (disposed with this instance).</summary>
    public JsonRpcClient Rpc { get; }

    /// <summary>The chain's JSON-RPC URL.</summary>
    public Uri RpcUrl { get; }

    /// <summary>The chain id (<c>eth_chainId</c>).</summary>
    public ulong ChainId { get; }

    /// <summary>The account that deployed the contracts and funds accounts.</summary>
    public LocalAccount Deployer { get; }

    /// <summary>The adjudicator.</summary>
    public AdjudicatorClient Adjudicator { get; }

    /// <summary>The adjudicator's deployment receipt; null when an existing adjudicator was given.</summary>
    public TransactionReceipt? AdjudicatorDeployment { get; }

    /// <summary>The block to start following the adjudicator's events from: its deployment block, else 0.</summary>
    public ulong AdjudicatorBlock => AdjudicatorDeployment?.BlockNumber ?? 0;

    /// <summary>The deployed app contracts by <see cref="AppContract.Name"/>.</summary>
    public IReadOnlyDictionary<string, Address> Apps => _apps;

    /// <summary>How each deployed app contract was obtained, by <see cref="AppContract.Name"/>: a given artifact, the
    /// build-time artifact (its path), or a run-time compilation (where solc-js came from), with any stale build-time
    /// artifacts that were skipped.</summary>
    public IReadOnlyDictionary<string, ResolvedAppContract> AppSources => _appSources;

    /// <summary>The embedded anvil's funded dev accounts with their keys (test keys only); empty on an external chain.</summary>
    public IReadOnlyList<DevAccount> DevAccounts => Anvil?.Accounts ?? [];

    /// <summary>The chain and adjudicator channels on this chain name (for the transport and the engine).</summary>
    public NetworkContext Network => new(ChainId, Adjudicator.Address);

    /// <summary>The transaction options of the accounts this instance creates.</summary>
    public TransactionSenderOptions TransactionOptions { get; }

    /// <summary>
    /// Starts (or connects to) the chain, deploys the adjudicator (unless <see cref="DevChainOptions.Adjudicator"/> is
    /// given) and the apps, and funds the accounts, in that order.
    /// </summary>
    /// <param name="options">What to start; null for the embedded anvil with nothing but the adjudicator.</param>
    /// <param name="cancellationToken">Cancels the start (an embedded anvil is stopped again).</param>
    /// <exception cref="ArgumentException">An RPC URL without a deployer key, or a given adjudicator address without code.</exception>
    /// <exception cref="FileNotFoundException">The anvil binary was not found (and provisioning is off).</exception>
    /// <exception cref="ToolchainProvisioningException">anvil or solc-js had to be provisioned and npm failed.</exception>
    /// <exception cref="DirectoryNotFoundException">An app needed run-time compilation and no solc-js was found (provisioning off).</exception>
    /// <exception cref="InvalidOperationException">anvil failed to start, or a deployment failed.</exception>
    /// <exception cref="TransactionRevertedException">A funding transfer reverted.</exception>
    /// <exception cref="SolidityCompilationException">An app's Solidity did not compile.</exception>
    /// <exception cref="JsonRpcException">The node refused a request.</exception>
    public static async Task<DevChain> StartAsync(DevChainOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DevChainOptions();
        if (options.RpcUrl is not null && options.DeployerKey is null)
        {
            throw new ArgumentException("An external chain (RpcUrl) needs a DeployerKey to deploy and fund with.", nameof(options));
        }
        AnvilProcess? anvil = null;
        JsonRpcClient? rpc = null;
        try
        {
            Uri url;
            PrivateKey deployerKey;
            if (options.RpcUrl is { } external)
            {
                url = external;
                deployerKey = options.DeployerKey!;
            }
            else
            {
                var toolchain = options.Toolchain ?? new DevToolchainOptions();
                var anvilPath = AnvilLocator.Find(options.AnvilPath is null ? toolchain : toolchain with { AnvilPath = options.AnvilPath });
                anvil = await AnvilProcess.StartAsync(anvilPath, options.Anvil, cancellationToken).ConfigureAwait(false);
                url = anvil.RpcUrl;
                if (options.Logger is { } log)
                {
                    DeploymentLog.AnvilStarted(log, anvilPath, url);
                }
                deployerKey = options.DeployerKey ?? anvil.Accounts[0].PrivateKey;
            }
            rpc = new JsonRpcClient(url);
            var transactions = options.Transactions
                ?? (anvil is not null ? new TransactionSenderOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(20) } : new TransactionSenderOptions());
            var deployer = await LocalAccount.ConnectAsync(rpc, deployerKey, transactions, cancellationToken).ConfigureAwait(false);

            AdjudicatorClient adjudicator;
            TransactionReceipt? deployment = null;
            if (options.Adjudicator is { } existing)
            {
                if ((await rpc.GetCodeAsync(existing, BlockTag.Latest, cancellationToken).ConfigureAwait(false)).Length == 0)
                {
                    throw new ArgumentException($"No contract at the given adjudicator address {existing} on chain {deployer.ChainId}.", nameof(options));
                }
                adjudicator = new AdjudicatorClient(rpc, existing);
            }
            else
            {
                (adjudicator, deployment) = await AdjudicatorClient.DeployAsync(deployer, cancellationToken).ConfigureAwait(false);
            }

            var apps = new Dictionary<string, Address>(StringComparer.Ordinal);
            var sources = new Dictionary<string, ResolvedAppContract>(StringComparer.Ordinal);
            foreach (var app in options.Apps)
            {
                ArgumentNullException.ThrowIfNull(app, nameof(options.Apps));
                var resolved = await app.ResolveAsync(options.Compiler, options.Toolchain, cancellationToken).ConfigureAwait(false);
                Log(options.Logger, resolved);
                var artifact = resolved.Artifact;
                TransactionReceipt receipt;
                try
                {
                    receipt = await deployer.SendAsync(TransactionCall.Create(artifact.Bytecode), cancellationToken).ConfigureAwait(false);
                }
                catch (TransactionRevertedException e)
                {
                    throw new InvalidOperationException($"Deploying {app.Name} failed: {e.Message}", e);
                }
                apps[app.Name] = receipt.ContractAddress
                    ?? throw new InvalidOperationException($"Deploying {app.Name} created no contract (transaction {receipt.TransactionHash}).");
                sources[app.Name] = resolved;
                if (options.Logger is { } deployedLog)
                {
                    DeploymentLog.Deployed(deployedLog, app.Name, apps[app.Name], receipt.GasUsed);
                }
            }

            var chain = new DevChain(anvil, rpc, url, deployer.ChainId, deployer, adjudicator, deployment, apps, sources, transactions);
            foreach (var (account, balance) in options.Fund)
            {
                await chain.FundAsync(account, balance, cancellationToken).ConfigureAwait(false);
            }
            return chain;
        }
        catch
        {
            rpc?.Dispose();
            if (anvil is not null)
            {
                await anvil.DisposeAsync().ConfigureAwait(false);
            }
            throw;
        }
    }

    private static void Log(ILogger? logger, ResolvedAppContract resolved)
    {
        if (logger is null)
        {
            return;
        }
        foreach (var skipped in resolved.SkippedArtifacts)
        {
            DeploymentLog.SkippedArtifact(logger, resolved.Name, skipped);
        }
        if (resolved.Origin == AppContractOrigin.BuildArtifact)
        {
            DeploymentLog.UsingBuildArtifact(logger, resolved.Name, resolved.Location);
        }
        else if (resolved.Origin == AppContractOrigin.CompiledAtRunTime)
        {
            DeploymentLog.CompiledAtRunTime(logger, resolved.Name, resolved.Location);
        }
    }

    /// <summary>A locally signing account for <paramref name="key"/> on this chain (this instance's transaction options).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public LocalAccount Account(PrivateKey key) => new(Rpc, key ?? throw new ArgumentNullException(nameof(key)), ChainId, TransactionOptions);

    /// <summary>Tops <paramref name="account"/> up to <paramref name="balance"/> wei with a transfer from the deployer; an
    /// account already holding that much is left alone.</summary>
    /// <returns>The transfer's receipt, or null when none was needed.</returns>
    /// <exception cref="TransactionRevertedException">The transfer reverted (a recipient contract refusing ETH).</exception>
    /// <exception cref="JsonRpcException">The node refused it (the deployer lacks the funds).</exception>
    public async Task<TransactionReceipt?> FundAsync(Address account, UInt256 balance, CancellationToken cancellationToken = default)
    {
        var current = await Rpc.GetBalanceAsync(account, BlockTag.Latest, cancellationToken).ConfigureAwait(false);
        if (current >= balance)
        {
            return null;
        }
        return await Deployer.SendAsync(new TransactionCall(account, default, balance - current), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the embedded anvil (its own process only) and disposes the RPC client; idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        Rpc.Dispose();
        if (Anvil is not null)
        {
            await Anvil.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{(IsEmbedded ? "embedded anvil" : "chain")} {ChainId} at {RpcUrl}, adjudicator {Adjudicator.Address}, apps [{string.Join(", ", _apps.Select(a => $"{a.Key} {a.Value}"))}]";
}
