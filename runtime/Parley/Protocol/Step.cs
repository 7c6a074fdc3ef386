using Parley.Observers;
using Parley.Store;

namespace Parley.Protocol;

/// <summary>
/// The result of one protocol step: the channel's new state and the side effects the engine must carry out, in
/// this order — make <see cref="Persist"/> durable, then send <see cref="Messages"/> and serve <see cref="Resends"/>,
/// then publish <see cref="Events"/>. A step that was refused (<see cref="Rejection"/> set) changes no state and
/// persists nothing; its only effects are the refusal's REJECT reply and event.
/// </summary>
public sealed class Step
{
    internal Step(ChannelState? state, ChannelWriteBatch? persist, IReadOnlyList<Outbound> messages, IReadOnlyList<ChannelEvent> events,
        IReadOnlyList<ResendRequest> resends, Rejection? rejection)
    {
        State = state;
        Persist = persist;
        Messages = messages;
        Events = events;
        Resends = resends;
        Rejection = rejection;
    }

    /// <summary>The channel's state after the step (the unchanged input state if refused; null if there is no channel).</summary>
    public ChannelState? State { get; }

    /// <summary>Records to commit before anything else happens; null when there is nothing to persist.</summary>
    public ChannelWriteBatch? Persist { get; }

    /// <summary>Messages to send once <see cref="Persist"/> is durable.</summary>
    public IReadOnlyList<Outbound> Messages { get; }

    /// <summary>Events for observers, published after the messages are handed to the transport.</summary>
    public IReadOnlyList<ChannelEvent> Events { get; }

    /// <summary>History to resend to peers that lack it.</summary>
    public IReadOnlyList<ResendRequest> Resends { get; }

    /// <summary>Why the message or request was refused, or null if it was accepted.</summary>
    public Rejection? Rejection { get; }

    /// <summary>Whether the message or request was accepted.</summary>
    public bool Accepted => Rejection is null;
}

/// <summary>Collects a step's effects.</summary>
internal sealed class StepBuilder(Bytes32 channelId, DateTimeOffset now)
{
    private ChannelWriteBatch? _persist;
    private List<Outbound>? _messages;
    private List<ChannelEvent>? _events;
    private List<ResendRequest>? _resends;

    public DateTimeOffset Now { get; } = now;

    public Bytes32 ChannelId { get; } = channelId;

    public ChannelWriteBatch Persist => _persist ??= new ChannelWriteBatch(ChannelId);

    public void Send(Address to, ChannelMessage message) => (_messages ??= []).Add(new Outbound(to, message));

    public void SendToOthers(ChannelState state, ChannelMessage message)
    {
        for (var i = 0; i < state.ParticipantCount; i++)
        {
            if (i != state.MyIndex)
            {
                Send(state.FixedPart.Participants[i], message);
            }
        }
    }

    public void Publish(ChannelEvent e) => (_events ??= []).Add(e);

    public void Resend(ResendRequest request) => (_resends ??= []).Add(request);

    public Step Done(ChannelState? state) => new(state, _persist is { IsEmpty: false } ? _persist : null,
        (IReadOnlyList<Outbound>?)_messages ?? [], (IReadOnlyList<ChannelEvent>?)_events ?? [], (IReadOnlyList<ResendRequest>?)_resends ?? [], null);

    /// <summary>
    /// A refusal: no state change, no persistence; for a peer's message (not a replay) a REJECT to it and an event;
    /// <paramref name="report"/>, if given, is published too (e.g. a fork found on chain).
    /// </summary>
    public Step Refuse(ChannelState? state, Address? replyTo, ulong turnNum, Rejection rejection, ChannelEvent? report = null)
    {
        var messages = new List<Outbound>();
        var events = new List<ChannelEvent>();
        if (rejection.Reason != RejectionReason.Replay)
        {
            if (replyTo is { } peer)
            {
                messages.Add(new Outbound(peer, new RejectMessage(ChannelId, turnNum, rejection.Reason, rejection.Detail)));
                events.Add(new UpdateRejectedEvent(Now, ChannelId, peer, turnNum, rejection.Reason, rejection.Detail));
            }
        }
        if (report is not null)
        {
            events.Add(report);
        }
        if (_messages is not null)
        {
            messages.AddRange(_messages);
        }
        return new Step(state, null, messages, events, [], rejection);
    }
}
