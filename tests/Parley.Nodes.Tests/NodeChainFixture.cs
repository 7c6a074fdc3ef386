using Parley.Chain;
using Parley.Crypto;
using Parley.Deployment;
using Parley.Examples;
using Parley.Examples.Machines;
using Parley.Nodes;
using Parley.Store;
using Parley.TestSupport;

namespace Parley.Nodes.Tests;

/// <summary>One embedded dev chain (anvil) per test class with the adjudicator and the generated tic-tac-toe app; fresh
/// funded keys and data folders per test.</summary>
public sealed class NodeChainFixture : IAsyncLifetime
{
    public static readonly UInt256 Ether = 1_000_000_000_000_000_000UL;

    private readonly List<string> _directories = [];
    private DevChain? _chain;

    public DevChain Chain => _chain ?? throw new InvalidOperationException("Not initialised.");

    public JsonRpcClient Rpc => Chain.Rpc;

    public Address TicTacToeApp => Chain.Apps[TicTacToe.Definition.Id];

    public Address BettingPotApp => Chain.Apps[BettingPot.Definition.Id];

    public async Task InitializeAsync()
    {
        _chain = await DevChain.StartAsync(new DevChainOptions
        {
            AnvilPath = RepoPaths.Anvil,
            Apps = [AppContract.FromDefinition(TicTacToe.Definition), AppContract.FromDefinition(BettingPot.Definition)],
            Compiler = new SolidityCompiler(RepoPaths.Root),
            Transactions = new TransactionSenderOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(5) },
        });
    }

    public async Task DisposeAsync()
    {
        if (_chain is not null)
        {
            await _chain.DisposeAsync();
        }
        foreach (var directory in _directories)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // best effort
            }
        }
    }

    /// <summary>A fresh key holding 100 ETH.</summary>
    public async Task<PrivateKey> FundedKeyAsync()
    {
        var key = PrivateKey.Generate();
        await Rpc.SetBalanceAsync(key.Address, (UInt256)100UL * Ether);
        return key;
    }

    /// <summary>A new empty folder, deleted with the fixture.</summary>
    public string NewDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("parley-node-test-").FullName;
        lock (_directories)
        {
            _directories.Add(directory);
        }
        return directory;
    }

    /// <summary>Node options for the chain as a user would write them (<see cref="ParleyNodeOptions.ForChain"/>), tuned for tests:
    /// no fsync, fast polls.</summary>
    public ParleyNodeOptions Options(PrivateKey key, string directory)
    {
        var options = ParleyNodeOptions.ForChain(Chain, key, directory);
        options.Durability = StoreDurability.Normal;
        options.ChainPollInterval = TimeSpan.FromMilliseconds(20);
        options.TickInterval = TimeSpan.FromMilliseconds(50);
        options.StepTimeout = TimeSpan.FromSeconds(60);
        options.Transport.ReconnectDelay = TimeSpan.FromMilliseconds(20);
        options.Transport.MaxReconnectDelay = TimeSpan.FromMilliseconds(200);
        return options;
    }

    public async Task AdvanceAsync(ulong seconds)
    {
        await Rpc.IncreaseTimeAsync(seconds);
        await Rpc.MineAsync();
    }

    public async Task<ulong> NowAsync() => (await Rpc.GetBlockAsync())!.Timestamp;
}
