using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Parley.Abi;
using Parley.Chain;
using Parley.Channels;
using Parley.Contracts;
using Parley.Engine;
using Parley.Observers;
using Parley.Settlement;
using Parley.StateMachines;
using Parley.Store;

namespace Parley.Watcher;

/// <summary>
/// Defends a node's channels on chain: follows the adjudicator's events for every channel in the node's
/// <see cref="IChannelStore"/>, answers any challenge on an older turn than the latest supported state, challenges when
/// the engine escalates an unresponsive counterparty, and withdraws this participant's share once a channel is
/// finalized. Time is chain time (the latest block's timestamp), never the local clock.
/// </summary>
/// <remarks>
/// <para><b>How it decides.</b> Events only say <i>that</i> a channel changed; what to do is decided from the chain's
/// authoritative state, re-read for the channel (<see cref="ChainService.ReadChannelAsync"/>: the status word plus the
/// channel's events, the registered state rebuilt with the reducer and checked against the fingerprint) and from the
/// store (the latest supported state and its support proof, <see cref="StoredHistory.SupportProofAsync"/>):</para>
/// <list type="bullet">
/// <item><b>A challenge on a state never held</b> (the counterparty signed its own next moves on the last agreed state,
/// never sent them, and registered them with <c>challenge</c>; <see cref="ChannelOnChain.ChallengedState"/> is newer than
/// anything the store holds): with <see cref="Engine"/> set, the support proof is read from the challenge transaction's
/// calldata (<see cref="AdjudicatorAbi.DecodeChallenge"/>), checked — this channel, every move valid under the reducer,
/// exactly the registered state, the same states as ours up to our latest — and each move beyond our latest is adopted in
/// order through <see cref="ChannelEngine.AdoptOnChainMoveAsync(Bytes32, VariablePart, int, Move, CancellationToken)"/>
/// (<see cref="ChallengeProofAdoptedEvent"/>); a failed check is reported once per transaction
/// (<see cref="ChallengeProofRefusedEvent"/>), nothing stored. A challenge sent through another contract cannot be read:
/// <see cref="MoveNeededEvent"/> as below. A proof whose fully signed base is newer than our latest is refused
/// (<see cref="ChallengeProofProblem.NotTheHeldState"/>): the log cannot skip turns.</item>
/// <item><b>Moves made only on chain</b> (the challenge's <c>progress</c> moves, <see cref="ChannelOnChain.Moves"/>, that
/// the store does not hold): first, with <see cref="Engine"/> set, each is adopted in chain order
/// (<see cref="ChannelEngine.AdoptOnChainMoveAsync(Bytes32, VariablePart, int, Move, CancellationToken)"/>: re-run, the
/// mover's signature checked, stored as the channel's latest state; <see cref="MoveAdoptedEvent"/>), so the cases below
/// see it as our latest state; a refused one (a fork, a state never held) is reported once
/// (<see cref="MoveAdoptionRefusedEvent"/>) and nothing is stored.</item>
/// <item><b>Challenge on turn R &lt; our latest L</b> (stale): answered at once — with <c>progress</c> when L = R + 1 is
/// this participant's stored move on the very state registered (<see cref="WatcherOptions.PreferProgress"/>), which
/// keeps the challenge running against the next mover; otherwise with <c>checkpoint</c> and the support proof of L,
/// which clears it.</item>
/// <item><b>Challenge on our latest state, our turn</b>: only a new move answers it. With a
/// <see cref="WatcherOptions.ChallengeResponder"/> and <see cref="Engine"/>, the responder chooses the action, the engine
/// signs it on the registered state (<see cref="ChannelEngine.MoveOnChainAsync"/>: stored, never-sign-twice, the
/// channel's latest state becomes that turn) and the watcher sends <c>progress</c> (<see cref="ChallengeMoveMadeEvent"/>).
/// Otherwise, or when the responder declines or fails, <see cref="MoveNeededEvent"/> is raised (answer with
/// <see cref="ChainService.ProgressAsync"/>), else the channel finalizes at the deadline.</item>
/// <item><b>Finalized</b> (concluded, timed out, reclaimed): this participant's share of each asset is withdrawn
/// (<see cref="WatcherOptions.AutoWithdraw"/>).</item>
/// </list>
/// <para><b>Restarts.</b> <see cref="StartAsync"/> first catches up from the saved log cursor, then re-checks every
/// stored channel, so a challenge mined while the node was down is answered before the watcher reports started.
/// <b>Reorganisations</b> retract logs (<see cref="LogPoller"/>); the channels they touched are re-checked against the
/// new chain, so a view built on a replaced block does not survive, and a challenge re-mined on the new branch is
/// answered again.</para>
/// <para>Register the watcher as the engine's <see cref="IEscalationHandler"/> and give the engine the same
/// <see cref="ChainClock"/> (<see cref="ChainService.Clock"/>) as its time provider to run its time-outs on chain time.
/// Thread-safe; one channel is handled at a time per channel.</para>
/// </remarks>
public sealed class ChannelWatcher : IEscalationHandler, IAsyncDisposable
{
    private readonly ChainService _chain;
    private readonly IChannelStore _store;
    private readonly ILogCursorStore _cursors;
    private readonly Func<string, IStateMachineDefinition?> _resolveApp;
    private readonly ILogger _logger;
    private readonly TimeProvider _localTime;
    private readonly ConcurrentDictionary<Bytes32, Watched> _channels = new();
    private readonly CancellationTokenSource _stopping = new();
    private LogPoller? _poller;
    private Task? _loop;
    private ulong _lastHead = ulong.MaxValue;
    private int _started;
    private int _disposed;

