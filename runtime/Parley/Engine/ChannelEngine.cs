using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Parley.Channels;
using Parley.Crypto;
using Parley.Observers;
using Parley.Protocol;
using Parley.StateMachines;
using Parley.Store;
using Parley.Transport;

namespace Parley.Engine;

/// <summary>
/// The imperative shell around <see cref="ChannelProtocol"/>: runs many channels at once — each channel's events
/// strictly in order on its own actor, channels in parallel — and carries out the side effects of every step in the
/// safe order: persist (group-committed, fsynced per the store's durability), then send, then publish.
/// </summary>
/// <remarks>
/// <para><b>Safety.</b> A state is stored before it is acknowledged and a signature before it leaves the process:
/// messages of a batch are handed to the transport only after the store commit of that batch completed. If a commit
/// fails (the signing guard refused, the disk failed), nothing of the batch is sent, local requests of the batch fail
/// with the exception, and the channel is reloaded from the store. <see cref="GetChannel"/> only shows durable states.</para>
/// <para><b>Back-pressure.</b> Each channel's inbox is bounded (<see cref="ChannelEngineOptions.ChannelInboxCapacity"/>):
/// when full, the transport stops reading from the sending peer. <see cref="ActAsync"/> waits while more than
/// <see cref="ChannelEngineOptions.MaxUnacknowledged"/> of this node's states are unacknowledged.</para>
/// <para><b>Escalation.</b> Missed deadlines (agreement time, turn timeout) become <see cref="EscalationNeededEvent"/>s,
/// published and handed to every <see cref="IEscalationHandler"/>.</para>
/// </remarks>
public sealed class ChannelEngine : ITransportHandler, IAsyncDisposable
{
    private readonly ProtocolContext _context;
    private readonly IChannelStore _store;
    private readonly IPeerTransport _transport;
    private readonly ChannelEngineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<string, IStateMachineDefinition?> _resolveApp;
    private readonly IReadOnlyList<IEscalationHandler> _escalationHandlers;
    private readonly ConcurrentDictionary<Bytes32, ChannelActor> _actors = new();
    private readonly ConcurrentDictionary<Address, int> _rejections = new();
    private readonly Lock _actorLock = new();
    private readonly CancellationTokenSource _stopping = new();
    private TaskCompletionSource _anyChange = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _ticker;
    private int _started;

