using System.Collections.Concurrent;
using System.Net;
using Parley.Chain;
using Parley.Channels;
using Parley.Contracts;
using Parley.Crypto;
using Parley.Engine;
using Parley.Examples;
using Parley.Observers;
using Parley.Protocol;
using Parley.Settlement;
using Parley.Store;
using Parley.Transport;
using Parley.Watcher;

namespace Parley.Cli.Node;

/// <summary>
/// A participant, wired as <c>examples/TicTacToe.Demo/Participant.cs</c> does: SQLite store, TCP transport on
/// 127.0.0.1, <see cref="ChannelEngine"/> on the chain clock, <see cref="ChainService"/> and a <see cref="ChannelWatcher"/>
/// that follows every stored channel and receives the engine's escalations. Every running channel gets this node's
/// share deposited in turn (a background loop), so both sides of an opened channel fund it without being asked.
/// </summary>
internal sealed class ParleyNode : IAsyncDisposable
{
    /// <summary>How long one API request may wait for the peer or the chain.</summary>
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);

    private readonly JsonRpcClient _rpc;
    private readonly IChannelStore _store;
    private readonly ChannelEvents _events = new();
    private readonly TcpTransport _transport;
    private readonly ChannelWatcher _watcher;
    private readonly ConcurrentDictionary<Bytes32, Task> _deposits = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _depositLoop;

    private ParleyNode(NodeSettings settings, ulong chainId, JsonRpcClient rpc, ChainClock clock)
    {
        Settings = settings;
        ChainId = chainId;
        _rpc = rpc;
        var sender = new LocalAccount(rpc, settings.Key, chainId, new TransactionSenderOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(20) });
        Service = new ChainService(sender, new AdjudicatorClient(rpc, settings.Adjudicator), clock,
            new ChainServiceOptions { FundingPollInterval = TimeSpan.FromMilliseconds(50), FromBlock = settings.FromBlock });
        Directory.CreateDirectory(settings.DataDirectory);
        _store = SqliteChannelStore.Open(new SqliteChannelStoreOptions { Path = Path.Combine(settings.DataDirectory, "channels.db") });
        var network = new NetworkContext(chainId, settings.Adjudicator);
        _transport = new TcpTransport(settings.Key, network, new TcpTransportOptions
        {
            ListenEndPoint = new IPEndPoint(IPAddress.Loopback, settings.PeerPort),
            ReconnectDelay = TimeSpan.FromMilliseconds(50),
            MaxReconnectDelay = TimeSpan.FromSeconds(1),
        });
        _watcher = new ChannelWatcher(Service, _store, new FileLogCursorStore(Path.Combine(settings.DataDirectory, "cursors")),
            new WatcherOptions { PollInterval = TimeSpan.FromMilliseconds(200), StartBlock = settings.FromBlock });
        Engine = new ChannelEngine(settings.Key, network, _store, _transport, _events,
            new ChannelEngineOptions { TickInterval = TimeSpan.FromMilliseconds(100) }, time: clock, escalationHandlers: [_watcher]);
    }

    /// <summary>The settings the node runs with.</summary>
    public NodeSettings Settings { get; }

    /// <summary>The chain id (<c>eth_chainId</c>).</summary>
    public ulong ChainId { get; }

    /// <summary>The channel engine.</summary>
    public ChannelEngine Engine { get; }

    /// <summary>The chain service (this node's account).</summary>
    public ChainService Service { get; }

    /// <summary>The TCP endpoint peers connect to.</summary>
    public IPEndPoint? PeerEndPoint => _transport.ListenEndPoint;

    /// <summary>Connects to the chain and starts the engine, the watcher and the deposit loop.</summary>
    /// <exception cref="JsonRpcException">The chain refused a request.</exception>
    public static async Task<ParleyNode> StartAsync(NodeSettings settings, CancellationToken cancellationToken)
    {
        _ = TicTacToe.Definition;   // registers the app with StateMachineRegistry so peers' proposals resolve
        var rpc = new JsonRpcClient(settings.RpcUrl);
        var chainId = await rpc.ChainIdAsync(cancellationToken);
        var clock = new ChainClock();
        await clock.SyncAsync(rpc, cancellationToken);
        var node = new ParleyNode(settings, chainId, rpc, clock);
        await node.Engine.StartAsync(cancellationToken);
        await node._watcher.StartAsync(cancellationToken);
        node._depositLoop = node.DepositLoopAsync(node._stop.Token);
        return node;
    }

    /// <summary>How many nonces share one funding deadline: a channel's nonce is <c>deadline × NoncesPerDeadline + r</c>.</summary>
    public const ulong NoncesPerDeadline = 1_000_000;

    /// <summary>
    /// The funding deadline (unix seconds) every participant names in its deposit: the adjudicator requires the same one
    /// from each (<c>FundingDeadlineMismatch</c>), and the proposal carries none, so the opener encodes it in the channel
    /// nonce (<see cref="ChannelNonce"/>) and every node decodes it from there.
    /// </summary>
    public static ulong FundingDeadline(ulong channelNonce) => channelNonce / NoncesPerDeadline;

    /// <summary>A fresh channel nonce whose <see cref="FundingDeadline"/> is <paramref name="deadline"/>.</summary>
    public static ulong ChannelNonce(ulong deadline) => checked(deadline * NoncesPerDeadline + (ulong)Random.Shared.NextInt64(0, (long)NoncesPerDeadline));

    /// <summary>Adds (or replaces) a peer's TCP endpoint.</summary>
    public void AddPeer(Address peer, IPEndPoint endPoint) => _transport.AddPeer(peer, endPoint);

    /// <summary>The channel's state in the engine.</summary>
    /// <exception cref="KeyNotFoundException">This node has no such channel.</exception>
    public ChannelState Channel(Bytes32 channelId) =>
        Engine.GetChannel(channelId) ?? throw new KeyNotFoundException($"This node has no channel {channelId}.");

    /// <summary>Waits until the channel holds the total of <paramref name="funding"/> (every participant's stake).</summary>
    /// <exception cref="TimeoutException">Not funded within <see cref="StepTimeout"/>.</exception>
    public Task WaitForFundingAsync(Bytes32 channelId, Outcome funding, CancellationToken cancellationToken) =>
        Service.WaitForFundingAsync(channelId, funding, StepTimeout, cancellationToken);

    private async Task DepositLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            foreach (var id in Engine.ChannelIds)
            {
                if (Engine.GetChannel(id) is { Phase: ChannelPhase.Running, Latest.TurnNum: 0 } channel && !_deposits.ContainsKey(id))
                {
                    _deposits[id] = DepositAsync(channel, cancellationToken);
                }
            }
            try
            {
                await Task.Delay(100, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task DepositAsync(ChannelState channel, CancellationToken cancellationToken)
    {
        try
        {
            var deadline = FundingDeadline(channel.FixedPart.ChannelNonce);
            foreach (var deposit in await Service.DepositShareAsync(channel.ChannelId, channel.Latest.Outcome, channel.MyIndex, deadline, StepTimeout, cancellationToken))
            {
                Console.WriteLine($"deposited {deposit.Amount} wei into {channel.ChannelId} (gas {deposit.Deposit.Receipt.GasUsed})");
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Console.Error.WriteLine($"deposit into {channel.ChannelId} failed: {CliRunner.Describe(e)}");
        }
    }

    /// <summary>Stops the deposit loop, the watcher and the engine, and closes the store.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_depositLoop is not null)
        {
            await _depositLoop;
        }
        await _watcher.DisposeAsync();
        await Engine.DisposeAsync();
        await _store.DisposeAsync();
        await _events.DisposeAsync();
        _rpc.Dispose();
        _stop.Dispose();
    }
}
