using Parley.Observers;

namespace Parley.Protocol;

public static partial class ChannelProtocol
{
    /// <summary>
    /// An authenticated connection to <paramref name="peer"/> came up: tell it where this node stands in the channel
    /// (a SYNC), so it resends whatever this node lacks — and this node does the same on the peer's SYNC.
    /// </summary>
    public static Step PeerConnected(ChannelState state, Address peer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        var builder = new StepBuilder(state.ChannelId, now);
        if (state.FixedPart.IndexOf(peer) >= 0 && peer != state.MyAddress)
        {
            builder.Send(peer, SyncOf(state));
        }
        return builder.Done(state);
    }

    /// <summary>
    /// A peer's SYNC: resend what it lacks — every logged state after its latest turnNum and every signature from its
    /// latest fully signed turnNum on (all of it, proposal included, if it does not know the channel). A SYNC is
    /// never answered with a SYNC, so two nodes cannot loop.
    /// </summary>
    private static Step ReceiveSync(ChannelState state, Address from, SyncMessage message, DateTimeOffset now)
    {
        var builder = new StepBuilder(state.ChannelId, now);
        if (!message.Known)
        {
            builder.Resend(new ResendRequest(from, -1, 0));
            return builder.Done(state);
        }
        var peer = state.FixedPart.IndexOf(from);
        // States after the peer's latest (none if it is ahead), and every signature from the lower of the two latest
        // fully signed turnNums: a handful of harmless replays at worst, and the peer completes any checkpoint it missed.
        builder.Resend(new ResendRequest(from, (long)Math.Min(message.LatestTurnNum, state.LogEnd),
            Math.Min(message.LatestFullySignedTurn, state.LatestFullySignedTurn)));
        return builder.Done(RecordAck(state, peer, Math.Min(message.LatestTurnNum, state.LogEnd)));
    }

    /// <summary>
    /// The passage of time: raises an <see cref="EscalationNeededEvent"/> for each wait that has exceeded the
    /// agreement time (acknowledgements, signatures on an agreed state) or the turn timeout (a counterparty's move),
    /// once per wait.
    /// </summary>
    public static Step Tick(ProtocolContext context, ChannelState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(state);
        var builder = new StepBuilder(state.ChannelId, now);
        var options = context.Options;
        var escalated = state.Escalated;
        if (state.AwaitingAckSince is { } ackSince && (escalated & EscalationFlags.Acknowledgement) == 0 && now - ackSince >= options.AgreementTime)
        {
            var laggards = Enumerable.Range(0, state.ParticipantCount).Where(i => i != state.MyIndex && state.AckedTurn[i] < state.HighestSignedTurn).ToArray();
            builder.Publish(new EscalationNeededEvent(now, state.ChannelId, EscalationKind.NoAcknowledgement, state.Latest.TurnNum, ackSince, laggards));
            escalated |= EscalationFlags.Acknowledgement;
        }
        if (state.AwaitingAgreementSince is { } agreeSince && (escalated & EscalationFlags.Agreement) == 0 && now - agreeSince >= options.AgreementTime)
        {
            var waiting = state.Pending ?? state.Latest;
            builder.Publish(new EscalationNeededEvent(now, state.ChannelId, EscalationKind.NoAgreement, state.Latest.TurnNum, agreeSince, waiting.Unsigned));
            escalated |= EscalationFlags.Agreement;
        }
        if (options.TurnTimeout is { } turnTimeout && state.AwaitingMoveSince is { } moveSince && (escalated & EscalationFlags.Move) == 0
            && now - moveSince >= turnTimeout)
        {
            builder.Publish(new EscalationNeededEvent(now, state.ChannelId, EscalationKind.NoMove, state.Latest.TurnNum, moveSince, [state.NextMover]));
            escalated |= EscalationFlags.Move;
        }
        return builder.Done(escalated == state.Escalated ? state : state with { Escalated = escalated });
    }

    /// <summary>The earliest time at which <see cref="Tick"/> could raise an escalation, or null if nothing is awaited.</summary>
    public static DateTimeOffset? NextDeadline(ProtocolContext context, ChannelState state)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(state);
        DateTimeOffset? earliest = null;
        void Consider(DateTimeOffset? since, TimeSpan? limit, EscalationFlags flag)
        {
            if (since is { } s && limit is { } l && (state.Escalated & flag) == 0 && (earliest is null || s + l < earliest))
            {
                earliest = s + l;
            }
        }
        Consider(state.AwaitingAckSince, context.Options.AgreementTime, EscalationFlags.Acknowledgement);
        Consider(state.AwaitingAgreementSince, context.Options.AgreementTime, EscalationFlags.Agreement);
        Consider(state.AwaitingMoveSince, context.Options.TurnTimeout, EscalationFlags.Move);
        return earliest;
    }
}