    /// <summary>Creates a watcher (nothing runs until <see cref="StartAsync"/>).</summary>
    /// <param name="chain">The participant's chain service (its sender pays for answers; its clock is chain time).</param>
    /// <param name="store">The node's channel store (read only).</param>
    /// <param name="cursors">Where the watcher's log cursor is kept (use a durable store to resume after a restart).</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="resolveApp">Finds a state machine by id; default <see cref="StateMachineRegistry.TryGet"/>.</param>
    /// <param name="logger">Logging.</param>
    /// <param name="localTime">The local clock for event timestamps; default <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public ChannelWatcher(ChainService chain, IChannelStore store, ILogCursorStore cursors, WatcherOptions? options = null,
        Func<string, IStateMachineDefinition?>? resolveApp = null, ILogger<ChannelWatcher>? logger = null, TimeProvider? localTime = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(cursors);
        Options = options ?? new WatcherOptions();
        Options.Validate();
        _chain = chain;
        _store = store;
        _cursors = cursors;
        _resolveApp = resolveApp ?? (id => StateMachineRegistry.TryGet(id, out var app) ? app : null);
        _logger = logger ?? NullLogger<ChannelWatcher>.Instance;
        _localTime = localTime ?? TimeProvider.System;
    }

    /// <summary>Raised for everything the watcher sees and does (on the watcher's thread: keep handlers short; an exception
    /// is logged and ignored).</summary>
    public event EventHandler<WatcherEvent>? EventRaised;

    /// <summary>The settings.</summary>
    public WatcherOptions Options { get; }

    /// <summary>
    /// The node's engine, which signs new moves on a registered state for <see cref="WatcherOptions.ChallengeResponder"/>
    /// (<see cref="ChannelEngine.MoveOnChainAsync"/>). Set it once the engine exists (the engine takes the watcher as its
    /// escalation handler, so it is built after the watcher); null (default): no new moves, only
    /// <see cref="MoveNeededEvent"/>. It must use the same store as the watcher.
    /// </summary>
    public ChannelEngine? Engine { get; set; }

    /// <summary>The chain service the watcher acts through.</summary>
    public ChainService Chain => _chain;

    /// <summary>The log poller (after <see cref="StartAsync"/>): its <see cref="LogPoller.Resumed"/> tells whether the
    /// watcher resumed from a saved cursor.</summary>
    public LogPoller? Poller => _poller;

    /// <summary>The ids of the channels watched.</summary>
    public IReadOnlyCollection<Bytes32> ChannelIds => [.. _channels.Keys];

    /// <summary>The last view of a channel on chain, or null when the channel is not watched or not checked yet.</summary>
    public ChannelOnChain? GetView(Bytes32 channelId) => _channels.TryGetValue(channelId, out var c) ? c.View : null;

    /// <summary>
    /// Starts watching: catches up from the saved cursor, checks every stored channel (answering any stale challenge
    /// found), then polls in the background every <see cref="WatcherOptions.PollInterval"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    /// <exception cref="ObjectDisposedException">Disposed.</exception>
    /// <exception cref="JsonRpcException">The node failed during the catch-up.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The watcher is already started.");
        }
        _poller = new LogPoller(_chain.Adjudicator.Rpc, new LogPollerOptions
        {
            Addresses = [_chain.Adjudicator.Address],
            StartBlock = Options.StartBlock,
            ReorgWindow = Options.ReorgWindow,
            PollInterval = Options.PollInterval,
        }, _cursors, Options.CursorName);
        var loaded = await RefreshChannelsAsync(cancellationToken).ConfigureAwait(false);
        LogPollResult round;
        do
        {
            round = await _poller.PollAsync(OnLogAsync, cancellationToken).ConfigureAwait(false);
        }
        while (!round.CaughtUp);
        _chain.Clock.Observe(round.Head);
        _lastHead = round.Head.Number;
        foreach (var channel in _channels.Values)
        {
            await ReconcileAsync(channel, cancellationToken).ConfigureAwait(false);
        }
        WatcherLog.Started(_logger, loaded, _chain.Adjudicator.Address, _poller.Cursor!.NextBlock, _poller.Resumed == true ? "resumed" : "new");
        _loop = Task.Run(() => _poller.RunAsync(OnLogAsync, OnRoundAsync, OnPollError, _stopping.Token), CancellationToken.None);
    }

    /// <summary>
    /// Checks one channel now (as a poll would) and returns its view: answers a stale challenge, withdraws a finalized
    /// channel's share. The channel is loaded from the store if it is not watched yet.
    /// </summary>
    /// <exception cref="KeyNotFoundException">The store has no such channel, or it is for another chain or adjudicator.</exception>
    /// <exception cref="JsonRpcException">The node failed.</exception>
    public async Task<ChannelOnChain> CheckAsync(Bytes32 channelId, CancellationToken cancellationToken = default)
    {
        var channel = await GetOrLoadAsync(channelId, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"Channel {channelId} is not in the store, or not on this chain and adjudicator.");
        await ReconcileCoreAsync(channel, cancellationToken).ConfigureAwait(false);
        return channel.View!;
    }

    /// <summary>
    /// Challenges on chain with the channel's latest supported state, unless the chain already holds a challenge on it
    /// (or a newer one) or the channel is finalized.
    /// </summary>
    /// <returns>The challenge's receipt, or null when no challenge was needed.</returns>
    /// <exception cref="KeyNotFoundException">The store has no such channel, or it is for another chain or adjudicator.</exception>
    /// <exception cref="StoreException">The channel has no supported state to challenge with.</exception>
    /// <exception cref="AdjudicatorRevertException">The adjudicator refused the challenge.</exception>
    public async Task<AdjudicatorReceipt?> ChallengeAsync(Bytes32 channelId, CancellationToken cancellationToken = default)
    {
        var channel = await GetOrLoadAsync(channelId, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"Channel {channelId} is not in the store, or not on this chain and adjudicator.");
        return await ChallengeCoreAsync(channel, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The engine's escalation hook: an unresponsive counterparty is answered with a challenge on chain
    /// (<see cref="ChallengeAsync"/>). Failures are reported as <see cref="WatcherFailedEvent"/> and retried by the next
    /// escalation, not thrown.</summary>
    public async Task OnEscalationAsync(EscalationNeededEvent escalation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(escalation);
        try
        {
            if (await GetOrLoadAsync(escalation.ChannelId, cancellationToken).ConfigureAwait(false) is { } channel)
            {
                await ChallengeCoreAsync(channel, escalation.Kind, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            WatcherLog.Failed(_logger, e, escalation.ChannelId);
            Raise(new WatcherFailedEvent(_localTime.GetUtcNow(), escalation.ChannelId, e));
        }
    }

    /// <summary>Stops polling and waits for the loop to end; idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }
        _stopping.Dispose();
    }

    // ------------------------------------------------------------------ polling

    private Task OnLogAsync(Chain.LogEntry log, CancellationToken cancellationToken)
    {
        // Every adjudicator event has the channel id as topic 1.
        if (log.Topics.Count >= 2 && _channels.TryGetValue(log.Topics[1], out var channel))
        {
            channel.Dirty = true;
        }
        return Task.CompletedTask;
    }

    private async Task OnRoundAsync(LogPollResult round, CancellationToken cancellationToken)
    {
        _chain.Clock.Observe(round.Head);
        var newHead = round.Head.Number != _lastHead;
        _lastHead = round.Head.Number;
        await RefreshChannelsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var channel in _channels.Values)
        {
            var due = channel.Dirty || channel.View is null || newHead && channel.View switch
            {
                { Phase: OnChainPhase.Challenged } v => round.Head.Timestamp >= v.FinalizesAt,
                { Phase: OnChainPhase.Finalized } => Options.AutoWithdraw && channel.Owed,
                _ => false,
            };
            if (due)
            {
                await ReconcileAsync(channel, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void OnPollError(Exception e)
    {
        WatcherLog.PollFailed(_logger, e);
        Raise(new WatcherFailedEvent(_localTime.GetUtcNow(), Bytes32.Zero, e));
    }

    private async Task<int> RefreshChannelsAsync(CancellationToken cancellationToken)
    {
        foreach (var id in await _store.ListChannelsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!_channels.ContainsKey(id))
            {
                await GetOrLoadAsync(id, cancellationToken).ConfigureAwait(false);
            }
        }
        return _channels.Count;
    }

    private async Task<Watched?> GetOrLoadAsync(Bytes32 channelId, CancellationToken cancellationToken)
    {
        if (_channels.TryGetValue(channelId, out var existing))
        {
            return existing;
        }
        var stored = await _store.LoadChannelAsync(channelId, 0, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }
        FixedPart fixedPart;
        try
        {
            fixedPart = FixedPart.Decode(stored.Registration.FixedPart);
        }
        catch (Exception e) when (e is AbiDecodingException or ArgumentException)
        {
            throw new StoreException($"Channel {channelId}: the stored fixed part does not decode: {e.Message}", e);
        }
        if (fixedPart.Adjudicator != _chain.Adjudicator.Address)
        {
            return null; // another deployment's channel
        }
        var app = _resolveApp(stored.Registration.App);
        if (app is null)
        {
            return null; // its state machine is not loaded in this process: nothing can be rebuilt
        }
        return _channels.GetOrAdd(channelId, _ => new Watched(fixedPart, app, stored.Registration.MyIndex));
    }

    // ------------------------------------------------------------------ deciding

    private async Task ReconcileAsync(Watched channel, CancellationToken cancellationToken)
    {
        try
        {
            await ReconcileCoreAsync(channel, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            channel.Dirty = true;
            WatcherLog.Failed(_logger, e, channel.Id);
            Raise(new WatcherFailedEvent(_localTime.GetUtcNow(), channel.Id, e));
        }
    }

    private async Task ReconcileCoreAsync(Watched channel, CancellationToken cancellationToken)
    {
        await channel.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            channel.Dirty = false;
            var local = await LoadLocalAsync(channel, cancellationToken).ConfigureAwait(false);
            var view = await ReadAsync(channel, local, cancellationToken).ConfigureAwait(false);
            if (Engine is { } proofEngine && view.Phase == OnChainPhase.Challenged
                && await AdoptChallengeProofAsync(channel, proofEngine, local, view, cancellationToken).ConfigureAwait(false))
            {
                local = await LoadLocalAsync(channel, cancellationToken).ConfigureAwait(false);
            }
            if (Engine is { } engine && view.Moves.Count > 0 && await AdoptMovesAsync(channel, engine, local, view, cancellationToken).ConfigureAwait(false))
            {
                local = await LoadLocalAsync(channel, cancellationToken).ConfigureAwait(false);
            }
            switch (view.Phase)
            {
                case OnChainPhase.Challenged:
                    view = await OnChallengedAsync(channel, local, view, cancellationToken).ConfigureAwait(false);
                    break;
                case OnChainPhase.Finalized:
                    view = await OnFinalizedAsync(channel, local, view, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
        finally
        {
            channel.Gate.Release();
        }
    }

    /// <summary>
    /// Stores, through the engine, every <c>progress</c> move of the challenge this node does not hold (a move the mover
    /// made only on chain), in chain order, before anything is decided; a refused move (a fork, a state never held) is
    /// reported once and ends the pass. Returns whether anything was stored.
    /// </summary>
    private async Task<bool> AdoptMovesAsync(Watched channel, ChannelEngine engine, LocalChannel local, ChannelOnChain view, CancellationToken cancellationToken)
    {
        var supportedFrom = local.Proof?.Base.State.TurnNum ?? 0;
        var adopted = false;
        foreach (var move in view.Moves)
        {
            var turn = move.After.TurnNum;
            if (turn <= supportedFrom || local.States.TryGetValue(turn, out var held) && held.Equals(move.After))
            {
                continue; // older than our fully signed state, or ours already
            }
            try
            {
                if (await engine.AdoptOnChainMoveAsync(channel.Id, move.Before, move.Progressed.MoverIndex, move.Progressed.Move, cancellationToken)
                    .ConfigureAwait(false))
                {
                    adopted = true;
                    WatcherLog.Adopted(_logger, channel.Id, move.Progressed.MoverIndex, turn, move.Block);
                    Raise(new MoveAdoptedEvent(_localTime.GetUtcNow(), channel.Id, move));
                }
            }
            catch (ChannelRequestException e)
            {
                if (channel.RefusedMoves.Add((turn, move.Block)))
                {
                    WatcherLog.AdoptionRefused(_logger, channel.Id, move.Progressed.MoverIndex, turn, move.Block, e.Reason, e.Rejection.Detail);
                    Raise(new MoveAdoptionRefusedEvent(_localTime.GetUtcNow(), channel.Id, move, e.Reason, e.Rejection.Detail));
                }
                break; // the later moves build on this one
            }
        }
        return adopted;
    }

    /// <summary>
    /// When the challenge registered a state newer than anything this node holds, reads the support proof from the
    /// challenge transaction's calldata and stores, through the engine and in order, each of its states this node does
    /// not hold — after checking that the proof is for this channel, holds under the reducer, yields exactly the
    /// registered state and agrees with the states this node holds. A challenge sent through another contract cannot be
    /// read (nothing happens: <see cref="MoveNeededEvent"/> follows as before); a failed check is reported once per
    /// transaction (<see cref="ChallengeProofRefusedEvent"/>) with nothing stored. Returns whether anything was stored.
    /// </summary>
    private async Task<bool> AdoptChallengeProofAsync(Watched channel, ChannelEngine engine, LocalChannel local, ChannelOnChain view,
        CancellationToken cancellationToken)
    {
        if (view.ChallengedState is not { } challenged || view.ChallengeTransaction is not { } transaction
            || local.LatestTurn is not { } latest || challenged.TurnNum <= latest || local.States.ContainsKey(challenged.TurnNum)
            || channel.ProofsTried.Contains(transaction))
        {
            return false; // nothing we never held, or this transaction was already tried
        }
        bool Refuse(ChallengeProofProblem problem, string detail, Protocol.RejectionReason? reason = null)
        {
            channel.ProofsTried.Add(transaction);
            WatcherLog.ProofRefused(_logger, channel.Id, transaction, challenged.TurnNum, problem, detail);
            Raise(new ChallengeProofRefusedEvent(_localTime.GetUtcNow(), channel.Id, challenged.TurnNum, transaction, problem, reason, detail));
            return false;
        }

        var sent = await _chain.Adjudicator.Rpc.GetTransactionAsync(transaction, cancellationToken).ConfigureAwait(false);
        if (sent is null)
        {
            return Refuse(ChallengeProofProblem.TransactionNotFound, $"The node does not know the challenge transaction {transaction}.");
        }
        if (sent.To != _chain.Adjudicator.Address || !AdjudicatorAbi.IsChallengeCall(sent.Input.Span))
        {
            channel.ProofsTried.Add(transaction);
            WatcherLog.ProofNotDirect(_logger, channel.Id, transaction, challenged.TurnNum);
            return false;
        }
        SupportProof proof;
        try
        {
            proof = AdjudicatorAbi.DecodeChallenge(sent.Input.Span);
        }
        catch (FormatException e)
        {
            return Refuse(ChallengeProofProblem.Malformed, e.Message);
        }
        if (proof.Base.State.ChannelId != channel.Id)
        {
            return Refuse(ChallengeProofProblem.OtherChannel, $"The proof is for channel {proof.Base.State.ChannelId}.");
        }
        IReadOnlyList<VariablePart> states;
        try
        {
            states = proof.ResolveStates(channel.App);
        }
        catch (Exception e) when (e is SupportProofException or ArgumentException)
        {
            return Refuse(ChallengeProofProblem.InvalidMove, e.Message);
        }
        var supported = states[^1];
        if (!supported.Equals(challenged))
        {
            return Refuse(ChallengeProofProblem.NotTheRegisteredState,
                $"The proof supports turnNum {supported.TurnNum} ({supported.StructHash(channel.Id)}); the challenge registered turnNum {challenged.TurnNum} ({challenged.StructHash(channel.Id)}).");
        }

        // The proof's states in order (each move checked by ResolveStates): agree with what we hold, store the rest.
        if (states[0].TurnNum > latest)
        {
            // A fully signed state newer than ours would need the log to skip turns: not adopted.
            return Refuse(ChallengeProofProblem.NotTheHeldState,
                $"The proof's base is turnNum {states[0].TurnNum}, beyond this node's latest turnNum {latest}: its states before it are unknown here.");
        }
        var ours = states.Single(s => s.TurnNum == latest);
        if (!local.States.TryGetValue(latest, out var held) || !held.Equals(ours))
        {
            return Refuse(ChallengeProofProblem.NotTheHeldState, $"The proof's state at turnNum {latest} is not the one this node holds.");
        }
        var adopted = 0;
        for (var i = 0; i < proof.Moves.Length; i++)
        {
            var before = states[i];
            if (before.TurnNum < latest)
            {
                continue;
            }
            var mover = channel.App.NextMover(before.AppData.AsSpan(), before.TurnNum);
            try
            {
                if (await engine.AdoptOnChainMoveAsync(channel.Id, before, mover, proof.Moves[i], cancellationToken).ConfigureAwait(false))
                {
                    adopted++;
                }
            }
            catch (ChannelRequestException e)
            {
                Refuse(ChallengeProofProblem.Refused, $"turnNum {before.TurnNum + 1}: {e.Rejection.Detail}", e.Reason);
                return adopted > 0;
            }
        }
        channel.ProofsTried.Add(transaction);
        WatcherLog.ProofAdopted(_logger, channel.Id, adopted, challenged.TurnNum, transaction);
        Raise(new ChallengeProofAdoptedEvent(_localTime.GetUtcNow(), channel.Id, challenged.TurnNum, transaction, adopted));
        return adopted > 0;
    }

    private async Task<ChannelOnChain> OnChallengedAsync(Watched channel, LocalChannel local, ChannelOnChain view, CancellationToken cancellationToken)
    {
        var record = view.TurnNumRecord;
        if (channel.LastChallenge != (record, view.FinalizesAt))
        {
            channel.LastChallenge = (record, view.FinalizesAt);
            WatcherLog.ChallengeDetected(_logger, channel.Id, record, local.LatestTurn ?? 0, view.FinalizesAt);
            Raise(new ChallengeDetectedEvent(_localTime.GetUtcNow(), channel.Id, record, view.FinalizesAt, local.LatestTurn ?? 0, view.LastEventBlock));
        }
        if (local.Proof is { } proof && proof.TurnNum > record)
        {
            // A stale challenge: answer with the latest supported state.
            var registered = view.Registered;
            var canProgress = Options.PreferProgress && registered is not null && !registered.IsFinal && proof.TurnNum == record + 1 && !proof.Moves.IsEmpty
                && local.States.TryGetValue(record, out var ours) && ours.Equals(registered)
                && channel.App.NextMover(registered.AppData.AsSpan(), record) == channel.MyIndex;
            AdjudicatorReceipt receipt;
            ChallengeAnswer answer;
            if (canProgress)
            {
                receipt = await _chain.ProgressAsync(channel.Fixed, registered!, proof.Moves[^1], cancellationToken).ConfigureAwait(false);
                answer = ChallengeAnswer.Progress;
            }
            else
            {
                receipt = await _chain.CheckpointAsync(proof, cancellationToken).ConfigureAwait(false);
                answer = ChallengeAnswer.Checkpoint;
            }
            WatcherLog.Answered(_logger, channel.Id, record, answer, proof.TurnNum, receipt.Receipt.BlockNumber, receipt.Receipt.GasUsed);
            Raise(new ChallengeAnsweredEvent(_localTime.GetUtcNow(), channel.Id, answer, record, proof.TurnNum, view.LastEventBlock, receipt));
            return await ReadAsync(channel, local, cancellationToken).ConfigureAwait(false);
        }
        if (view.Registered is { IsFinal: false } onRecord && channel.App.NextMover(onRecord.AppData.AsSpan(), record) == channel.MyIndex
            && (local.Proof is null || local.Proof.TurnNum <= record)
            && Options.ChallengeResponder is { } responder && Engine is { } engine && channel.LastResponded != (record, view.FinalizesAt))
        {
            // Asked once per registered challenge: a refusal or failure falls back to MoveNeededEvent below; a progress
            // that failed after signing is retried by the stale-challenge answer above (our signed turn is now the latest).
            channel.LastResponded = (record, view.FinalizesAt);
            if (await RespondAsync(channel, responder, engine, onRecord, view, cancellationToken).ConfigureAwait(false) is { } moved)
            {
                return moved;
            }
        }
        if (view.Registered is { IsFinal: false } onRecordAgain && channel.App.NextMover(onRecordAgain.AppData.AsSpan(), record) == channel.MyIndex
            && channel.LastMoveNeeded != (record, view.FinalizesAt))
        {
            channel.LastMoveNeeded = (record, view.FinalizesAt);
            WatcherLog.MoveNeeded(_logger, channel.Id, record, view.FinalizesAt);
            Raise(new MoveNeededEvent(_localTime.GetUtcNow(), channel.Id, onRecordAgain, view.FinalizesAt));
        }
        return view;
    }

    /// <summary>Asks the responder for an action, signs it through the engine and sends <c>progress</c>; null when it declined or failed.</summary>
    private async Task<ChannelOnChain?> RespondAsync(Watched channel, IChallengeResponder responder, ChannelEngine engine, VariablePart registered,
        ChannelOnChain view, CancellationToken cancellationToken)
    {
        Move move;
        try
        {
            var action = await responder.ChooseActionAsync(
                new ChallengeResponseRequest(channel.Id, channel.Fixed, channel.App, channel.MyIndex, registered, view.FinalizesAt), cancellationToken)
                .ConfigureAwait(false);
            if (action is null)
            {
                return null;
            }
            move = await engine.MoveOnChainAsync(channel.Id, registered, action, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            WatcherLog.Failed(_logger, e, channel.Id);
            Raise(new WatcherFailedEvent(_localTime.GetUtcNow(), channel.Id, e));
            return null;
        }
        // Signed and stored: from here a failure is retried by the stale-challenge path (progress with the stored move).
        var receipt = await _chain.ProgressAsync(channel.Fixed, registered, move, cancellationToken).ConfigureAwait(false);
        WatcherLog.MovedOnChain(_logger, channel.Id, registered.TurnNum, registered.TurnNum + 1, receipt.Receipt.BlockNumber, receipt.Receipt.GasUsed);
        Raise(new ChallengeMoveMadeEvent(_localTime.GetUtcNow(), channel.Id, registered.TurnNum, move, view.LastEventBlock, receipt));
        var local = await LoadLocalAsync(channel, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(channel, local, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ChannelOnChain> OnFinalizedAsync(Watched channel, LocalChannel local, ChannelOnChain view, CancellationToken cancellationToken)
    {
        if (!channel.FinalizedReported)
        {
            channel.FinalizedReported = true;
            WatcherLog.Finalized(_logger, channel.Id, view.TurnNumRecord);
            Raise(new ChannelFinalizedEvent(_localTime.GetUtcNow(), channel.Id, view));
        }
        if (!Options.AutoWithdraw || view.OutcomeOnRecord is not { } outcome)
        {
            channel.Owed = false;
            return view;
        }
        for (var asset = 0; asset < outcome.Assets.Length; asset++)
        {
            var assetAddress = outcome.Assets[asset].Asset;
            var holdings = await _chain.HoldingsAsync(channel.Id, assetAddress, cancellationToken).ConfigureAwait(false);
            var owed = PayoutRule.Payouts(outcome, asset, holdings.Amount, channel.MyIndex)[channel.MyIndex];
            if (owed.IsZero)
            {
                continue;
            }
            var receipt = await _chain.WithdrawAsync(channel.Fixed, view, asset, channel.MyIndex, cancellationToken).ConfigureAwait(false);
            WatcherLog.Withdrew(_logger, channel.Id, owed, assetAddress, receipt.Receipt.BlockNumber);
            Raise(new PayoutWithdrawnEvent(_localTime.GetUtcNow(), channel.Id, assetAddress, owed, receipt));
            view = await ReadAsync(channel, local, cancellationToken).ConfigureAwait(false);
            outcome = view.OutcomeOnRecord ?? outcome;
        }
        channel.Owed = false;
        return view;
    }

    private async Task<AdjudicatorReceipt?> ChallengeCoreAsync(Watched channel, EscalationKind? reason, CancellationToken cancellationToken)
    {
        await channel.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var local = await LoadLocalAsync(channel, cancellationToken).ConfigureAwait(false);
            var proof = local.Proof ?? throw new StoreException($"Channel {channel.Id} has no supported state to challenge with.");
            var view = await ReadAsync(channel, local, cancellationToken).ConfigureAwait(false);
            if (view.Phase == OnChainPhase.Finalized
                || view.Phase == OnChainPhase.Challenged && view.TurnNumRecord >= proof.TurnNum
                || view.Phase == OnChainPhase.Open && view.TurnNumRecord > proof.TurnNum)
            {
                return null;
            }
            var receipt = await _chain.ChallengeAsync(proof, cancellationToken).ConfigureAwait(false);
            var registered = receipt.EventsOf<ChallengedEvent>().Single();
            WatcherLog.Challenged(_logger, channel.Id, proof.TurnNum, receipt.Receipt.BlockNumber, receipt.Receipt.GasUsed);
            Raise(new ChallengeRegisteredEvent(_localTime.GetUtcNow(), channel.Id, registered.State.TurnNum, registered.FinalizesAt, reason, receipt));
            channel.LastChallenge = (registered.State.TurnNum, registered.FinalizesAt);
            await ReadAsync(channel, local, cancellationToken).ConfigureAwait(false);
            return receipt;
        }
        finally
        {
            channel.Gate.Release();
        }
    }

    private async Task<ChannelOnChain> ReadAsync(Watched channel, LocalChannel local, CancellationToken cancellationToken)
    {
        var view = await _chain.ReadChannelAsync(channel.Fixed, channel.App, turn => local.States.GetValueOrDefault(turn), cancellationToken).ConfigureAwait(false);
        var previous = channel.View;
        channel.View = view;
        if (view.Phase == OnChainPhase.Finalized)
        {
            channel.Owed = true; // until a reconcile finds nothing owed
        }
        else
        {
            channel.FinalizedReported = false;
        }
        if (previous is null || previous.Phase != view.Phase || previous.Status != view.Status)
        {
            Raise(new OnChainViewChangedEvent(_localTime.GetUtcNow(), channel.Id, view));
        }
        return view;
    }

    /// <summary>What the store says: the latest supported turn, its support proof, and every state from the pre-fund
    /// state and from the proof's base on (to recognise registered states).</summary>
    private async Task<LocalChannel> LoadLocalAsync(Watched channel, CancellationToken cancellationToken)
    {
        var states = new Dictionary<ulong, VariablePart>();
        var preFund = (await _store.ReadLogAsync(channel.Id, 0, 0, cancellationToken).ConfigureAwait(false)).SingleOrDefault();
        if (preFund is { AppData: { } appData, Outcome: { } outcome })
        {
            states[0] = new VariablePart(appData, Outcome.Decode(outcome), 0, preFund.IsFinal);
        }
        var stored = await _store.LoadChannelAsync(channel.Id, 0, cancellationToken).ConfigureAwait(false);
        if (stored?.Latest is not { } latest || stored.Latest.Phase == Protocol.ChannelPhase.Proposed)
        {
            return new LocalChannel(null, null, states);
        }
        SupportProof proof;
        try
        {
            proof = await StoredHistory.SupportProofAsync(_store, channel.Id, _resolveApp, cancellationToken).ConfigureAwait(false);
        }
        catch (StoreException)
        {
            return new LocalChannel(latest.TurnNum, null, states); // no support proof (yet): nothing to defend with
        }
        var state = proof.Base.State.VariablePart;
        states[state.TurnNum] = state;
        foreach (var move in proof.Moves)
        {
            var mover = channel.App.NextMover(state.AppData.AsSpan(), state.TurnNum);
            var next = channel.App.Reduce(state.AppData.AsSpan(), state.Outcome, move.Action.AsSpan(), mover);
            state = new VariablePart(next.AppData, next.Outcome, state.TurnNum + 1, channel.App.IsFinal(next.AppData));
            states[state.TurnNum] = state;
        }
        return new LocalChannel(proof.TurnNum, proof, states);
    }

    private void Raise(WatcherEvent e)
    {
        try
        {
            EventRaised?.Invoke(this, e);
        }
        catch (Exception failure)
        {
            WatcherLog.SubscriberFailed(_logger, failure, e.ChannelId);
        }
    }

    private sealed record LocalChannel(ulong? LatestTurn, SupportProof? Proof, Dictionary<ulong, VariablePart> States);

    private sealed class Watched(FixedPart fixedPart, IStateMachineDefinition app, int myIndex)
    {
        public Bytes32 Id { get; } = fixedPart.ChannelId;

        public FixedPart Fixed { get; } = fixedPart;

        public IStateMachineDefinition App { get; } = app;

        public int MyIndex { get; } = myIndex;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public volatile ChannelOnChain? View;

        public volatile bool Dirty;

        public volatile bool Owed;

        public bool FinalizedReported { get; set; }

        public (ulong Turn, ulong FinalizesAt)? LastChallenge { get; set; }

        public (ulong Turn, ulong FinalizesAt)? LastMoveNeeded { get; set; }

        public (ulong Turn, ulong FinalizesAt)? LastResponded { get; set; }

        /// <summary>The challenge transactions whose calldata proof was adopted, refused and reported, or could not be read.</summary>
        public HashSet<Bytes32> ProofsTried { get; } = [];

        /// <summary>The on-chain moves (turnNum, block) whose adoption was refused and reported.</summary>
        public HashSet<(ulong Turn, ulong Block)> RefusedMoves { get; } = [];
    }
}
