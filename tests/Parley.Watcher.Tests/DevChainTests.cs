using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Parley.Abi;
using Parley.Chain;
using Parley.Contracts;
using Parley.Crypto;
using Parley.Deployment;
using Parley.Examples;
using Parley.TestSupport;

namespace Parley.Watcher.Tests;

public class DevChainTests
{
    private static readonly UInt256 Ether = 1_000_000_000_000_000_000UL;

    [Fact]
    public async Task The_embedded_chain_starts_anvil_deploys_the_adjudicator_and_the_generated_app_funds_accounts_and_stops_anvil()
    {
        var player = PrivateKey.Generate().Address;
        var chain = await DevChain.StartAsync(new DevChainOptions
        {
            AnvilPath = RepoPaths.Anvil,
            Apps = [AppContract.FromDefinition(TicTacToe.Definition)],
            Compiler = new SolidityCompiler(RepoPaths.Root),
            Fund = new Dictionary<Address, UInt256> { [player] = (UInt256)5UL * Ether },
        });
        var pid = chain.Anvil!.ProcessId;
        var port = chain.Anvil.Port;
        try
        {
            Assert.True(chain.IsEmbedded);
            Assert.Equal("127.0.0.1", chain.RpcUrl.Host);
            Assert.Equal(31337UL, chain.ChainId);
            Assert.Equal(chain.DevAccounts[0].Address, chain.Deployer.Address);
            // The first contract of anvil's account 0: a stable address for a fresh embedded chain.
            Assert.Equal(Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3"), chain.Adjudicator.Address);
            Assert.Equal(chain.AdjudicatorDeployment!.BlockNumber, chain.AdjudicatorBlock);
            Assert.Equal(ChannelStatus.None, await chain.Adjudicator.StatusAsync(new Bytes32(new byte[32])));
            Assert.Equal(new Transport.NetworkContext(31337, chain.Adjudicator.Address), chain.Network);

            var app = chain.Apps[TicTacToe.Definition.Id];
            Assert.NotEmpty(await chain.Rpc.GetCodeAsync(app));
            // The deployed app runs the generated rules: the initial board is not final, participant 0 moves first.
            var initial = TicTacToe.Definition.InitialAppData();
            var isFinal = await chain.Rpc.CallAsync(app, AbiCoder.EncodeFunctionCall("isFinal(bytes)", initial));
            Assert.Equal(UInt256.Zero, UInt256.ReadBigEndian(isFinal));
            var mover = await chain.Rpc.CallAsync(app, AbiCoder.EncodeFunctionCall("nextMover(bytes,uint48,uint256)", initial, 0UL, 2UL));
            Assert.Equal(UInt256.Zero, UInt256.ReadBigEndian(mover));

            Assert.Equal((UInt256)5UL * Ether, await chain.Rpc.GetBalanceAsync(player));
            Assert.Null(await chain.FundAsync(player, Ether)); // already holds more
            var topUp = await chain.FundAsync(player, (UInt256)6UL * Ether);
            Assert.True(topUp!.Succeeded);
            Assert.Equal((UInt256)6UL * Ether, await chain.Rpc.GetBalanceAsync(player));
        }
        finally
        {
            await chain.DisposeAsync();
        }
        Assert.True(chain.Anvil.HasExited);
        Assert.DoesNotContain(Process.GetProcesses(), p => p.Id == pid && !p.HasExited && p.ProcessName.Contains("anvil"));
        using var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start(); // the port is free again
        listener.Stop();
        await chain.DisposeAsync(); // idempotent
    }

    [Fact]
    public async Task With_an_rpc_url_and_a_key_the_same_code_deploys_on_an_existing_chain_and_leaves_it_running()
    {
        await using var node = await AnvilProcess.StartAsync(RepoPaths.Anvil, new AnvilOptions { ChainId = 777 });
        using var admin = node.CreateClient();
        var key = PrivateKey.Generate();
        await admin.SetBalanceAsync(key.Address, (UInt256)100UL * Ether);
        var funded = PrivateKey.Generate().Address;

        Address adjudicator;
        await using (var chain = await DevChain.StartAsync(new DevChainOptions
        {
            RpcUrl = node.RpcUrl,
            DeployerKey = key,
            Apps = [AppContract.FromArtifact(TestContracts.Load("TransferApp"))],
            Fund = new Dictionary<Address, UInt256> { [funded] = Ether },
        }))
        {
            Assert.False(chain.IsEmbedded);
            Assert.Null(chain.Anvil);
            Assert.Empty(chain.DevAccounts);
            Assert.Equal(777UL, chain.ChainId);
            Assert.Equal(key.Address, chain.Deployer.Address);
            Assert.Equal(key.Address, chain.AdjudicatorDeployment!.From);
            Assert.NotEmpty(await chain.Rpc.GetCodeAsync(chain.Apps["TransferApp"]));
            adjudicator = chain.Adjudicator.Address;
        }
        Assert.False(node.HasExited);
        Assert.Equal(Ether, await admin.GetBalanceAsync(funded));

        // An existing adjudicator is used as it is.
        await using var again = await DevChain.StartAsync(new DevChainOptions { RpcUrl = node.RpcUrl, DeployerKey = key, Adjudicator = adjudicator });
        Assert.Equal(adjudicator, again.Adjudicator.Address);
        Assert.Null(again.AdjudicatorDeployment);
        Assert.Equal(0UL, again.AdjudicatorBlock);

        await Assert.ThrowsAsync<ArgumentException>(() => DevChain.StartAsync(new DevChainOptions { RpcUrl = node.RpcUrl }));
        var noCode = await Assert.ThrowsAsync<ArgumentException>(() =>
            DevChain.StartAsync(new DevChainOptions { RpcUrl = node.RpcUrl, DeployerKey = key, Adjudicator = PrivateKey.Generate().Address }));
        Assert.Contains("No contract", noCode.Message);
    }

    [Fact]
    public async Task A_missing_anvil_binary_is_a_clear_error()
    {
        var e = await Assert.ThrowsAsync<FileNotFoundException>(() => DevChain.StartAsync(new DevChainOptions { AnvilPath = "/no/such/anvil" }));
        Assert.Contains("/no/such/anvil", e.Message);
        Assert.EndsWith(Path.Combine("bin", "anvil"), AnvilLocator.RelativePath);
        Assert.Equal(RepoPaths.Anvil, AnvilLocator.Find(RepoPaths.Anvil));
    }

    [Fact]
    public async Task The_compiler_caches_its_output_and_reports_solc_errors()
    {
        var cache = Directory.CreateTempSubdirectory("parley-solc-").FullName;
        try
        {
            var compiler = new SolidityCompiler(RepoPaths.Root, cache);
            const string source = "// SPDX-License-Identifier: MIT\npragma solidity ^0.8.28;\ncontract One { function one() external pure returns (uint256) { return 1; } }\n";
            var first = await compiler.CompileContractAsync(source, "One");
            Assert.Single(Directory.GetFiles(cache, "*.json"));
            var started = Stopwatch.StartNew();
            var second = await compiler.CompileContractAsync(source, "One");
            Assert.True(started.ElapsedMilliseconds < 500, $"a cached compile took {started.ElapsedMilliseconds} ms");
            Assert.Equal(first.Bytecode, second.Bytecode);
            Assert.Equal(first.MethodIdentifiers, second.MethodIdentifiers);
            Assert.Contains("one()", second.MethodIdentifiers.Keys);

            await Assert.ThrowsAsync<KeyNotFoundException>(() => compiler.CompileContractAsync(source, "Two"));
            var error = await Assert.ThrowsAsync<SolidityCompilationException>(() =>
                compiler.CompileContractAsync("pragma solidity ^0.8.28;\ncontract Bad { function f() external { nope(); } }\n", "Bad"));
            Assert.Contains("Undeclared identifier", error.Message);
            Assert.Throws<ArgumentException>(() => new SolidityCompiler(cache));
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }
}
