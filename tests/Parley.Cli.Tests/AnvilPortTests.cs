using System.Net;
using System.Net.Sockets;
using Parley.Chain;
using Parley.TestSupport;

namespace Parley.Cli.Tests;

/// <summary><see cref="AnvilOptions.Port"/> (what <c>parley devchain --port</c> sets), on <see cref="AnvilProcess"/> directly.</summary>
public sealed class AnvilPortTests
{
    [Fact]
    public async Task Anvil_listens_on_the_given_port()
    {
        var port = CliNetwork.FreePort();
        await using var anvil = await AnvilProcess.StartAsync(RepoPaths.Anvil, new AnvilOptions { Port = port });
        Assert.Equal(port, anvil.Port);
        Assert.Equal(new Uri($"http://127.0.0.1:{port}/"), anvil.RpcUrl);
        using var rpc = new JsonRpcClient(new Uri($"http://127.0.0.1:{port}/"));
        Assert.Equal(anvil.ChainId, await rpc.ChainIdAsync());
    }

    [Fact]
    public async Task A_port_in_use_is_an_error_naming_it_and_starts_nothing()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => AnvilProcess.StartAsync(RepoPaths.Anvil, new AnvilOptions { Port = port }));
        Assert.StartsWith($"Port {port} on 127.0.0.1 is already in use", e.Message);
    }

    [Fact]
    public async Task A_port_taken_by_another_anvil_is_an_error_even_though_that_one_answers_rpc()
    {
        await using var first = await AnvilProcess.StartAsync(RepoPaths.Anvil);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => AnvilProcess.StartAsync(RepoPaths.Anvil, new AnvilOptions { Port = first.Port }));
        Assert.StartsWith($"Port {first.Port} on 127.0.0.1 is already in use", e.Message);
        Assert.False(first.HasExited);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65536)]
    public async Task A_port_outside_1_to_65535_is_refused(int port)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => AnvilProcess.StartAsync(RepoPaths.Anvil, new AnvilOptions { Port = port }));
    }
}
