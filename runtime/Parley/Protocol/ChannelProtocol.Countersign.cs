using System.Collections.Immutable;
using Parley.Crypto;
using Parley.Store;

namespace Parley.Protocol;

public static partial class ChannelProtocol
{
    /// <summary>A participant's signature on a state this node holds: join, checkpoint, or agreement to conclude.</summary>
    private static Step ReceiveCountersign(ProtocolContext context, ChannelState state, Address from, CountersignMessage message, DateTimeOffset now)
    {
        var builder = new StepBuilder(state.ChannelId, now);
        var turnNum = message.TurnNum;
        if (SignatureCheck.Verify(state.FixedPart, message.Signature, message.StateHash, out var signer, out var signature) is { } bad)
        {
            return builder.Refuse(state, from, turnNum, bad);
        }

        // Which held state is it for?
        ImmutableArray<Signature?> held;
        var isPending = state.Pending is { } pending && pending.TurnNum == turnNum && pending.Hash == message.StateHash;
        if (isPending)
        {
            held = state.Pending!.Signatures;
        }
        else if (state.RecentHashes.TryGetValue(turnNum, out var hash) && hash == message.StateHash)
        {
            if (turnNum < state.LatestFullySignedTurn || (turnNum == state.LatestFullySignedTurn && state.Phase != ChannelPhase.Proposed)
                || !state.TailSignatures.TryGetValue(turnNum, out held))
            {
                return builder.Refuse(state, from, turnNum, new Rejection(RejectionReason.Replay,
                    $"The state at turnNum {turnNum} is already signed by every participant (or superseded by one that is)."));
            }
        }
        else if (turnNum > state.LogEnd)
        {
            builder.Send(from, SyncOf(state));
            return builder.Refuse(state, from, turnNum, new Rejection(RejectionReason.UnknownState,
                $"A signature on turnNum {turnNum}, beyond this node's log ({state.LogEnd}); a SYNC asks for the state."));
        }
        else
        {
            return builder.Refuse(state, from, turnNum, new Rejection(RejectionReason.UnknownState,
                $"This node holds no state {message.StateHash} at turnNum {turnNum}."));
        }
        if (held[signer] is not null)
        {
            return builder.Refuse(state, from, turnNum, new Rejection(RejectionReason.Replay, $"Participant {signer}'s signature on turnNum {turnNum} is already held."));
        }

        held = held.SetItem(signer, signature);
        builder.Persist.AddSignature(new StoredSignature(turnNum, signer, signature));
        if (isPending)
        {
            state = state with { Pending = state.Pending! with { Signatures = held } };
        }
        else
        {
            state = state with { TailSignatures = state.TailSignatures.SetItem(turnNum, held) };
            if (turnNum == state.Latest.TurnNum)
            {
                state = state with { Latest = state.Latest with { Signatures = held } };
            }
        }
        if (signer != state.MyIndex)
        {
            state = RecordAck(state, signer, turnNum);
        }
        if (held.All(s => s is not null))
        {
            state = OnFullySigned(context, state, turnNum, builder);
            PersistHead(state, builder);
        }
        return builder.Done(state);
    }
}
