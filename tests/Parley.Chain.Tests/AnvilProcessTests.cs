using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Parley.Chain;
using Parley.Crypto;
using Parley.TestSupport;

namespace Parley.Chain.Tests;

public class AnvilProcessTests
{
    [Fact]
    public async Task Starts_on_a_free_loopback_port_with_the_options_and_stop_frees_the_port()
    {
        var anvil = await AnvilProcess.StartAsync(RepoPaths.Anvil, new AnvilOptions { ChainId = 4242, AccountCount = 3, BalanceEther = 7 });
        var port = anvil.Port;
        var pid = anvil.ProcessId;
        try
        {
            Assert.Equal(new Uri($"http://127.0.0.1:{port}/"), anvil.RpcUrl);
            Assert.Equal(4242UL, anvil.ChainId);
            using var rpc = anvil.CreateClient();
            Assert.Equal(4242UL, await rpc.ChainIdAsync());
            Assert.Equal(3, anvil.Accounts.Count);
            // anvil's default mnemonic, account 0 (published by Foundry).
            Assert.Equal(Address.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"), anvil.Accounts[0].Address);
            foreach (var account in anvil.Accounts)
            {
                Assert.Equal(account.Address, account.PrivateKey.Address);
                Assert.Equal((UInt256)7UL * (UInt256)1_000_000_000_000_000_000UL, await rpc.GetBalanceAsync(account.Address));
            }
            Assert.False(anvil.HasExited);
        }
        finally
        {
            await anvil.DisposeAsync();
        }

        Assert.True(anvil.HasExited || !ProcessExists(pid));
        Assert.False(ProcessExists(pid), $"anvil pid {pid} still runs after DisposeAsync");
        using var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start(); // throws SocketException if anvil still held the port
        listener.Stop();
        await anvil.DisposeAsync(); // idempotent
    }

    [Fact]
    public async Task Two_chains_run_side_by_side_on_different_ports()
    {
        await using var a = await AnvilProcess.StartAsync(RepoPaths.Anvil, new AnvilOptions { ChainId = 1 });
        await using var b = await AnvilProcess.StartAsync(RepoPaths.Anvil, new AnvilOptions { ChainId = 2 });
        Assert.NotEqual(a.Port, b.Port);
        using var ra = a.CreateClient();
        using var rb = b.CreateClient();
        Assert.Equal(1UL, await ra.ChainIdAsync());
        Assert.Equal(2UL, await rb.ChainIdAsync());
    }

    [Fact]
    public async Task Without_automine_transactions_wait_for_an_explicit_mine()
    {
        await using var anvil = await AnvilProcess.StartAsync(RepoPaths.Anvil, new AnvilOptions { Automine = false });
        using var rpc = anvil.CreateClient();
        var hash = await rpc.SendTransactionAsync(new TransactionRequest(anvil.Accounts[0].Address, anvil.Accounts[1].Address, (UInt256)1UL));
        Assert.Null(await rpc.GetTransactionReceiptAsync(hash));
        Assert.Equal(0UL, await rpc.BlockNumberAsync());
        await rpc.MineAsync();
        var receipt = await rpc.WaitForReceiptAsync(hash, TimeSpan.FromSeconds(5));
        Assert.True(receipt.Succeeded);
        Assert.Equal(1UL, receipt.BlockNumber);
    }

    [Fact]
    public async Task A_bad_option_fails_with_anvils_own_message()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            AnvilProcess.StartAsync(RepoPaths.Anvil, new AnvilOptions { Hardfork = "no-such-fork" }));
        Assert.Contains("exited with code", e.Message);
        Assert.Contains("no-such-fork", e.Message);
    }

    [Fact]
    public async Task A_missing_binary_is_a_file_not_found()
    {
        var e = await Assert.ThrowsAsync<FileNotFoundException>(() => AnvilProcess.StartAsync("/nonexistent/anvil"));
        Assert.Contains("/nonexistent/anvil", e.Message);
    }

    private static bool ProcessExists(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
