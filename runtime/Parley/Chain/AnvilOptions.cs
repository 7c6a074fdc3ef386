namespace Parley.Chain;

/// <summary>
/// How <see cref="AnvilProcess"/> starts anvil (Foundry's dev chain). Every option maps to one anvil command-line flag;
/// null leaves anvil's default. anvil always listens on 127.0.0.1: on <see cref="Port"/> when given, else on a free port
/// chosen by <see cref="AnvilProcess"/>.
/// </summary>
public sealed record AnvilOptions
{
    /// <summary><c>--port</c>: the TCP port on 127.0.0.1 to listen on, 1–65535; null (default) for a free loopback port
    /// chosen at start (bind port 0, then hand it to anvil; retried on another port if taken meanwhile). A given port is
    /// never replaced: if it is in use, <see cref="AnvilProcess.StartAsync"/> throws an
    /// <see cref="InvalidOperationException"/> naming it.</summary>
    public int? Port { get; init; }

    /// <summary><c>--chain-id</c>: the chain id (anvil's default: 31337).</summary>
    public ulong? ChainId { get; init; }

    /// <summary><c>--block-time</c>: mine a block every this many seconds (interval mining) instead of one block per
    /// transaction (automine, the default).</summary>
    public ulong? BlockTimeSeconds { get; init; }

    /// <summary><c>--no-mining</c> when false: no automatic mining at all (blocks only through <c>anvil_mine</c> /
    /// <c>evm_mine</c>). Ignored when <see cref="BlockTimeSeconds"/> is set. Default true.</summary>
    public bool Automine { get; init; } = true;

    /// <summary><c>--accounts</c>: the number of dev accounts derived from the mnemonic (anvil's default: 10).</summary>
    public int? AccountCount { get; init; }

    /// <summary><c>--balance</c>: each dev account's initial balance in ether (anvil's default: 10000).</summary>
    public ulong? BalanceEther { get; init; }

    /// <summary><c>--mnemonic</c>: the BIP-39 mnemonic the dev accounts are derived from (anvil's default: "test test
    /// test test test test test test test test test junk").</summary>
    public string? Mnemonic { get; init; }

    /// <summary><c>--hardfork</c>: the EVM hardfork, e.g. <c>prague</c> (anvil's default: the latest).</summary>
    public string? Hardfork { get; init; }

    /// <summary><c>--silent</c>: no banner or request log on standard output. Default true.</summary>
    public bool Silent { get; init; } = true;

    /// <summary>More anvil arguments, passed as they are after the others.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>How long to wait for the RPC to answer after starting. Default 15 seconds.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(15);
}
