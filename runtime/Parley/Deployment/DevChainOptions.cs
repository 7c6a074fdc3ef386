using Microsoft.Extensions.Logging;
using Parley.Chain;
using Parley.Crypto;

namespace Parley.Deployment;

/// <summary>
/// How <see cref="DevChain.StartAsync"/> gets a chain: with no <see cref="RpcUrl"/>, an embedded anvil (Parley's default
/// dev chain); with one, any EVM JSON-RPC endpoint, deploying with <see cref="DeployerKey"/>.
/// </summary>
public sealed record DevChainOptions
{
    /// <summary>The chain's JSON-RPC URL; null (default) to start an embedded anvil on a free 127.0.0.1 port.</summary>
    public Uri? RpcUrl { get; init; }

    /// <summary>The key that deploys contracts and funds accounts. Required with <see cref="RpcUrl"/>; on the embedded
    /// anvil, null means anvil's first dev account.</summary>
    public PrivateKey? DeployerKey { get; init; }

    /// <summary>The anvil binary; null to find it with <see cref="DevToolchain.FindAnvil"/> (<c>PARLEY_ANVIL</c>,
    /// <c>PARLEY_TOOLCHAIN</c>, <c>node_modules/@foundry-rs/anvil-…/bin/anvil</c> under the application's or the current
    /// directory, the per-user toolchain — provisioned with npm when missing). Wins over <see cref="Toolchain"/>'s
    /// <see cref="DevToolchainOptions.AnvilPath"/>.</summary>
    public string? AnvilPath { get; init; }

    /// <summary>How anvil and solc-js are found or provisioned (<see cref="DevToolchain"/>); null for the defaults and the
    /// environment variables.</summary>
    public DevToolchainOptions? Toolchain { get; init; }

    /// <summary>Where the dev chain logs how each app contract was obtained (build-time artifact or run-time compilation),
    /// its deployment, and the anvil it started; null for no logging.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>How the embedded anvil runs (chain id, block time, accounts, …).</summary>
    public AnvilOptions Anvil { get; init; } = new();

    /// <summary>An adjudicator already deployed on the chain to use; null (default) to deploy Parley's.</summary>
    public Address? Adjudicator { get; init; }

    /// <summary>The app contracts to deploy (see <see cref="AppContract"/>).</summary>
    public IReadOnlyList<AppContract> Apps { get; init; } = [];

    /// <summary>Accounts to fund, each topped up to the given balance in wei by a transfer from the deployer (an account
    /// holding more is left alone).</summary>
    public IReadOnlyDictionary<Address, UInt256> Fund { get; init; } = new Dictionary<Address, UInt256>();

    /// <summary>Compiles app contracts given as state machine definitions when no build-time artifact matches; null to find
    /// solc-js (<see cref="SolidityCompiler.Locate(DevToolchainOptions, string?)"/> with <see cref="Toolchain"/>) when one is needed.</summary>
    public SolidityCompiler? Compiler { get; init; }

    /// <summary>How transactions are sent (gas margin, receipt polling, fees); null for a poll every 20 ms on the embedded
    /// chain and the defaults otherwise.</summary>
    public TransactionSenderOptions? Transactions { get; init; }
}
