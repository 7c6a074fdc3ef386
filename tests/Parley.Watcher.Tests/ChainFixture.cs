using Parley.Chain;
using Parley.Crypto;
using Parley.Deployment;
using Parley.Examples;
using Parley.Settlement;
using Parley.TestSupport;

namespace Parley.Watcher.Tests;

/// <summary>One embedded dev chain (anvil) per test class, with the adjudicator, the generated tic-tac-toe app and a test
/// token; tests isolate themselves with snapshots.</summary>
public class ChainFixture : IAsyncLifetime
{
    public static readonly UInt256 Ether = 1_000_000_000_000_000_000UL;

    public static readonly TransactionSenderOptions Fast = new() { ReceiptPollInterval = TimeSpan.FromMilliseconds(5) };

    private DevChain? _chain;

    protected virtual Parley.Chain.AnvilOptions Anvil => new();

    public DevChain Chain => _chain ?? throw new InvalidOperationException("Not initialised.");

    public JsonRpcClient Rpc => Chain.Rpc;

    public Address TicTacToeApp => Chain.Apps[TicTacToe.Definition.Id];

    public Address Token { get; private set; }

    public virtual async Task InitializeAsync()
    {
        _chain = await DevChain.StartAsync(new DevChainOptions
        {
            AnvilPath = RepoPaths.Anvil,
            Anvil = Anvil,
            Apps = [AppContract.FromDefinition(TicTacToe.Definition), AppContract.FromArtifact(TestContracts.Load("TestToken"))],
            Compiler = new SolidityCompiler(RepoPaths.Root),
            Transactions = Fast,
        });
        Token = Chain.Apps["TestToken"];
    }

    public async Task DisposeAsync()
    {
        if (_chain is not null)
        {
            await _chain.DisposeAsync();
        }
    }

    /// <summary>A fresh key holding 100 ETH.</summary>
    public async Task<PrivateKey> FundedKeyAsync()
    {
        var key = PrivateKey.Generate();
        await Rpc.SetBalanceAsync(key.Address, (UInt256)100UL * Ether);
        return key;
    }

    /// <summary>A chain service for <paramref name="key"/>, polling fast.</summary>
    public ChainService Service(PrivateKey key, ChainClock? clock = null) =>
        new(new LocalAccount(Rpc, key, Chain.ChainId, Fast), Chain.Adjudicator, clock,
            new ChainServiceOptions { FundingPollInterval = TimeSpan.FromMilliseconds(10), FromBlock = Chain.AdjudicatorBlock });

    public async Task AdvanceAsync(ulong seconds)
    {
        await Rpc.IncreaseTimeAsync(seconds);
        await Rpc.MineAsync();
    }

    public async Task<ulong> NowAsync() => (await Rpc.GetBlockAsync())!.Timestamp;
}
