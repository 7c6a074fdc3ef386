using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Parley.Chain;
using Parley.Channels;
using Parley.Contracts;
using Parley.Engine;
using Parley.Observers;
using Parley.Protocol;
using Parley.Settlement;
using Parley.StateMachines;
using Parley.Store;
using Parley.Transport;
using Parley.Watcher;

namespace Parley.Nodes;

/// <summary>
/// One participant of Parley's state channels, wired whole: a durable <see cref="SqliteChannelStore"/>, a
/// <see cref="TcpTransport"/> to the other participants, a <see cref="ChannelEngine"/> running on chain time
/// (<see cref="ChainClock"/>), a <see cref="ChainService"/> paying with the participant's key, a
/// <see cref="ChannelWatcher"/> defending every stored channel on chain (and receiving the engine's escalations), and
/// an automatic deposit of this participant's share when a channel starts running. Parley's counterpart of go-nitro's
/// <c>node.Node</c> and go-perun's client.
/// </summary>
/// <remarks>
/// <para><b>Life cycle.</b> <see cref="StartAsync"/> connects to the chain, checks it against the options, syncs the chain
/// clock, opens the store, and starts the engine (restoring every stored channel), the watcher and the deposit trigger;
/// if any step fails, what was started is stopped again and the error is thrown. <see cref="DisposeAsync"/> stops them
/// in reverse order and closes the store. Starting again on the same <see cref="ParleyNodeOptions.DataDirectory"/>
/// resumes every channel where it stood.</para>
/// <para><b>A channel's path.</b> <see cref="OpenChannelAsync(FixedPart, IStateMachineDefinition, Outcome, byte[], ulong?, CancellationToken)"/>
/// proposes (a peer's proposal is joined by the engine); <see cref="FundAsync"/> (or the automatic deposit) funds it;
/// <see cref="ActAsync"/> moves; <see cref="CloseAsync"/> concludes off chain and pays out on chain;
/// <see cref="ChallengeAsync"/> starts a dispute; <see cref="GetStatusAsync"/> reads both views.</para>
/// <para>Thread-safe: the engine orders each channel's requests; deposits of one channel are made once at a time.</para>
/// </remarks>
public sealed partial class ParleyNode : IAsyncDisposable
{
    private readonly ParleyNodeOptions _options;
    private readonly JsonRpcClient _rpc;
    private readonly bool _ownsRpc;
    private readonly IChannelStore _store;
    private readonly TcpTransport _transport;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<Bytes32, Task<IReadOnlyList<DepositResult>>> _deposits = [];
    private readonly ConcurrentDictionary<Task, byte> _background = new();
    private int _disposed;

    private ParleyNode(ParleyNodeOptions options, JsonRpcClient rpc, bool ownsRpc, ulong chainId, ChainClock clock, IChannelStore store, TcpTransport transport,
        ChannelEvents events, ChainService chain, ChannelWatcher? watcher, ChannelEngine engine)
    {
        _options = options;
        _rpc = rpc;
        _ownsRpc = ownsRpc;
        ChainId = chainId;
        Clock = clock;
        _store = store;
        _transport = transport;
        Events = events;
        Chain = chain;
        Watcher = watcher;
        Engine = engine;
    }

    /// <summary>Raised when this node deposits, sees a channel fully funded, or fails to fund (keep handlers short; an
    /// exception from a handler is ignored).</summary>
    public event EventHandler<NodeFundingEvent>? FundingEvent;

    /// <summary>This participant's address (the key's Ethereum address).</summary>
    public Address Address => Engine.Address;

    /// <summary>The chain id the node's channels name (EIP-155).</summary>
    public ulong ChainId { get; }

    /// <summary>The adjudicator the node's channels name.</summary>
    public Address Adjudicator => Chain.Adjudicator.Address;

    /// <summary>Chain time: the engine's clock, synced to block timestamps by the watcher's polls and the chain reads.</summary>
    public ChainClock Clock { get; }

