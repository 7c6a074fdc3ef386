using Parley.Abi;
using Parley.Channels;
using Parley.Crypto;
using Parley.Protocol;
using Parley.StateMachines;
using Parley.Store;

namespace Parley.Engine;

/// <summary>
/// Reads a channel's history back from an <see cref="IChannelStore"/> and re-derives it: the re-derivation check
/// (<see cref="RederiveAsync"/>), the resend of history to a peer that lacks it, and support proofs for the chain.
/// </summary>
public static class StoredHistory
{
    /// <summary>
    /// Re-derives a channel from its stored log: replays every action from a base (a snapshot, or the pre-fund
    /// state) through the reducer, and checks every stored state hash, signature, snapshot and the head
    /// (<see cref="ChannelRederivation"/>). Signature recoveries are included (that is the cost that dominates).
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="channelId">The channel.</param>
    /// <param name="resolveApp">Finds a state machine by id (e.g. <see cref="StateMachineRegistry.TryGet"/>).</param>
    /// <param name="fromSnapshot">Start from the latest snapshot at or before this turnNum; null (default) replays from the pre-fund state.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The report: clean, or the first mismatch.</returns>
    /// <exception cref="StoreException">The channel is not stored, its fixed part does not decode, or the store failed.</exception>
    /// <exception cref="KeyNotFoundException">The channel's state machine is not known to <paramref name="resolveApp"/>.</exception>
    public static async Task<RederivationReport> RederiveAsync(IChannelStore store, Bytes32 channelId, Func<string, IStateMachineDefinition?> resolveApp,
        ulong? fromSnapshot = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(resolveApp);
        var (fixedPart, app, stored) = await LoadAsync(store, channelId, resolveApp, cancellationToken).ConfigureAwait(false);
        var baseState = await BaseAsync(store, channelId, fromSnapshot ?? 0, cancellationToken).ConfigureAwait(false);
        var entries = await store.ReadLogAsync(channelId, baseState.TurnNum + 1, ulong.MaxValue, cancellationToken).ConfigureAwait(false);
        var signatures = await store.ReadSignaturesAsync(channelId, baseState.TurnNum, ulong.MaxValue, cancellationToken).ConfigureAwait(false);
        var snapshots = new List<ChannelSnapshot>();
        foreach (var turn in await store.ListSnapshotsAsync(channelId, cancellationToken).ConfigureAwait(false))
        {
            if (turn > baseState.TurnNum && await store.LoadSnapshotAsync(channelId, turn, cancellationToken).ConfigureAwait(false) is { } snapshot)
            {
                snapshots.Add(snapshot);
            }
        }
        return ChannelRederivation.Verify(fixedPart, app, baseState, entries, signatures, snapshots, stored.Latest);
    }

    /// <summary>
    /// The support proof of a channel's latest supported state (DESIGN.md, "Support"): the latest state signed by
    /// every participant, then every later action with its mover's signature — what the adjudicator's
    /// <c>challenge</c> and <c>checkpoint</c> take.
    /// </summary>
    /// <exception cref="StoreException">The channel is not stored, or its history does not replay.</exception>
    /// <exception cref="KeyNotFoundException">The channel's state machine is unknown.</exception>
    public static async Task<SupportProof> SupportProofAsync(IChannelStore store, Bytes32 channelId, Func<string, IStateMachineDefinition?> resolveApp,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(resolveApp);
        var (fixedPart, app, stored) = await LoadAsync(store, channelId, resolveApp, cancellationToken).ConfigureAwait(false);
        var head = stored.Latest ?? throw new StoreException($"Channel {channelId} has no stored head.");
        var (baseState, states) = await ReplayFromAsync(store, fixedPart, app, head.LatestFullySignedTurn, cancellationToken).ConfigureAwait(false);
        var signatures = await store.ReadSignaturesAsync(channelId, head.LatestFullySignedTurn, head.TurnNum, cancellationToken).ConfigureAwait(false);
        var full = states.FirstOrDefault(s => s.Entry.TurnNum == head.LatestFullySignedTurn);
        var (appData, outcome, isFinal) = full is not null
            ? (full.AppData, full.Outcome, full.Entry.IsFinal)
            : (baseState.AppData, Outcome.Decode(baseState.Outcome), baseState.IsFinal);
        var baseSignatures = new Signature?[fixedPart.ParticipantCount];
        foreach (var signature in signatures.Where(s => s.TurnNum == head.LatestFullySignedTurn))
        {
            baseSignatures[signature.Participant] = signature.Signature;
        }
        var signedBase = new Channels.SignedState(new State(fixedPart, new VariablePart(appData, outcome, head.LatestFullySignedTurn, isFinal)), baseSignatures);
        var moves = new List<Move>();
        foreach (var state in states.Where(s => s.Entry.TurnNum > head.LatestFullySignedTurn && s.Entry.TurnNum <= head.TurnNum))
        {
            var mover = signatures.FirstOrDefault(s => s.TurnNum == state.Entry.TurnNum && s.Participant == state.Mover);
            if (state.Entry.Kind != LogEntryKind.Action || mover.Signature == default)
            {
                throw new StoreException($"Channel {channelId}: turnNum {state.Entry.TurnNum} has no mover-signed action; the stored head is not supported.");
            }
            moves.Add(new Move(state.Entry.Action, mover.Signature));
        }
        return new SupportProof(signedBase, moves);
    }

