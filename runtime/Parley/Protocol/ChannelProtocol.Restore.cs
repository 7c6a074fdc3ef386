using System.Collections.Immutable;
using Parley.Abi;
using Parley.Channels;
using Parley.Crypto;
using Parley.StateMachines;
using Parley.Store;

namespace Parley.Protocol;

public static partial class ChannelProtocol
{
    /// <summary>
    /// Rebuilds a channel's state from what the store holds (after a restart): the head, the tail of the log from
    /// the latest fully signed state with its signatures, the recent hashes and the never-sign-twice mark.
    /// Acknowledgements are unknown until the peers' SYNC arrives, so the back-pressure window starts full.
    /// </summary>
    /// <param name="context">This node's key, network and options.</param>
    /// <param name="stored">The stored channel.</param>
    /// <param name="app">The channel's state machine (by <see cref="ChannelRegistration.App"/>).</param>
    /// <param name="preFundHash">The digest of the stored pre-fund state (log entry 0).</param>
    /// <param name="now">The current time.</param>
    /// <exception cref="StoreException">The stored data is inconsistent (no head, an undecodable fixed part or outcome, a participant mismatch).</exception>
    public static ChannelState Restore(ProtocolContext context, StoredChannel stored, IStateMachineDefinition app, Bytes32 preFundHash, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(app);
        var registration = stored.Registration;
        FixedPart fixedPart;
        Outcome outcome;
        try
        {
            fixedPart = FixedPart.Decode(registration.FixedPart);
            outcome = Outcome.Decode(stored.Latest?.Outcome ?? throw new StoreException($"Channel {registration.ChannelId} has no stored head."));
        }
        catch (Exception e) when (e is AbiDecodingException or ArgumentException)
        {
            throw new StoreException($"Channel {registration.ChannelId} is stored inconsistently: {e.Message}", e);
        }
        if (fixedPart.ChannelId != registration.ChannelId || fixedPart.IndexOf(context.Address) != registration.MyIndex)
        {
            throw new StoreException($"Channel {registration.ChannelId}: the stored fixed part does not match its id or this node's key.");
        }
        var head = stored.Latest;
        var n = fixedPart.ParticipantCount;
        var signaturesByTurn = new Dictionary<ulong, ImmutableArray<Signature?>>();
        foreach (var signature in stored.TailSignatures)
        {
            var set = signaturesByTurn.TryGetValue(signature.TurnNum, out var existing) ? existing : NoSignatures(n);
            signaturesByTurn[signature.TurnNum] = set.SetItem(signature.Participant, signature.Signature);
        }
        ImmutableArray<Signature?> SignaturesAt(ulong turn) => signaturesByTurn.TryGetValue(turn, out var set) ? set : NoSignatures(n);

        var headEntry = stored.Tail.FirstOrDefault(e => e.TurnNum == head.TurnNum);
        var latest = new LoggedState(head.TurnNum, head.IsFinal, head.AppData, outcome, head.StateHash,
            headEntry?.Kind ?? LogEntryKind.Agreed, headEntry?.Action ?? [], headEntry?.ParentHash ?? Bytes32.Zero, SignaturesAt(head.TurnNum));

        LoggedState? pending = null;
        if (stored.Tail.FirstOrDefault(e => e.TurnNum == head.TurnNum + 1) is { Kind: LogEntryKind.Agreed, AppData: { } pendingAppData, Outcome: { } pendingOutcome } pendingEntry)
        {
            pending = new LoggedState(pendingEntry.TurnNum, pendingEntry.IsFinal, pendingAppData, Outcome.Decode(pendingOutcome), pendingEntry.StateHash,
                LogEntryKind.Agreed, [], pendingEntry.ParentHash, SignaturesAt(pendingEntry.TurnNum));
        }
        var tail = ImmutableDictionary.CreateBuilder<ulong, ImmutableArray<Signature?>>();
        foreach (var entry in stored.Tail)
        {
            if (entry.TurnNum <= head.TurnNum && (entry.TurnNum > head.LatestFullySignedTurn || head.Phase == ChannelPhase.Proposed))
            {
                tail[entry.TurnNum] = SignaturesAt(entry.TurnNum);
            }
        }
        var recent = ImmutableDictionary.CreateBuilder<ulong, Bytes32>();
        foreach (var (turn, hash) in stored.RecentHashes)
        {
            if (turn <= head.TurnNum)
            {
                recent[turn] = hash;
            }
        }
        recent[head.TurnNum] = head.StateHash;

        var state = new ChannelState
        {
            FixedPart = fixedPart,
            App = app,
            MyIndex = registration.MyIndex,
            FundingDeadline = registration.FundingDeadline,
            Phase = head.Phase,
            Latest = latest,
            PreFundHash = preFundHash,
            LatestFullySignedTurn = head.LatestFullySignedTurn,
            Pending = pending,
            HighestSignedTurn = stored.HighestSignedTurn,
            TailSignatures = tail.ToImmutable(),
            RecentHashes = recent.ToImmutable(),
            AckedTurn = ImmutableArray.Create(Enumerable.Repeat(-1L, n).ToArray()),
            AwaitingAgreementSince = pending is not null || head.Phase == ChannelPhase.Proposed ? now : null,
        };
        return head.Phase == ChannelPhase.Running ? WithMoveWait(context, state, now) : state;
    }
}