    /// <summary>Creates the engine (nothing runs until <see cref="StartAsync"/>).</summary>
    /// <param name="key">This node's participant key (the transport must authenticate with the same key).</param>
    /// <param name="network">The chain and adjudicator this node's channels name.</param>
    /// <param name="store">The durable store (owned by the caller: dispose it after the engine).</param>
    /// <param name="transport">The transport (started and stopped by the engine).</param>
    /// <param name="events">Where events are published.</param>
    /// <param name="options">Settings.</param>
    /// <param name="time">The clock (default <see cref="TimeProvider.System"/>).</param>
    /// <param name="logger">Logging, with structured channelId / turnNum fields.</param>
    /// <param name="resolveApp">Finds a state machine by id; default <see cref="StateMachineRegistry.TryGet"/>.</param>
    /// <param name="escalationHandlers">Called on every escalation.</param>
    /// <exception cref="ArgumentException">The transport authenticates with another address than <paramref name="key"/>'s.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public ChannelEngine(PrivateKey key, NetworkContext network, IChannelStore store, IPeerTransport transport, ChannelEvents events,
        ChannelEngineOptions options, TimeProvider? time = null, ILogger<ChannelEngine>? logger = null,
        Func<string, IStateMachineDefinition?>? resolveApp = null, IEnumerable<IEscalationHandler>? escalationHandlers = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(network);
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _transport = transport ?? throw new ArgumentNullException(nameof(transport));
        Events = events ?? throw new ArgumentNullException(nameof(events));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
        if (transport.LocalAddress != key.Address)
        {
            throw new ArgumentException($"The transport authenticates as {transport.LocalAddress}, the engine signs as {key.Address}.", nameof(transport));
        }
        _context = new ProtocolContext(key, network, options.Protocol);
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<ChannelEngine>.Instance;
        _resolveApp = resolveApp ?? (id => StateMachineRegistry.TryGet(id, out var app) ? app : null);
        _escalationHandlers = escalationHandlers?.ToArray() ?? [];
    }

    /// <summary>This node's participant address.</summary>
    public Address Address => _context.Address;

    /// <summary>Where this engine publishes its events.</summary>
    public ChannelEvents Events { get; }

    /// <summary>The store this engine persists to.</summary>
    public IChannelStore Store => _store;

    /// <summary>The ids of every channel this node has.</summary>
    public IReadOnlyCollection<Bytes32> ChannelIds => _actors.Where(kv => kv.Value.State is not null).Select(kv => kv.Key).ToArray();

    /// <summary>
    /// Restores every stored channel, starts the transport and the deadline timer. Channels whose state machine is
    /// not loaded are logged and left out.
    /// </summary>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    /// <exception cref="StoreException">The store failed.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The engine is already started.");
        }
        var now = _time.GetUtcNow();
        foreach (var channelId in await _store.ListChannelsAsync(cancellationToken).ConfigureAwait(false))
        {
            var stored = await _store.LoadChannelAsync(channelId, _context.Options.ReplayWindow, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                continue;
            }
            if (_resolveApp(stored.Registration.App) is not { } app)
            {
                EngineLog.RestoreFailed(_logger, channelId, $"state machine '{stored.Registration.App}' is not loaded");
                continue;
            }
            try
            {
                var preFund = (await _store.ReadLogAsync(channelId, 0, 0, cancellationToken).ConfigureAwait(false)).Single();
                var state = ChannelProtocol.Restore(_context, stored, app, preFund.StateHash, now);
                StartActor(new ChannelActor(channelId, _options.ChannelInboxCapacity, state));
                EngineLog.Restored(_logger, channelId, state.Latest.TurnNum, state.Phase);
            }
            catch (Exception e) when (e is StoreException or InvalidOperationException)
            {
                EngineLog.RestoreFailed(_logger, channelId, e.Message);
            }
        }
        await _transport.StartAsync(this, cancellationToken).ConfigureAwait(false);
        _ticker = Task.Run(TickLoopAsync, CancellationToken.None);
    }

    /// <summary>The latest durable state of a channel, or null if this node does not have it.</summary>
    public ChannelState? GetChannel(Bytes32 channelId) => _actors.TryGetValue(channelId, out var actor) ? actor.State : null;

    /// <summary>
    /// Proposes a channel: stores it with the pre-fund state signed and sends the proposal. Completes once that is
    /// durable and sent; the channel runs when every participant has countersigned (see <see cref="WaitForAsync"/>).
    /// </summary>
    /// <param name="fixedPart">The fixed part; this node must be a participant.</param>
    /// <param name="app">The state machine.</param>
    /// <param name="outcome">The pre-fund outcome.</param>
    /// <param name="appData">The pre-fund appData; default <see cref="IStateMachineDefinition.InitialAppData"/>.</param>
    /// <param name="fundingDeadline">
    /// The funding deadline the proposal carries, unix seconds of chain time (a Solidity <c>uint48</c>): every participant
    /// names it in its deposits, and <c>reclaim</c> needs it to have passed. Null (default): this engine's clock
    /// (its <see cref="TimeProvider"/>, chain time in a node) plus <see cref="ChannelEngineOptions.FundingWindow"/>,
    /// rounded down to whole seconds. The result is <see cref="ChannelState.FundingDeadline"/>.
    /// </param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <exception cref="ChannelRequestException">
    /// Refused (e.g. another chain, a participant count the machine does not take, a channel id already used); with
    /// <see cref="RejectionReason.InvalidFundingDeadline"/> for a deadline that is 0, above 2^48 − 1, not after this
    /// engine's clock, or beyond <see cref="ProtocolOptions.MaxFundingWindow"/>.
    /// </exception>
    public async Task<ChannelState> OpenChannelAsync(FixedPart fixedPart, IStateMachineDefinition app, Outcome outcome, byte[]? appData = null,
        ulong? fundingDeadline = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fixedPart);
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(outcome);
        ChannelActor actor;
        lock (_actorLock)
        {
            if (_actors.ContainsKey(fixedPart.ChannelId))
            {
                throw new ChannelRequestException(fixedPart.ChannelId, new Rejection(RejectionReason.InvalidProposal, "This node already has a channel with this id."));
            }
            actor = StartActor(new ChannelActor(fixedPart.ChannelId, _options.ChannelInboxCapacity, null));
        }
        var completion = new TaskCompletionSource<ChannelState>(TaskCreationOptions.RunContinuationsAsynchronously);
        await actor.Inbox.Writer.WriteAsync(new ProposeItem(fixedPart, app, appData ?? app.InitialAppData(), outcome, fundingDeadline, completion), cancellationToken).ConfigureAwait(false);
        return await completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Makes this node's move: applies the action through the reducer, signs, stores and sends the new state. Waits
    /// first while too many of this node's states are unacknowledged (back-pressure). Completes once the new state is
    /// durable and handed to the transport.
    /// </summary>
    /// <param name="channelId">The channel.</param>
    /// <param name="action">The action's calldata (e.g. <c>TicTacToe.Actions.Play(4)</c>).</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The new latest state.</returns>
    /// <exception cref="ChannelRequestException">Refused: unknown channel, not running, not this node's turn, the rules rejected the action…</exception>
    public async Task<LoggedState> ActAsync(Bytes32 channelId, byte[] action, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        var actor = Existing(channelId);
        while (actor.State is { } state && state.UnacknowledgedCount >= _options.MaxUnacknowledged)
        {
            await actor.Changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        var completion = new TaskCompletionSource<LoggedState>(TaskCreationOptions.RunContinuationsAsynchronously);
        await actor.Inbox.Writer.WriteAsync(new ActItem(action, completion), cancellationToken).ConfigureAwait(false);
        return await completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Makes this node's move on the state registered on chain (a challenge, or the last <c>progress</c>) and returns
    /// the signed <see cref="Move"/> to answer it with (<c>ChainService.ProgressAsync(fixedPart, registered, move)</c>).
    /// The action goes through the reducer exactly as an off-chain move (<see cref="ActAsync"/>): same refusals, same
    /// never-sign-twice rule, and the new state (turnNum = registered + 1) is stored, with the signature, before this
    /// returns, becomes the channel's latest state (a later checkpoint or cooperative close builds on it) and is sent to
    /// the other participants.
    /// </summary>
    /// <remarks>
    /// Asked again for a turn this node already signed: if the action gives the very state signed, the stored move is
    /// returned (nothing new is signed); otherwise the request is refused with <see cref="RejectionReason.AlreadySigned"/>.
    /// Does not wait for back-pressure (a challenge deadline runs).
    /// </remarks>
    /// <param name="channelId">The channel.</param>
    /// <param name="registered">The state registered on chain (turnNum, appData, outcome, isFinal, as
    /// <c>ChannelOnChain.Registered</c> rebuilds it); it must be a state this node holds.</param>
    /// <param name="action">The action's calldata (4-byte selector ‖ ABI-encoded arguments).</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The move: the action as stored and this participant's EIP-712 signature on the state it produces.</returns>
    /// <exception cref="ChannelRequestException">
    /// Refused: unknown channel; not running; <see cref="RejectionReason.UnknownState"/> (the registered state is not one
    /// this node holds); <see cref="RejectionReason.StateIsFinal"/>; <see cref="RejectionReason.NotYourTurn"/>;
    /// <see cref="RejectionReason.ActionRejected"/> (with the rule's reason); <see cref="RejectionReason.AlreadySigned"/>.
    /// </exception>
    /// <exception cref="StoreException">The store failed (nothing was sent).</exception>
    public async Task<Move> MoveOnChainAsync(Bytes32 channelId, VariablePart registered, byte[] action, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registered);
        ArgumentNullException.ThrowIfNull(action);
        var actor = Existing(channelId);
        var completion = new TaskCompletionSource<ChannelState>(TaskCreationOptions.RunContinuationsAsynchronously);
        await actor.Inbox.Writer.WriteAsync(new MoveOnChainItem(registered, action, completion), cancellationToken).ConfigureAwait(false);
        var state = await completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        // Durable by now: read the move back from the store (the same bytes a restart would see).
        var turn = registered.TurnNum + 1;
        var entry = (await _store.ReadLogAsync(channelId, turn, turn, cancellationToken).ConfigureAwait(false)).SingleOrDefault();
        var signatures = await _store.ReadSignaturesAsync(channelId, turn, turn, cancellationToken).ConfigureAwait(false);
        var own = signatures.Where(s => s.Participant == state.MyIndex).Select(s => (StoredSignature?)s).FirstOrDefault();
        if (entry is null || own is not { } signature)
        {
            throw new StoreException($"Channel {channelId}: turnNum {turn} was signed but is not in the store.");
        }
        return new Move(entry.Action, signature.Signature);
    }

    /// <summary>
    /// Adopts a move another participant made only on chain (an adjudicator <c>Progressed</c> event whose move was never
    /// sent off chain): the reducer re-runs the action on <paramref name="before"/> — a state this node holds — the
    /// resulting state's EIP-712 digest must be signed by participant <paramref name="moverIndex"/>, whose turn it must
    /// be, and the state is then stored as a mover-signed log entry and becomes the channel's latest, exactly as if the
    /// update had arrived off chain (<see cref="ChannelProtocol.AdoptOnChainMove"/>). This node signs nothing. Completes
    /// once the state is durable; afterwards <see cref="MoveOnChainAsync"/> can answer on it.
    /// </summary>
    /// <param name="channelId">The channel.</param>
    /// <param name="before">The state the move applies to: the state registered on chain before the <c>progress</c>
    /// (turnNum <c>turnNumRecord − 1</c> of the event), as <c>ChannelOnChain.Moves</c> rebuilds it.</param>
    /// <param name="moverIndex">The mover's participant index, as the event names it.</param>
    /// <param name="move">The event's action (calldata) and the mover's signature on the resulting state.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>True when the state was stored now; false when this node already held that very state (nothing changed).</returns>
    /// <exception cref="ChannelRequestException">
    /// Refused, nothing stored: <see cref="RejectionReason.UnknownChannel"/>; <see cref="RejectionReason.ChannelNotRunning"/>;
    /// <see cref="RejectionReason.TurnNumSkipped"/> (<paramref name="before"/> is newer than this node's latest state: adopt
    /// in chain order); <see cref="RejectionReason.NotBuiltOnHeldState"/>; <see cref="RejectionReason.StaleTurnNum"/>;
    /// <see cref="RejectionReason.StateIsFinal"/>; <see cref="RejectionReason.WrongMover"/> (not that participant's turn,
    /// or signed by another participant); <see cref="RejectionReason.NotAParticipant"/>,
    /// <see cref="RejectionReason.InvalidSignature"/>, <see cref="RejectionReason.HighS"/> (the signature);
    /// <see cref="RejectionReason.ActionRejected"/>, <see cref="RejectionReason.ConservationViolated"/> (the reducer);
    /// <see cref="RejectionReason.Malformed"/>; <see cref="RejectionReason.TurnNumRepeated"/> for a fork (this node holds
    /// another state at that turnNum: it keeps its own and publishes <see cref="OnChainForkEvent"/>).
    /// </exception>
    /// <exception cref="StoreException">The store failed (nothing changed).</exception>
    public async Task<bool> AdoptOnChainMoveAsync(Bytes32 channelId, VariablePart before, int moverIndex, Move move, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(move);
        var actor = Existing(channelId);
        var completion = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await actor.Inbox.Writer.WriteAsync(new AdoptOnChainItem(before, moverIndex, move, completion), cancellationToken).ConfigureAwait(false);
        return await completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Adopts the move of an adjudicator <c>Progressed</c> event (see
    /// <see cref="AdoptOnChainMoveAsync(Bytes32, VariablePart, int, Move, CancellationToken)"/>).
    /// </summary>
    /// <param name="before">The registered state before the event (turnNum <c>progressed.TurnNumRecord − 1</c>).</param>
    /// <param name="progressed">The decoded event.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>True when the state was stored now; false when this node already held it.</returns>
    /// <exception cref="ArgumentException">The event's turnNumRecord is not <paramref name="before"/>'s turnNum + 1.</exception>
    /// <exception cref="ChannelRequestException">As the other overload.</exception>
    /// <exception cref="StoreException">The store failed (nothing changed).</exception>
    public Task<bool> AdoptOnChainMoveAsync(VariablePart before, Contracts.ProgressedEvent progressed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(progressed);
        if (progressed.TurnNumRecord != before.TurnNum + 1)
        {
            throw new ArgumentException(
                $"The event registers turnNum {progressed.TurnNumRecord}; a move on turnNum {before.TurnNum} gives {before.TurnNum + 1}.", nameof(progressed));
        }
        return AdoptOnChainMoveAsync(progressed.ChannelId, before, progressed.MoverIndex, progressed.Move, cancellationToken);
    }

    /// <summary>
    /// Proposes to conclude (only on this node's turn): signs the final state repeating the latest outcome and sends
    /// it; the channel is concluded once every participant has countersigned.
    /// </summary>
    /// <returns>The pending final state.</returns>
    /// <exception cref="ChannelRequestException">Refused (unknown channel, not this node's turn, already final…).</exception>
    public async Task<LoggedState> ConcludeAsync(Bytes32 channelId, CancellationToken cancellationToken = default)
    {
        var actor = Existing(channelId);
        var completion = new TaskCompletionSource<LoggedState>(TaskCreationOptions.RunContinuationsAsynchronously);
        await actor.Inbox.Writer.WriteAsync(new ConcludeItem(completion), cancellationToken).ConfigureAwait(false);
        return await completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits until the channel exists and its durable state satisfies <paramref name="predicate"/>.</summary>
    public async Task<ChannelState> WaitForAsync(Bytes32 channelId, Func<ChannelState, bool> predicate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        while (true)
        {
            var changed = Volatile.Read(ref _anyChange).Task;
            if (GetChannel(channelId) is { } state && predicate(state))
            {
                return state;
            }
            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Re-derives a channel from the store (see <see cref="StoredHistory.RederiveAsync"/>).</summary>
    public Task<RederivationReport> RederiveAsync(Bytes32 channelId, ulong? fromSnapshot = null, CancellationToken cancellationToken = default) =>
        StoredHistory.RederiveAsync(_store, channelId, _resolveApp, fromSnapshot, cancellationToken);

    /// <summary>The support proof of the channel's latest supported state, for a challenge (see <see cref="StoredHistory.SupportProofAsync"/>).</summary>
    public Task<SupportProof> GetSupportProofAsync(Bytes32 channelId, CancellationToken cancellationToken = default) =>
        StoredHistory.SupportProofAsync(_store, channelId, _resolveApp, cancellationToken);

    private ChannelActor Existing(Bytes32 channelId) =>
        _actors.TryGetValue(channelId, out var actor) && actor.State is not null
            ? actor
            : throw new ChannelRequestException(channelId, new Rejection(RejectionReason.UnknownChannel, "This node has no such channel."));

    private ChannelActor StartActor(ChannelActor actor)
    {
        _actors[actor.ChannelId] = actor;
        actor.Loop = Task.Run(() => RunActorAsync(actor), CancellationToken.None);
        return actor;
    }

    // ----- transport callbacks -----

    /// <inheritdoc />
    public async ValueTask OnMessageAsync(Address peer, ChannelMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        while (true)
        {
            if (_actors.TryGetValue(message.ChannelId, out var actor))
            {
                if (actor.State is { } state)
                {
                    if (state.FixedPart.IndexOf(peer) < 0)
                    {
                        throw new WireFormatException(WireError.NotAParticipant, $"{peer} sent a message about channel {message.ChannelId}, of which it is not a participant.");
                    }
                    if (message is UpdateMessage update)
                    {
                        // Recover the signer here, on the connection's thread, while the channel's actor works on
                        // earlier messages: the ordered step then only looks the result up.
                        SignatureCheck.Precompute(state.FixedPart, update);
                    }
                }
                try
                {
                    await actor.Inbox.Writer.WriteAsync(new InboundItem(peer, message), cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (ChannelClosedException)
                {
                    if (_stopping.IsCancellationRequested)
                    {
                        return;
                    }
                    continue; // the actor of a refused proposal was retired; route again
                }
            }
            if (message is ProposeMessage proposal)
            {
                if (proposal.FixedPart.IndexOf(peer) < 0)
                {
                    throw new WireFormatException(WireError.NotAParticipant, $"{peer} proposed channel {message.ChannelId} without being a participant.");
                }
                lock (_actorLock)
                {
                    if (!_actors.ContainsKey(message.ChannelId) && !_stopping.IsCancellationRequested)
                    {
                        StartActor(new ChannelActor(message.ChannelId, _options.ChannelInboxCapacity, null));
                    }
                }
                if (_stopping.IsCancellationRequested)
                {
                    return;
                }
                continue;
            }
            // Not a channel this node knows: refuse, and say so with a SYNC so a participant resends the proposal.
            var step = ChannelProtocol.ReceiveForUnknownChannel(peer, message, _time.GetUtcNow());
            Dispatch(step.Messages);
            CountRejection(peer, step.Rejection);
            PublishAll(step.Events);
            return;
        }
    }

    /// <inheritdoc />
    public void OnPeerConnected(Address peer)
    {
        _rejections.TryRemove(peer, out _);
        Events.Publish(new PeerConnectedEvent(_time.GetUtcNow(), peer));
        foreach (var actor in _actors.Values)
        {
            if (actor.State is { } state && state.FixedPart.IndexOf(peer) >= 0 && !actor.Inbox.Writer.TryWrite(new PeerConnectedItem(peer)))
            {
                _ = actor.Inbox.Writer.WriteAsync(new PeerConnectedItem(peer), _stopping.Token).AsTask()
                    .ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
            }
        }
    }

    /// <inheritdoc />
    public void OnPeerDisconnected(Address peer, ConnectionClosed reason) => Events.Publish(new PeerLostEvent(_time.GetUtcNow(), peer, reason));

    // ----- the actor loop -----

    private async Task RunActorAsync(ChannelActor actor)
    {
        var reader = actor.Inbox.Reader;
        var items = new List<WorkItem>();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            items.Clear();
            while (items.Count < _options.MaxStepsPerCommit && reader.TryRead(out var item))
            {
                items.Add(item);
            }
            try
            {
                await ProcessBatchAsync(actor, items).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // A bug, not a peer's doing: keep the channel's loop alive, fail the waiting callers.
                _logger.LogError(e, "Channel {ChannelId}: unexpected failure processing a batch", actor.ChannelId);
                foreach (var item in items)
                {
                    Fail(item, e);
                }
            }
            if (actor.State is null)
            {
                RetireIfEmpty(actor);
            }
        }
    }

    private void RetireIfEmpty(ChannelActor actor)
    {
        lock (_actorLock)
        {
            if (actor.State is null && actor.Inbox.Reader.Count == 0 && _actors.TryGetValue(actor.ChannelId, out var current) && ReferenceEquals(current, actor))
            {
                _actors.TryRemove(actor.ChannelId, out _);
                actor.Inbox.Writer.TryComplete();
            }
        }
    }

    private async Task ProcessBatchAsync(ChannelActor actor, List<WorkItem> items)
    {
        var state = actor.State;
        var now = _time.GetUtcNow();
        ChannelWriteBatch? batch = null;
        var messages = new List<Outbound>();
        var events = new List<ChannelEvent>();
        var resends = new List<ResendRequest>();
        var outcomes = new List<(WorkItem Item, Step Step)>(items.Count);
        foreach (var item in items)
        {
            var step = Compute(state, item, now);
            outcomes.Add((item, step));
            if (step.State is not null)
            {
                state = step.State;
            }
            if (step.Persist is { } persist)
            {
                if (batch is null)
                {
                    batch = persist;
                }
                else
                {
                    batch.Merge(persist);
                }
            }
            messages.AddRange(step.Messages);
            events.AddRange(step.Events);
            resends.AddRange(step.Resends);
        }

        if (batch is not null)
        {
            try
            {
                await _store.CommitAsync(batch).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                EngineLog.CommitFailed(_logger, e, actor.ChannelId, state?.Latest.TurnNum ?? 0);
                foreach (var item in items)
                {
                    Fail(item, e);
                }
                actor.Publish(await ReloadAsync(actor.ChannelId, state).ConfigureAwait(false));
                PulseChange();
                return;
            }
        }
        actor.Publish(state);
        Dispatch(messages);
        foreach (var request in resends)
        {
            await ResendAsync(state!, request).ConfigureAwait(false);
        }
        foreach (var (item, step) in outcomes)
        {
            if (item is InboundItem inbound)
            {
                CountRejection(inbound.From, step.Rejection);
                if (step.Rejection is { Reason: not RejectionReason.Replay } rejection)
                {
                    EngineLog.Refused(_logger, actor.ChannelId, TurnOf(inbound.Message), inbound.From, rejection.Reason, rejection.Detail);
                }
            }
            Complete(item, step);
        }
        PublishAll(events);
        PulseChange();
    }

    private Step Compute(ChannelState? state, WorkItem item, DateTimeOffset now)
    {
        if (state is null)
        {
            return item switch
            {
                ProposeItem p => ChannelProtocol.Propose(_context, p.FixedPart, p.App, p.AppData, p.Outcome,
                    p.FundingDeadline ?? (ulong)Math.Max(0, (now + _options.FundingWindow).ToUnixTimeSeconds()), now),
                InboundItem { Message: ProposeMessage proposal } i => ChannelProtocol.ReceiveProposal(_context, i.From, proposal,
                    _resolveApp(proposal.App) is { } app && string.Equals(app.Id, proposal.App, StringComparison.Ordinal) ? app : null,
                    _options.AcceptProposal?.Invoke(proposal) ?? true, now),
                InboundItem i => ChannelProtocol.ReceiveForUnknownChannel(i.From, i.Message, now),
                _ => new StepBuilder(default, now).Done(null),
            };
        }
        return item switch
        {
            InboundItem i => ChannelProtocol.Receive(_context, state, i.From, i.Message, now),
            ActItem a => ChannelProtocol.Act(_context, state, a.Action, now),
            MoveOnChainItem m => ChannelProtocol.MoveOnChain(_context, state, m.Registered, m.Action, now),
            AdoptOnChainItem a => ChannelProtocol.AdoptOnChainMove(_context, state, a.Before, a.MoverIndex, a.Move, now),
            ConcludeItem => ChannelProtocol.Conclude(_context, state, now),
            PeerConnectedItem p => ChannelProtocol.PeerConnected(state, p.Peer, now),
            TickItem => ChannelProtocol.Tick(_context, state, now),
            ProposeItem => new StepBuilder(state.ChannelId, now).Refuse(state, null, 0,
                new Rejection(RejectionReason.InvalidProposal, "This node already has a channel with this id.")),
            _ => throw new InvalidOperationException($"Unknown work item {item.GetType().Name}."),
        };
    }

    private static void Complete(WorkItem item, Step step) => (item as IRequestItem)?.Complete(step);

    private static void Fail(WorkItem item, Exception e) => (item as IRequestItem)?.Fail(e);

    private async Task<ChannelState?> ReloadAsync(Bytes32 channelId, ChannelState? current)
    {
        try
        {
            var stored = await _store.LoadChannelAsync(channelId, _context.Options.ReplayWindow).ConfigureAwait(false);
            if (stored is null || current is null)
            {
                return null;
            }
            var preFund = (await _store.ReadLogAsync(channelId, 0, 0).ConfigureAwait(false)).Single();
            return ChannelProtocol.Restore(_context, stored, current.App, preFund.StateHash, _time.GetUtcNow());
        }
        catch (Exception e)
        {
            EngineLog.RestoreFailed(_logger, channelId, e.Message);
            return null;
        }
    }

    private void Dispatch(IReadOnlyList<Outbound> messages)
    {
        // Acknowledgements only grow: of several to one peer about one channel, the last says it all.
        Dictionary<(Address, Bytes32), int>? lastAck = null;
        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i].Message is AckMessage ack)
            {
                (lastAck ??= [])[(messages[i].To, ack.ChannelId)] = i;
            }
        }
        for (var i = 0; i < messages.Count; i++)
        {
            var (to, message) = messages[i];
            if (message is AckMessage ack && lastAck![(to, ack.ChannelId)] != i)
            {
                continue;
            }
            _transport.TrySend(to, message);
        }
    }

    private async Task ResendAsync(ChannelState state, ResendRequest request)
    {
        try
        {
            var messages = await HistoryResender.BuildAsync(_store, state, request, _stopping.Token).ConfigureAwait(false);
            foreach (var message in messages)
            {
                _transport.TrySend(request.To, message);
            }
            EngineLog.Resent(_logger, state.ChannelId, messages.Count, request.To, request.StatesAfter);
        }
        catch (Exception e) when (e is StoreException or OperationCanceledException or InvalidOperationException)
        {
            EngineLog.ResendFailed(_logger, e, state.ChannelId, request.To);
        }
    }

    private void CountRejection(Address peer, Rejection? rejection)
    {
        if (rejection is null || rejection.Reason == RejectionReason.Replay)
        {
            return;
        }
        if (_rejections.AddOrUpdate(peer, 1, (_, n) => n + 1) == _options.MaxRejectionsPerConnection + 1)
        {
            EngineLog.Disconnecting(_logger, peer, $"more than {_options.MaxRejectionsPerConnection} refused messages");
            _transport.Disconnect(peer, WireError.TooManyRejections, $"More than {_options.MaxRejectionsPerConnection} refused messages on this connection.");
        }
    }

    private void PublishAll(IReadOnlyList<ChannelEvent> events)
    {
        foreach (var e in events)
        {
            switch (e)
            {
                case ChannelProposedEvent proposed:
                    EngineLog.ChannelProposed(_logger, e.ChannelId, proposed.App, proposed.FixedPart.ParticipantCount);
                    break;
                case ChannelOpenedEvent:
                    EngineLog.ChannelOpened(_logger, e.ChannelId);
                    break;
                case StateChangedEvent changed:
                    EngineLog.StateChanged(_logger, e.ChannelId, changed.TurnNum, changed.Mover);
                    break;
                case ChannelConcludedEvent concluded:
                    EngineLog.ChannelConcluded(_logger, e.ChannelId, concluded.TurnNum);
                    break;
                case EscalationNeededEvent escalation:
                    EngineLog.Escalation(_logger, e.ChannelId, escalation.Kind, escalation.TurnNum);
                    foreach (var handler in _escalationHandlers)
                    {
                        _ = Task.Run(async () =>
                        {
                            try
                            {
                                await handler.OnEscalationAsync(escalation, _stopping.Token).ConfigureAwait(false);
                            }
                            catch (Exception failure)
                            {
                                EngineLog.EscalationHandlerFailed(_logger, failure, e.ChannelId);
                            }
                        });
                    }
                    break;
            }
            Events.Publish(e);
        }
    }

    private void PulseChange() =>
        Interlocked.Exchange(ref _anyChange, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private static ulong TurnOf(ChannelMessage message) => message switch
    {
        UpdateMessage m => m.TurnNum,
        CountersignMessage m => m.TurnNum,
        ConcludeMessage m => m.TurnNum,
        AckMessage m => m.TurnNum,
        _ => 0,
    };

    private async Task TickLoopAsync()
    {
        using var timer = new PeriodicTimer(_options.TickInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                var now = _time.GetUtcNow();
                foreach (var actor in _actors.Values)
                {
                    if (actor.State is { } state && ChannelProtocol.NextDeadline(_context, state) is { } deadline && deadline <= now)
                    {
                        actor.Inbox.Writer.TryWrite(TickItem.Instance);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>
    /// Stops the engine: the transport (no more messages in or out), the timer, then every channel's loop after it
    /// has committed what it already took. The store is left open for its owner to dispose.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }
        _stopping.Cancel();
        await _transport.DisposeAsync().ConfigureAwait(false);
        if (_ticker is not null)
        {
            await _ticker.ConfigureAwait(false);
        }
        ChannelActor[] actors;
        lock (_actorLock)
        {
            actors = [.. _actors.Values];
        }
        foreach (var actor in actors)
        {
            actor.Inbox.Writer.TryComplete();
        }
        await Task.WhenAll(actors.Select(a => a.Loop ?? Task.CompletedTask)).ConfigureAwait(false);
    }
}