    /// <summary>The TCP endpoint peers connect to (with the port actually bound), or null when the node does not listen.</summary>
    public IPEndPoint? PeerEndPoint => _transport.ListenEndPoint;

    /// <summary>The channel engine (off-chain protocol: open, act, conclude, support proofs).</summary>
    public ChannelEngine Engine { get; }

    /// <summary>The chain service: this participant's on-chain operations, paid with its key.</summary>
    public ChainService Chain { get; }

    /// <summary>The watcher, or null when <see cref="ParleyNodeOptions.Watch"/> is off.</summary>
    public ChannelWatcher? Watcher { get; }

    /// <summary>The engine's events (states, conclusions, rejections, escalations, peers).</summary>
    public ChannelEvents Events { get; }

    /// <summary>The durable channel store.</summary>
    public IChannelStore Store => _store;

    /// <summary>The ids of every channel this node has.</summary>
    public IReadOnlyCollection<Bytes32> ChannelIds => Engine.ChannelIds;

    /// <summary>
    /// Starts a node: checks <paramref name="options"/>, connects to the chain and checks its chain id and that the
    /// adjudicator has code, syncs the chain clock, opens (or creates) the store in the data directory, starts the engine
    /// (restoring stored channels and listening for peers), the watcher (which first catches up from its saved cursor and
    /// answers any challenge found) and the automatic deposits. On failure everything already started is stopped again.
    /// </summary>
    /// <param name="options">What to run with (read once).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running node; dispose it to stop.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ParleyNodeOptionsException">An option is missing, out of range, or unusable (the data directory cannot be created).</exception>
    /// <exception cref="ChainMismatchException">The chain reports another chain id, or holds no code at the adjudicator's address.</exception>
    /// <exception cref="HttpRequestException">The chain's RPC endpoint cannot be reached.</exception>
    /// <exception cref="JsonRpcException">The chain answered a request with an error.</exception>
    /// <exception cref="StoreException">The store cannot be opened (not a Parley store, locked, corrupt).</exception>
    /// <exception cref="System.Net.Sockets.SocketException">The listen endpoint cannot be bound (in use, not a local address).</exception>
    public static async Task<ParleyNode> StartAsync(ParleyNodeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var key = options.Key!;
        var ownsRpc = options.Rpc is null;
        var rpc = options.Rpc ?? new JsonRpcClient(options.RpcUrl!);
        var cleanup = new Stack<Func<ValueTask>>();
        if (ownsRpc)
        {
            cleanup.Push(() => { rpc.Dispose(); return ValueTask.CompletedTask; });
        }
        try
        {
            var chainId = await rpc.ChainIdAsync(cancellationToken).ConfigureAwait(false);
            if (options.ChainId is { } expected && expected != chainId)
            {
                throw new ChainMismatchException(nameof(ParleyNodeOptions.ChainId), $"chain id {expected}", $"chain id {chainId}");
            }
            if ((await rpc.GetCodeAsync(options.Adjudicator, BlockTag.Latest, cancellationToken).ConfigureAwait(false)).Length == 0)
            {
                throw new ChainMismatchException(nameof(ParleyNodeOptions.Adjudicator), $"the adjudicator's code at {options.Adjudicator}", "no code there");
            }
            var clock = new ChainClock();
            await clock.SyncAsync(rpc, cancellationToken).ConfigureAwait(false);

            var directory = Path.GetFullPath(options.DataDirectory);
            try
            {
                Directory.CreateDirectory(directory);
                Directory.CreateDirectory(Path.Combine(directory, options.CursorDirectoryName));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
            {
                throw new ParleyNodeOptionsException(nameof(ParleyNodeOptions.DataDirectory), $"'{directory}' cannot be used: {e.Message}", e);
            }
            var store = SqliteChannelStore.Open(new SqliteChannelStoreOptions
            {
                Path = Path.Combine(directory, options.StoreFileName),
                Durability = options.Durability,
            });
            cleanup.Push(store.DisposeAsync);

            var loggers = options.LoggerFactory;
            var events = new ChannelEvents(loggers?.CreateLogger<ChannelEvents>());
            cleanup.Push(events.DisposeAsync);
            var sender = new LocalAccount(rpc, key, chainId, options.Transactions);
            var chain = new ChainService(sender, new AdjudicatorClient(rpc, options.Adjudicator), clock,
                new ChainServiceOptions { FundingPollInterval = options.ChainPollInterval, FromBlock = options.FromBlock });
            var network = new NetworkContext(chainId, options.Adjudicator);
            var transport = new TcpTransport(key, network, CopyTransportOptions(options.Transport), loggers?.CreateLogger<TcpTransport>());
            var engineTransport = (IPeerTransport)transport;
            if (options.TransportDecorator is { } decorate)
            {
                engineTransport = decorate(transport) ?? throw new ParleyNodeOptionsException(nameof(ParleyNodeOptions.TransportDecorator), "The decorator returned null.");
            }
            ChannelWatcher? watcher = null;
            if (options.Watch)
            {
                watcher = new ChannelWatcher(chain, store, new FileLogCursorStore(Path.Combine(directory, options.CursorDirectoryName)),
                    options.Watcher with { StartBlock = options.FromBlock, PollInterval = options.ChainPollInterval },
                    logger: loggers?.CreateLogger<ChannelWatcher>());
                cleanup.Push(watcher.DisposeAsync);
            }
            IEnumerable<IEscalationHandler> handlers = watcher is null ? options.EscalationHandlers : [watcher, .. options.EscalationHandlers];
            ChannelEngine engine;
            try
            {
                engine = new ChannelEngine(key, network, store, engineTransport, events, options.Engine, clock, loggers?.CreateLogger<ChannelEngine>(),
                    escalationHandlers: [.. handlers]);
            }
            catch (ArgumentException e)
            {
                await engineTransport.DisposeAsync().ConfigureAwait(false);
                throw new ParleyNodeOptionsException(nameof(ParleyNodeOptions.TransportDecorator), e.Message, e);
            }
            // Stopped before the watcher (pushed later, popped first).
            cleanup.Push(engine.DisposeAsync);
            if (watcher is not null)
            {
                watcher.Engine = engine;   // signs the moves a WatcherOptions.ChallengeResponder chooses on a registered state
            }
            await engine.StartAsync(cancellationToken).ConfigureAwait(false);
            var node = new ParleyNode(options, rpc, ownsRpc, chainId, clock, store, transport, events, chain, watcher, engine);
            if (watcher is not null)
            {
                await watcher.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            node.StartAutoDeposits();
            return node;
        }
        catch
        {
            while (cleanup.TryPop(out var undo))
            {
                try
                {
                    await undo().ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // Best effort: the start's own error is the one to report.
                }
            }
            throw;
        }
    }

    /// <summary>Adds (or replaces) a peer's TCP endpoint; the node dials it and keeps the connection.</summary>
    /// <param name="peer">The peer's participant address.</param>
    /// <param name="endPoint">Where it listens.</param>
    /// <exception cref="ArgumentNullException"><paramref name="endPoint"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="peer"/> is this node's own address.</exception>
    public void AddPeer(Address peer, EndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        if (peer == Address)
        {
            throw new ArgumentException($"{peer} is this node itself.", nameof(peer));
        }
        _transport.AddPeer(peer, endPoint);
    }

    /// <summary>Whether a connection to <paramref name="peer"/> is open (handshake completed).</summary>
    public bool IsConnected(Address peer) => _transport.IsConnected(peer);

    /// <summary>The channel's latest durable state in the engine.</summary>
    /// <exception cref="UnknownChannelException">This node has no such channel.</exception>
    public ChannelState GetChannel(Bytes32 channelId) => Engine.GetChannel(channelId) ?? throw new UnknownChannelException(channelId);

    /// <summary>
    /// A fixed part for a new channel on this node's chain and adjudicator, with this node among
    /// <paramref name="participants"/> and a fresh random 64-bit nonce (so the channel id is new).
    /// </summary>
    /// <param name="participants">The participants' addresses in channel order (this node's included).</param>
    /// <param name="appDefinition">The app contract's address on this chain.</param>
    /// <param name="challengeDuration">The challenge window, seconds of chain time (&gt; 0, at most 2^48 − 1).</param>
    /// <returns>The fixed part; its <see cref="FixedPart.ChannelId"/> is the channel id.</returns>
    /// <exception cref="ArgumentException">This node is not among the participants, or a participant repeats.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="challengeDuration"/> is 0 or above 2^48 − 1.</exception>
    public FixedPart CreateFixedPart(IReadOnlyList<Address> participants, Address appDefinition, ulong challengeDuration)
    {
        ArgumentNullException.ThrowIfNull(participants);
        if (!participants.Contains(Address))
        {
            throw new ArgumentException($"This node ({Address}) is not among the participants.", nameof(participants));
        }
        if (participants.Distinct().Count() != participants.Count)
        {
            throw new ArgumentException("A participant appears twice.", nameof(participants));
        }
        ArgumentOutOfRangeException.ThrowIfZero(challengeDuration);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(challengeDuration, (1UL << 48) - 1);
        var nonce = (ulong)Random.Shared.NextInt64(1, long.MaxValue);
        return new FixedPart(ChainId, Adjudicator, participants, nonce, appDefinition, challengeDuration);
    }

    /// <summary>
    /// Proposes a channel (forwards to <see cref="ChannelEngine.OpenChannelAsync"/>): stores the pre-fund state signed
    /// and sends the proposal, carrying the funding deadline every participant will name in its deposits. Completes once
    /// that is durable and sent; the channel runs when every participant has countersigned (<see cref="WaitForRunningAsync"/>),
    /// and then, with <see cref="ParleyNodeOptions.AutoDeposit"/>, every node deposits its share.
    /// </summary>
    /// <param name="fixedPart">The fixed part (see <see cref="CreateFixedPart"/>); it must name this node's chain and adjudicator.</param>
    /// <param name="app">The state machine.</param>
    /// <param name="outcome">The pre-fund outcome: per asset, each participant's stake (wei or token base units).</param>
    /// <param name="appData">The pre-fund appData; default the machine's initial state.</param>
    /// <param name="fundingDeadline">The funding deadline, unix seconds of chain time; null for chain time now plus
    /// <see cref="ChannelEngineOptions.FundingWindow"/>.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The channel's state (phase <see cref="ChannelPhase.Proposed"/>).</returns>
    /// <exception cref="ChannelRequestException">The protocol refused it (another chain or adjudicator, a participant
    /// count the machine does not take, a channel id already used, an invalid funding deadline…).</exception>
    public Task<ChannelState> OpenChannelAsync(FixedPart fixedPart, IStateMachineDefinition app, Outcome outcome, byte[]? appData = null,
        ulong? fundingDeadline = null, CancellationToken cancellationToken = default) =>
        Engine.OpenChannelAsync(fixedPart, app, outcome, appData, fundingDeadline, cancellationToken);

    /// <summary>Waits until every participant has signed the channel's pre-fund state (phase <see cref="ChannelPhase.Running"/> or later).</summary>
    /// <param name="channelId">The channel.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The channel's state.</returns>
    /// <exception cref="TimeoutException">Not running within <see cref="ParleyNodeOptions.StepTimeout"/>.</exception>
    public Task<ChannelState> WaitForRunningAsync(Bytes32 channelId, CancellationToken cancellationToken = default) =>
        WaitForAsync(channelId, s => s.Phase != ChannelPhase.Proposed, "running (pre-fund state signed by every participant)", cancellationToken);

    /// <summary>
    /// Makes this node's move (forwards to <see cref="ChannelEngine.ActAsync"/>): the action is applied by the reducer,
    /// the new state signed, stored and sent.
    /// </summary>
    /// <param name="channelId">The channel.</param>
    /// <param name="action">The action's calldata (selector and ABI-encoded arguments, e.g. <c>TicTacToe.Actions.Play(4)</c>).</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The new latest state.</returns>
    /// <exception cref="ChannelRequestException">Refused: unknown channel, not running, not this node's turn, the rules rejected the action…</exception>
    public Task<LoggedState> ActAsync(Bytes32 channelId, byte[] action, CancellationToken cancellationToken = default) =>
        Engine.ActAsync(channelId, action, cancellationToken);

    /// <summary>Waits until the channel's durable state satisfies <paramref name="predicate"/>, at most <see cref="ParleyNodeOptions.StepTimeout"/>.</summary>
    /// <param name="channelId">The channel.</param>
    /// <param name="predicate">The condition.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The first state satisfying it.</returns>
    /// <exception cref="TimeoutException">Not satisfied within <see cref="ParleyNodeOptions.StepTimeout"/>.</exception>
    public Task<ChannelState> WaitForAsync(Bytes32 channelId, Func<ChannelState, bool> predicate, CancellationToken cancellationToken = default) =>
        WaitForAsync(channelId, predicate, "the awaited state", cancellationToken);

    private async Task<ChannelState> WaitForAsync(Bytes32 channelId, Func<ChannelState, bool> predicate, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        limit.CancelAfter(_options.StepTimeout);
        try
        {
            return await Engine.WaitForAsync(channelId, predicate, limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && !_stopping.IsCancellationRequested)
        {
            var state = Engine.GetChannel(channelId);
            throw new TimeoutException(
                $"Channel {channelId} did not reach {what} within {_options.StepTimeout.TotalSeconds:0.#} s"
                + (state is null ? " (this node does not have it)." : $" (phase {state.Phase}, turn {state.Latest.TurnNum})."));
        }
    }

    /// <summary>
    /// Stops the node: the deposit trigger and any deposit in flight, the watcher, the engine (and with it the transport),
    /// then closes the store and, when the node created it, the RPC client. Idempotent.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        Events.EventPublished -= OnEngineEvent;
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_background.Keys).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Deposits in flight end with the cancellation (or their own error, already reported as FundingFailedEvent).
        }
        if (Watcher is not null)
        {
            await Watcher.DisposeAsync().ConfigureAwait(false);
        }
        await Engine.DisposeAsync().ConfigureAwait(false);
        await _store.DisposeAsync().ConfigureAwait(false);
        await Events.DisposeAsync().ConfigureAwait(false);
        if (_ownsRpc)
        {
            _rpc.Dispose();
        }
        _stopping.Dispose();
    }

    private static TcpTransportOptions CopyTransportOptions(TcpTransportOptions o)
    {
        var copy = new TcpTransportOptions
        {
            ListenEndPoint = o.ListenEndPoint,
            MaxFrameSize = o.MaxFrameSize,
            HandshakeTimeout = o.HandshakeTimeout,
            ReconnectDelay = o.ReconnectDelay,
            MaxReconnectDelay = o.MaxReconnectDelay,
            KeepAliveInterval = o.KeepAliveInterval,
            IdleTimeout = o.IdleTimeout,
        };
        foreach (var (peer, endPoint) in o.Peers)
        {
            copy.Peers[peer] = endPoint;
        }
        return copy;
    }

    private void Raise(NodeFundingEvent e)
    {
        try
        {
            FundingEvent?.Invoke(this, e);
        }
        catch (Exception)
        {
            // A subscriber's failure must not stop funding.
        }
    }
}
