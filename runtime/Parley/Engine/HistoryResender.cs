using Parley.Protocol;
using Parley.Store;

namespace Parley.Engine;

/// <summary>
/// Turns a <see cref="ResendRequest"/> into messages from the stored history, in turnNum order: each state as the
/// message that first carried it (PROPOSE for the pre-fund state, UPDATE for an action with its mover's signature,
/// CONCLUDE for a final agreed state), followed by every other stored signature on it as COUNTERSIGN.
/// </summary>
internal static class HistoryResender
{
    public static async Task<List<ChannelMessage>> BuildAsync(IChannelStore store, ChannelState state, ResendRequest request, CancellationToken cancellationToken)
    {
        var fixedPart = state.FixedPart;
        var channelId = fixedPart.ChannelId;
        var statesFrom = request.StatesAfter < 0 ? 0UL : (ulong)request.StatesAfter + 1;
        var signaturesFrom = Math.Min(request.SignaturesFrom, statesFrom);
        var messages = new List<ChannelMessage>();
        var signatures = await store.ReadSignaturesAsync(channelId, signaturesFrom, ulong.MaxValue, cancellationToken).ConfigureAwait(false);
        var byTurn = signatures.GroupBy(s => s.TurnNum).ToDictionary(g => g.Key, g => g.ToList());

        // States the peer lacks, rebuilt by replay from the nearest base.
        var (baseState, replayed) = await StoredHistory.ReplayFromAsync(store, fixedPart, state.App, statesFrom == 0 ? 0 : statesFrom - 1, cancellationToken)
            .ConfigureAwait(false);
        var hashes = replayed.ToDictionary(s => s.Entry.TurnNum, s => s.Entry.StateHash);
        hashes[baseState.TurnNum] = baseState.StateHash;

        // Signatures on states the peer already has (completing its checkpoints).
        foreach (var (turn, onTurn) in byTurn.Where(kv => kv.Key < statesFrom).OrderBy(kv => kv.Key))
        {
            if (hashes.TryGetValue(turn, out var hash) || state.RecentHashes.TryGetValue(turn, out hash))
            {
                foreach (var signature in onTurn)
                {
                    messages.Add(new CountersignMessage(channelId, turn, hash, signature.Signature.ToBytes()));
                }
            }
        }

        if (statesFrom == 0)
        {
            var preFund = (await store.ReadLogAsync(channelId, 0, 0, cancellationToken).ConfigureAwait(false)).Single();
            var onPreFund = byTurn.GetValueOrDefault(0UL) ?? [];
            if (onPreFund.Count > 0)
            {
                messages.Add(new ProposeMessage(fixedPart, state.App.Id, preFund.AppData!, Channels.Outcome.Decode(preFund.Outcome!), onPreFund[0].Signature.ToBytes(),
                    state.FundingDeadline));
                messages.AddRange(onPreFund.Skip(1).Select(s => new CountersignMessage(channelId, 0, preFund.StateHash, s.Signature.ToBytes())));
            }
        }
        foreach (var replayedState in replayed.Where(s => s.Entry.TurnNum >= statesFrom && s.Entry.TurnNum > 0))
        {
            var entry = replayedState.Entry;
            var onTurn = byTurn.GetValueOrDefault(entry.TurnNum) ?? [];
            // The signature that carries the state: the mover's (for a conclude, the proposer's: the parent's mover).
            var carrierIndex = entry.Kind == LogEntryKind.Action ? replayedState.Mover : MoverOfParent(state, replayed, baseState, entry.TurnNum);
            var carrier = onTurn.FindIndex(s => s.Participant == carrierIndex);
            if (carrier < 0)
            {
                carrier = 0;
            }
            if (onTurn.Count == 0)
            {
                continue;
            }
            var signature = onTurn[carrier].Signature.ToBytes();
            messages.Add(entry.Kind == LogEntryKind.Action
                ? new UpdateMessage(channelId, entry.TurnNum, entry.IsFinal, entry.ParentHash, entry.Action, replayedState.AppData, replayedState.Outcome, signature)
                : new ConcludeMessage(channelId, entry.TurnNum, entry.ParentHash, signature));
            for (var i = 0; i < onTurn.Count; i++)
            {
                if (i != carrier)
                {
                    messages.Add(new CountersignMessage(channelId, entry.TurnNum, entry.StateHash, onTurn[i].Signature.ToBytes()));
                }
            }
        }
        return messages;
    }

    private static int MoverOfParent(ChannelState state, List<ReplayedState> replayed, ChannelSnapshot baseState, ulong turnNum)
    {
        var parent = replayed.FirstOrDefault(s => s.Entry.TurnNum == turnNum - 1);
        var appData = parent?.AppData ?? (baseState.TurnNum == turnNum - 1 ? baseState.AppData : null);
        if (appData is null)
        {
            return -1;
        }
        try
        {
            return state.App.NextMover(appData, turnNum - 1);
        }
        catch (ActionRejectedException)
        {
            return -1;
        }
    }
}
