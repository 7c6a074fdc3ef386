using Parley.Channels;
using Parley.Crypto;
using Parley.StateMachines;
using Parley.Store;

namespace Parley.Protocol;

/// <summary>The result of re-deriving a channel from its stored log.</summary>
/// <param name="ChannelId">The channel.</param>
/// <param name="FromTurn">The turnNum of the base the replay started from (a snapshot or the pre-fund state).</param>
/// <param name="EntriesChecked">How many log entries were replayed and matched.</param>
/// <param name="SignaturesChecked">How many stored signatures were recovered and matched their participant.</param>
/// <param name="Mismatch">The first disagreement, or null if everything matched.</param>
public sealed record RederivationReport(Bytes32 ChannelId, ulong FromTurn, int EntriesChecked, int SignaturesChecked, ReplayMismatch? Mismatch)
{
    /// <summary>Whether every stored hash, signature, snapshot and the head were reproduced.</summary>
    public bool IsClean => Mismatch is null;

    /// <inheritdoc />
    public override string ToString() => IsClean
        ? $"channel {ChannelId}: clean from turnNum {FromTurn} ({EntriesChecked} entries, {SignaturesChecked} signatures)"
        : $"channel {ChannelId}: first mismatch at {Mismatch}";
}

/// <summary>
/// Checks a channel's stored history end to end (pure; the engine's <c>StoreRederivation</c> loads the inputs): the
/// log replays from the base to every stored state hash; every stored signature recovers to its participant over its
/// state's hash (low s); every action carries its mover's signature (the support rule); every snapshot and the stored
/// head equal the replayed state at their turnNum. Signature recoveries run in parallel on all cores.
/// </summary>
public static class ChannelRederivation
{
    /// <summary>Runs the check.</summary>
    /// <param name="fixedPart">The channel's fixed part.</param>
    /// <param name="app">Its state machine.</param>
    /// <param name="baseState">Where to start: a snapshot, or the pre-fund state (turnNum 0) as a snapshot.</param>
    /// <param name="entries">The log entries after the base, in order.</param>
    /// <param name="signatures">The stored signatures on turnNums from the base on.</param>
    /// <param name="snapshots">Stored snapshots to compare (those outside the replayed range are ignored).</param>
    /// <param name="head">The stored head, or null.</param>
    public static RederivationReport Verify(FixedPart fixedPart, IStateMachineDefinition app, ChannelSnapshot baseState, IReadOnlyList<LogEntry> entries,
        IReadOnlyList<StoredSignature> signatures, IReadOnlyList<ChannelSnapshot> snapshots, LatestState? head)
    {
        ArgumentNullException.ThrowIfNull(fixedPart);
        ArgumentNullException.ThrowIfNull(signatures);
        ArgumentNullException.ThrowIfNull(snapshots);
        var channelId = fixedPart.ChannelId;
        var mismatch = LogReplay.Run(fixedPart, app, baseState, entries, out var states);
        RederivationReport Report(int signaturesChecked, ReplayMismatch? found) =>
            new(channelId, baseState.TurnNum, states.Count, signaturesChecked, found);
        if (mismatch is not null)
        {
            return Report(0, mismatch);
        }

        var byTurn = new Dictionary<ulong, ReplayedState>(states.Count);
        foreach (var state in states)
        {
            byTurn[state.Entry.TurnNum] = state;
        }
        var hashes = states.ToDictionary(s => s.Entry.TurnNum, s => s.Entry.StateHash);
        hashes[baseState.TurnNum] = baseState.StateHash;

        // Signature recovery dominates the cost: recover in parallel, then report the first failure in stored order.
        var stored = signatures.Where(s => hashes.ContainsKey(s.TurnNum)).ToArray();
        var recovered = new Address?[stored.Length];
        Parallel.For(0, stored.Length, i =>
        {
            var signature = stored[i].Signature;
            recovered[i] = signature.IsLowS && Secp256k1.Default.TryRecover(hashes[stored[i].TurnNum], signature, out var signer) ? signer : null;
        });
        var checkedCount = 0;
        var signed = new HashSet<(ulong, int)>();
        for (var i = 0; i < stored.Length; i++)
        {
            var signature = stored[i];
            if (signature.Participant < 0 || signature.Participant >= fixedPart.ParticipantCount)
            {
                return Report(checkedCount, new ReplayMismatch(signature.TurnNum, "signer index", $"0 … {fixedPart.ParticipantCount - 1}", signature.Participant.ToString()));
            }
            if (recovered[i] != fixedPart.Participants[signature.Participant])
            {
                return Report(checkedCount, new ReplayMismatch(signature.TurnNum, $"signature of participant {signature.Participant}",
                    fixedPart.Participants[signature.Participant].ToString(), recovered[i]?.ToString() ?? "no signer (high s or unrecoverable)"));
            }
            signed.Add((signature.TurnNum, signature.Participant));
            checkedCount++;
        }
        foreach (var state in states)
        {
            if (state.Entry.Kind == LogEntryKind.Action && !signed.Contains((state.Entry.TurnNum, state.Mover)))
            {
                return Report(checkedCount, new ReplayMismatch(state.Entry.TurnNum, "mover signature", $"participant {state.Mover}'s signature", "none stored"));
            }
        }
        foreach (var snapshot in snapshots)
        {
            if (snapshot.TurnNum == baseState.TurnNum || !byTurn.TryGetValue(snapshot.TurnNum, out var replayed))
            {
                continue;
            }
            if (snapshot.StateHash != replayed.Entry.StateHash || !snapshot.AppData.AsSpan().SequenceEqual(replayed.AppData)
                || !snapshot.Outcome.AsSpan().SequenceEqual(replayed.Outcome.Encode()) || snapshot.IsFinal != replayed.Entry.IsFinal)
            {
                return Report(checkedCount, new ReplayMismatch(snapshot.TurnNum, "snapshot", replayed.Entry.StateHash.ToString(), snapshot.StateHash.ToString()));
            }
        }
        if (head is not null)
        {
            if (!hashes.TryGetValue(head.TurnNum, out var headHash))
            {
                return Report(checkedCount, new ReplayMismatch(head.TurnNum, "head", "a logged turnNum", "not in the replayed log"));
            }
            var (appData, outcome) = byTurn.TryGetValue(head.TurnNum, out var replayed)
                ? (replayed.AppData, replayed.Outcome.Encode())
                : (baseState.AppData, baseState.Outcome);
            if (head.StateHash != headHash || !head.AppData.AsSpan().SequenceEqual(appData) || !head.Outcome.AsSpan().SequenceEqual(outcome))
            {
                return Report(checkedCount, new ReplayMismatch(head.TurnNum, "head", headHash.ToString(), head.StateHash.ToString()));
            }
        }
        return Report(checkedCount, null);
    }

    /// <summary>The pre-fund log entry as a replay base.</summary>
    /// <exception cref="ArgumentException">The entry is not the agreed turnNum-0 entry.</exception>
    public static ChannelSnapshot BaseOf(LogEntry preFund)
    {
        ArgumentNullException.ThrowIfNull(preFund);
        if (preFund.TurnNum != 0 || preFund.Kind != LogEntryKind.Agreed || preFund.AppData is null || preFund.Outcome is null)
        {
            throw new ArgumentException("The replay base must be the agreed pre-fund entry (turnNum 0) or a snapshot.", nameof(preFund));
        }
        return new ChannelSnapshot(0, preFund.StateHash, preFund.IsFinal, preFund.AppData, preFund.Outcome);
    }
}