    internal static async Task<(FixedPart FixedPart, IStateMachineDefinition App, StoredChannel Stored)> LoadAsync(IChannelStore store, Bytes32 channelId,
        Func<string, IStateMachineDefinition?> resolveApp, CancellationToken cancellationToken)
    {
        var stored = await store.LoadChannelAsync(channelId, 0, cancellationToken).ConfigureAwait(false)
            ?? throw new StoreException($"Channel {channelId} is not in the store.");
        FixedPart fixedPart;
        try
        {
            fixedPart = FixedPart.Decode(stored.Registration.FixedPart);
        }
        catch (Exception e) when (e is AbiDecodingException or ArgumentException)
        {
            throw new StoreException($"Channel {channelId}: the stored fixed part does not decode: {e.Message}", e);
        }
        var app = resolveApp(stored.Registration.App)
            ?? throw new KeyNotFoundException($"Channel {channelId} runs state machine '{stored.Registration.App}', which is not loaded.");
        return (fixedPart, app, stored);
    }

    /// <summary>The replay base at or before <paramref name="turn"/>: the latest snapshot, else the pre-fund state.</summary>
    internal static async Task<ChannelSnapshot> BaseAsync(IChannelStore store, Bytes32 channelId, ulong turn, CancellationToken cancellationToken)
    {
        if (turn > 0 && await store.LoadSnapshotAsync(channelId, turn, cancellationToken).ConfigureAwait(false) is { } snapshot)
        {
            return snapshot;
        }
        var preFund = (await store.ReadLogAsync(channelId, 0, 0, cancellationToken).ConfigureAwait(false)).SingleOrDefault()
            ?? throw new StoreException($"Channel {channelId} has no pre-fund state in its log.");
        return ChannelRederivation.BaseOf(preFund);
    }

    /// <summary>Replays the stored log from the base at or before <paramref name="fromTurn"/> to its end.</summary>
    /// <exception cref="StoreException">The history does not replay (the first mismatch is in the message).</exception>
    internal static async Task<(ChannelSnapshot Base, List<ReplayedState> States)> ReplayFromAsync(IChannelStore store, FixedPart fixedPart, IStateMachineDefinition app,
        ulong fromTurn, CancellationToken cancellationToken)
    {
        var baseState = await BaseAsync(store, fixedPart.ChannelId, fromTurn, cancellationToken).ConfigureAwait(false);
        var entries = await store.ReadLogAsync(fixedPart.ChannelId, baseState.TurnNum + 1, ulong.MaxValue, cancellationToken).ConfigureAwait(false);
        if (LogReplay.Run(fixedPart, app, baseState, entries, out var states) is { } mismatch)
        {
            throw new StoreException($"Channel {fixedPart.ChannelId}: the stored history does not replay: {mismatch}.");
        }
        return (baseState, states);
    }
}
