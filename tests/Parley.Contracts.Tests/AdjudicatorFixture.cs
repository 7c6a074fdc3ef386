using System.Numerics;
using Parley.Abi;
using Parley.Chain;
using Parley.Contracts;
using Parley.TestSupport;

namespace Parley.Contracts.Tests;

/// <summary>One anvil with the adjudicator, the test apps and a test token deployed, shared by the chain tests.</summary>
public sealed class AdjudicatorFixture : AnvilFixture
{
    private AdjudicatorClient? _adjudicator;

    public AdjudicatorClient Adjudicator => _adjudicator ?? throw new InvalidOperationException("Not initialised.");

    public TransactionReceipt DeployReceipt { get; private set; } = null!;

    public Address TransferApp { get; private set; }

    public Address NonConservingApp { get; private set; }

    public Address Token { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        (_adjudicator, DeployReceipt) = await AdjudicatorClient.DeployAsync(Rpc, Deployer.Address);
        TransferApp = await DeployAsync(TestContracts.Load("TransferApp"));
        NonConservingApp = await DeployAsync(TestContracts.Load("NonConservingApp"));
        Token = await DeployAsync(TestContracts.Load("TestToken"));
    }

    /// <summary>The latest block's timestamp (chain time, unix seconds).</summary>
    public async Task<ulong> NowAsync() => (await Rpc.GetBlockAsync())!.Timestamp;

    /// <summary>Moves chain time forward by <paramref name="seconds"/> and mines a block.</summary>
    public async Task AdvanceAsync(ulong seconds)
    {
        await Rpc.IncreaseTimeAsync(seconds);
        await Rpc.MineAsync();
    }

    /// <summary>Sends a contract call from a dev account and requires success.</summary>
    public async Task<TransactionReceipt> CallContractAsync(Address from, Address contract, string signature, params object?[] arguments)
    {
        var receipt = await TransactAsync(new TransactionRequest(from, contract, Data: AbiCoder.EncodeFunctionCall(signature, arguments)));
        Assert.True(receipt.Succeeded, $"{signature} failed");
        return receipt;
    }

    /// <summary>An ERC-20 (or look-alike) balance.</summary>
    public async Task<UInt256> BalanceOfAsync(Address token, Address owner)
    {
        var result = await Rpc.CallAsync(token, AbiCoder.EncodeFunctionCall("balanceOf(address)", owner));
        return (UInt256)(BigInteger)AbiCoder.Decode("(uint256)", result)[0]!;
    }

    /// <summary>What the adjudicator itself owns of <paramref name="asset"/> (ETH or a token).</summary>
    public async Task<UInt256> AdjudicatorBalanceAsync(Address asset) =>
        asset.IsZero ? await Rpc.GetBalanceAsync(Adjudicator.Address) : await BalanceOfAsync(asset, Adjudicator.Address);

    /// <summary>Mints test tokens (TestToken, FeeOnTransferToken, … all have an open mint) to <paramref name="to"/> and approves the adjudicator from it.</summary>
    public async Task MintAndApproveAsync(Address token, DevAccount owner, UInt256 amount)
    {
        await CallContractAsync(owner.Address, token, "mint(address,uint256)", owner.Address, amount);
        await CallContractAsync(owner.Address, token, "approve(address,uint256)", Adjudicator.Address, amount);
    }

    /// <summary>Installs runtime code at an address (anvil_setCode).</summary>
    public Task SetCodeAsync(Address address, byte[] code) =>
        Rpc.SendAsync("anvil_setCode", JsonRpcClient.Params(RpcData.Format(address), RpcData.Format(code)));

    /// <summary>Deploys a test contract by name.</summary>
    public Task<Address> DeployTestContractAsync(string name) => DeployAsync(TestContracts.Load(name));
}

[CollectionDefinition(Name)]
public sealed class AdjudicatorCollection : ICollectionFixture<AdjudicatorFixture>
{
    public const string Name = "adjudicator";
}
