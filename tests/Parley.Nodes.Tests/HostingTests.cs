using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Parley.Crypto;
using Parley.Hosting;

namespace Parley.Nodes.Tests;

/// <summary><c>services.AddParleyNode</c>: the node starts and stops with the host; a bad option fails the host's start.</summary>
public sealed class HostingTests(NodeChainFixture chain) : IClassFixture<NodeChainFixture>
{
    [Fact]
    public async Task The_node_runs_between_the_hosts_start_and_stop()
    {
        var key = await chain.FundedKeyAsync();
        var directory = chain.NewDirectory();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddParleyNode(o =>
        {
            var forChain = chain.Options(key, directory);
            o.Key = forChain.Key;
            o.RpcUrl = forChain.RpcUrl;
            o.ChainId = forChain.ChainId;
            o.Adjudicator = forChain.Adjudicator;
            o.FromBlock = forChain.FromBlock;
            o.DataDirectory = directory;
        });
        using var host = builder.Build();
        var nodeHost = host.Services.GetRequiredService<ParleyNodeHost>();
        Assert.Throws<InvalidOperationException>(() => nodeHost.Node);

        await host.StartAsync();
        var node = nodeHost.Node;
        Assert.Equal(key.Address, node.Address);
        Assert.Equal(chain.Chain.ChainId, node.ChainId);
        Assert.NotNull(node.Watcher);
        Assert.True(File.Exists(Path.Combine(directory, ParleyNodeOptions.DefaultStoreFileName)));

        await host.StopAsync();
        Assert.Throws<InvalidOperationException>(() => nodeHost.Node);
        // Stopped: the store's lock is released, so a node starts on the same folder.
        await using var again = await ParleyNode.StartAsync(chain.Options(key, directory));
    }

    [Fact]
    public async Task A_bad_option_fails_the_hosts_start()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddParleyNode(o =>
        {
            o.Key = PrivateKey.Generate();
            o.RpcUrl = chain.Chain.RpcUrl;
            o.Adjudicator = chain.Chain.Adjudicator.Address;
        });
        using var host = builder.Build();
        Assert.Equal("DataDirectory", (await Assert.ThrowsAsync<ParleyNodeOptionsException>(() => host.StartAsync())).Option);
    }
}
