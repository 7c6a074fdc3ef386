using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Parley.Engine;
using Parley.Examples;
using Parley.Hosting;
using Parley.Observers;
using Parley.Protocol;
using Parley.Runtime.Tests.Engine;
using Parley.Runtime.Tests.Protocol;
using Parley.Store;
using Parley.Transport;

namespace Parley.Runtime.Tests.Hosting;

public sealed class AddParleyTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Hex(Crypto.PrivateKey key) => "0x" + Convert.ToHexStringLower(key.ExportBytes());

    private IHost Build(Crypto.PrivateKey key, string db, Action<ParleyOptions>? more = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddParley(o =>
        {
            o.PrivateKey = Hex(key);
            o.ChainId = TestKeys.Network.ChainId;
            o.Adjudicator = TestKeys.Network.Adjudicator.ToString();
            o.StorePath = db;
            o.Engine.TickInterval = TimeSpan.FromMilliseconds(20);
            more?.Invoke(o);
        });
        return builder.Build();
    }

    [Fact]
    public async Task Two_hosted_nodes_open_and_play_a_channel_and_stop_cleanly()
    {
        using var bobHost = Build(TestKeys.Bob, _dir.File("bob.db"));
        await bobHost.StartAsync();
        var bobPort = ((TcpTransport)bobHost.Services.GetRequiredService<IPeerTransport>()).ListenEndPoint!.Port;
        using var aliceHost = Build(TestKeys.Alice, _dir.File("alice.db"), o => o.Peers[TestKeys.Bob.Address.ToString()] = $"127.0.0.1:{bobPort}");
        await aliceHost.StartAsync();
        var alice = aliceHost.Services.GetRequiredService<ChannelEngine>();
        var bob = bobHost.Services.GetRequiredService<ChannelEngine>();
        Assert.Same(alice.Events, aliceHost.Services.GetRequiredService<ChannelEvents>());
        Assert.Equal(StoreDurability.Full, aliceHost.Services.GetRequiredService<IChannelStore>().Durability);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var id = (await alice.OpenChannelAsync(TestKeys.TwoParty(), TicTacToe.Definition, TestKeys.Stakes(), cancellationToken: timeout.Token)).ChannelId;
        await Task.WhenAll(
            Players.PlayTicTacToeAsync(alice, id, new Random(1), timeout.Token),
            Players.PlayTicTacToeAsync(bob, id, new Random(2), timeout.Token));
        Assert.Equal(ChannelPhase.Concluded, alice.GetChannel(id)!.Phase);
        await aliceHost.StopAsync();
        await bobHost.StopAsync();
    }

    [Fact]
    public async Task Invalid_options_fail_when_the_host_starts_with_the_first_problem()
    {
        using var host = Build(TestKeys.Alice, _dir.File("x.db"), o => o.PrivateKey = "0x1234");
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("PrivateKey", failure.Message);

        using var other = Build(TestKeys.Alice, _dir.File("y.db"), o => o.Peers["not an address"] = "127.0.0.1:1");
        Assert.Contains("Peers", (await Assert.ThrowsAsync<OptionsValidationException>(() => other.StartAsync())).Message);
    }
}
