using Parley.Abi;
using Parley.Channels;
using Parley.StateMachines;
using Parley.Store;

namespace Parley.Protocol;

/// <summary>A logged state rebuilt by replay.</summary>
/// <param name="Entry">The log entry.</param>
/// <param name="AppData">The state's appData (re-derived for actions, from the entry for agreed states).</param>
/// <param name="Outcome">The state's outcome.</param>
/// <param name="Mover">For an action, the index of its mover (<c>nextMover</c> of the parent state); −1 for an agreed state.</param>
public sealed record ReplayedState(LogEntry Entry, byte[] AppData, Outcome Outcome, int Mover);

/// <summary>The first point where a replay disagrees with what is stored.</summary>
/// <param name="TurnNum">The turnNum of the offending entry, snapshot, signature or head.</param>
/// <param name="What">What disagrees (e.g. <c>stateHash</c>, <c>parentHash</c>, <c>signature of participant 1</c>).</param>
/// <param name="Expected">What the replay computed.</param>
/// <param name="Actual">What is stored.</param>
public sealed record ReplayMismatch(ulong TurnNum, string What, string Expected, string Actual)
{
    /// <inheritdoc />
    public override string ToString() => $"turnNum {TurnNum}: {What} — replay gives {Expected}, stored {Actual}";
}

/// <summary>
/// Re-derives a channel's states from its log (event sourcing): from a base state (a snapshot or an agreed entry),
/// each action entry is replayed through the reducer and must reproduce the stored state hash. Pure.
/// </summary>
public static class LogReplay
{
    /// <summary>
    /// Replays <paramref name="entries"/> (turnNums <c>baseState.TurnNum + 1</c>, … in order) on top of
    /// <paramref name="baseState"/>, stopping at the first mismatch.
    /// </summary>
    /// <param name="fixedPart">The channel's fixed part (for the digests).</param>
    /// <param name="app">The channel's state machine.</param>
    /// <param name="baseState">The state to start from: its turnNum, hash, isFinal, appData and ABI-encoded outcome.</param>
    /// <param name="entries">The entries after the base.</param>
    /// <param name="states">The replayed states, in order, up to (not including) the mismatch.</param>
    /// <returns>The first mismatch, or null if every entry replayed to its stored hash.</returns>
    public static ReplayMismatch? Run(FixedPart fixedPart, IStateMachineDefinition app, ChannelSnapshot baseState, IReadOnlyList<LogEntry> entries,
        out List<ReplayedState> states)
    {
        ArgumentNullException.ThrowIfNull(fixedPart);
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(baseState);
        ArgumentNullException.ThrowIfNull(entries);
        states = new List<ReplayedState>(entries.Count);
        Outcome outcome;
        try
        {
            outcome = Outcome.Decode(baseState.Outcome);
        }
        catch (AbiDecodingException e)
        {
            return new ReplayMismatch(baseState.TurnNum, "base outcome", "a canonical outcome encoding", e.Message);
        }
        var (turn, hash, isFinal, appData) = (baseState.TurnNum, baseState.StateHash, baseState.IsFinal, baseState.AppData);
        var expectedBase = LoggedState.Digest(fixedPart, turn, isFinal, appData, outcome);
        if (expectedBase != hash)
        {
            return new ReplayMismatch(turn, "base stateHash", expectedBase.ToString(), hash.ToString());
        }
        foreach (var entry in entries)
        {
            if (entry.TurnNum != turn + 1)
            {
                return new ReplayMismatch(entry.TurnNum, "turnNum", (turn + 1).ToString(), entry.TurnNum.ToString());
            }
            if (entry.ParentHash != hash)
            {
                return new ReplayMismatch(entry.TurnNum, "parentHash", hash.ToString(), entry.ParentHash.ToString());
            }
            byte[] nextAppData;
            Outcome nextOutcome;
            bool nextIsFinal;
            var mover = -1;
            if (entry.Kind == LogEntryKind.Action)
            {
                if (isFinal)
                {
                    return new ReplayMismatch(entry.TurnNum, "action", "no action after a final state", "an action");
                }
                try
                {
                    mover = app.NextMover(appData, turn);
                    var next = app.Reduce(appData, outcome, entry.Action, mover);
                    (nextAppData, nextOutcome) = (next.AppData, next.Outcome);
                    nextIsFinal = app.IsFinal(nextAppData);
                }
                catch (ActionRejectedException e)
                {
                    return new ReplayMismatch(entry.TurnNum, "reducer", "the action to be valid", $"{e.Kind}: {e.Reason}");
                }
                if (!outcome.ConservesTotals(nextOutcome, out var violation))
                {
                    return new ReplayMismatch(entry.TurnNum, "conservation", "equal totals", violation);
                }
                if (nextIsFinal != entry.IsFinal)
                {
                    return new ReplayMismatch(entry.TurnNum, "isFinal", nextIsFinal.ToString(), entry.IsFinal.ToString());
                }
            }
            else
            {
                if (entry.AppData is null || entry.Outcome is null)
                {
                    return new ReplayMismatch(entry.TurnNum, "agreed state", "appData and outcome", "missing");
                }
                try
                {
                    nextOutcome = Outcome.Decode(entry.Outcome);
                }
                catch (AbiDecodingException e)
                {
                    return new ReplayMismatch(entry.TurnNum, "outcome", "a canonical outcome encoding", e.Message);
                }
                nextAppData = entry.AppData;
                nextIsFinal = entry.IsFinal;
            }
            var digest = LoggedState.Digest(fixedPart, entry.TurnNum, nextIsFinal, nextAppData, nextOutcome);
            if (digest != entry.StateHash)
            {
                return new ReplayMismatch(entry.TurnNum, "stateHash", digest.ToString(), entry.StateHash.ToString());
            }
            states.Add(new ReplayedState(entry, nextAppData, nextOutcome, mover));
            (turn, hash, isFinal, appData, outcome) = (entry.TurnNum, digest, nextIsFinal, nextAppData, nextOutcome);
        }
        return null;
    }
}
