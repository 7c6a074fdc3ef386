using System.Net;
using Parley.Chain;
using Parley.Crypto;
using Parley.Examples;
using Parley.Nodes;

namespace Parley.Cli.Node;

/// <summary>What <c>parley node</c> runs with: the participant's key, the chain, the contracts, the ports and the data directory.</summary>
/// <param name="Key">The participant's signing key (also the account paying its transactions).</param>
/// <param name="RpcUrl">The chain's JSON-RPC URL.</param>
/// <param name="Adjudicator">The adjudicator's address.</param>
/// <param name="App">The tic-tac-toe app contract's address (the appDefinition of channels this node opens).</param>
/// <param name="PeerPort">The TCP port for peers on 127.0.0.1 (0: a free one).</param>
/// <param name="ApiPort">The HTTP JSON API's port on 127.0.0.1 (0: a free one).</param>
/// <param name="DataDirectory">Where the SQLite store and the watcher's cursors live.</param>
/// <param name="FromBlock">The block to follow the adjudicator's events from (its deployment block).</param>
internal sealed record NodeSettings(PrivateKey Key, Uri RpcUrl, Address Adjudicator, Address App, int PeerPort, int ApiPort, string DataDirectory, ulong FromBlock)
{
    /// <summary>
    /// The runtime node's options: SQLite store <c>channels.db</c> and watcher cursors in <see cref="DataDirectory"/>,
    /// TCP on 127.0.0.1:<see cref="PeerPort"/>, the watcher and automatic deposits on, the chain polled every 200 ms.
    /// </summary>
    public ParleyNodeOptions ToNodeOptions()
    {
        var options = new ParleyNodeOptions
        {
            Key = Key,
            RpcUrl = RpcUrl,
            Adjudicator = Adjudicator,
            FromBlock = FromBlock,
            DataDirectory = DataDirectory,
            ListenEndPoint = new IPEndPoint(IPAddress.Loopback, PeerPort),
            ChainPollInterval = TimeSpan.FromMilliseconds(200),
            TickInterval = TimeSpan.FromMilliseconds(100),
            StepTimeout = NodeApi.StepTimeout,
            Transactions = new TransactionSenderOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(20) },
        };
        options.Transport.ReconnectDelay = TimeSpan.FromMilliseconds(50);
        options.Transport.MaxReconnectDelay = TimeSpan.FromSeconds(1);
        return options;
    }

    /// <summary>
    /// Starts the participant (<see cref="ParleyNode.StartAsync"/>) with the built-in tic-tac-toe machine registered, so
    /// peers' proposals for it resolve; the node's automatic deposits are reported on stdout/stderr.
    /// </summary>
    /// <exception cref="ParleyNodeOptionsException">A setting is unusable.</exception>
    /// <exception cref="ChainMismatchException">No adjudicator at <see cref="Adjudicator"/> on the chain.</exception>
    public async Task<ParleyNode> StartNodeAsync(CancellationToken cancellationToken)
    {
        _ = TicTacToe.Definition;   // registers the app with StateMachineRegistry so peers' proposals resolve
        var node = await ParleyNode.StartAsync(ToNodeOptions(), cancellationToken);
        node.FundingEvent += (_, e) =>
        {
            switch (e)
            {
                case ShareDepositedEvent d:
                    Console.WriteLine($"deposited {d.Deposit.Amount} wei into {d.ChannelId} (gas {d.Deposit.Deposit.Receipt.GasUsed})");
                    break;
                case FundingFailedEvent f:
                    Console.Error.WriteLine($"deposit into {f.ChannelId} failed: {CliRunner.Describe(f.Error)}");
                    break;
            }
        };
        return node;
    }
}
