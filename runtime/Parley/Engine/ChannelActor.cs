using System.Threading.Channels;
using Parley.Channels;
using Parley.Protocol;
using Parley.StateMachines;

namespace Parley.Engine;

/// <summary>A unit of work for a channel's actor.</summary>
internal abstract record WorkItem;

/// <summary>A message from an authenticated peer.</summary>
internal sealed record InboundItem(Address From, ChannelMessage Message) : WorkItem;

/// <summary>
/// A local request a caller awaits: it completes with a result taken from the accepted step, or fails with the
/// protocol's rejection (<see cref="ChannelRequestException"/>) or the exception that stopped it.
/// </summary>
/// <typeparam name="T">What the caller receives.</typeparam>
/// <param name="Completion">The caller's task.</param>
internal abstract record RequestItem<T>(TaskCompletionSource<T> Completion) : WorkItem, IRequestItem
{
    /// <summary>The result of an accepted step.</summary>
    protected abstract T Result(Step step);

    /// <summary>The channel named in a rejection.</summary>
    protected virtual Bytes32 ChannelId(Step step) => step.State?.ChannelId ?? default;

    /// <inheritdoc/>
    public void Complete(Step step)
    {
        if (step.Accepted)
        {
            Completion.TrySetResult(Result(step));
        }
        else
        {
            Completion.TrySetException(new ChannelRequestException(ChannelId(step), step.Rejection!));
        }
    }

    /// <inheritdoc/>
    public void Fail(Exception exception) => Completion.TrySetException(exception);
}

/// <summary>The non-generic face of <see cref="RequestItem{T}"/>, for the actor loop.</summary>
internal interface IRequestItem
{
    /// <summary>Completes the caller's task from the step the request produced.</summary>
    void Complete(Step step);

    /// <summary>Fails the caller's task.</summary>
    void Fail(Exception exception);
}

/// <summary>A local request to propose the channel.</summary>
internal sealed record ProposeItem(FixedPart FixedPart, IStateMachineDefinition App, byte[] AppData, Outcome Outcome, ulong? FundingDeadline,
    TaskCompletionSource<ChannelState> Completion) : RequestItem<ChannelState>(Completion)
{
    protected override ChannelState Result(Step step) => step.State!;

    protected override Bytes32 ChannelId(Step step) => FixedPart.ChannelId;
}

/// <summary>A local move on the state registered on chain.</summary>
internal sealed record MoveOnChainItem(VariablePart Registered, byte[] Action, TaskCompletionSource<ChannelState> Completion)
    : RequestItem<ChannelState>(Completion)
{
    protected override ChannelState Result(Step step) => step.State!;
}

/// <summary>A move another participant made on chain, to verify and store; the result says whether it was stored now.</summary>
internal sealed record AdoptOnChainItem(VariablePart Before, int MoverIndex, Move Move, TaskCompletionSource<bool> Completion)
    : RequestItem<bool>(Completion)
{
    protected override bool Result(Step step) => step.Persist is not null;
}

/// <summary>A local move.</summary>
internal sealed record ActItem(byte[] Action, TaskCompletionSource<LoggedState> Completion) : RequestItem<LoggedState>(Completion)
{
    protected override LoggedState Result(Step step) => step.State!.Latest;
}

/// <summary>A local conclude proposal.</summary>
internal sealed record ConcludeItem(TaskCompletionSource<LoggedState> Completion) : RequestItem<LoggedState>(Completion)
{
    protected override LoggedState Result(Step step) => step.State!.Pending ?? step.State.Latest;
}

/// <summary>A peer connected: send it a SYNC.</summary>
internal sealed record PeerConnectedItem(Address Peer) : WorkItem;

/// <summary>A deadline may have passed.</summary>
internal sealed record TickItem : WorkItem
{
    public static readonly TickItem Instance = new();
}

/// <summary>
/// One channel's actor: a bounded inbox processed by one loop, so a channel's events are handled strictly in order
/// while channels run in parallel. <see cref="State"/> only ever shows durable states: it is published after the
/// store commit of the batch that produced it.
/// </summary>
internal sealed class ChannelActor
{
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ChannelState? _state;

    public ChannelActor(Bytes32 channelId, int capacity, ChannelState? state)
    {
        ChannelId = channelId;
        _state = state;
        Inbox = Channel.CreateBounded<WorkItem>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public Bytes32 ChannelId { get; }

    public Channel<WorkItem> Inbox { get; }

    /// <summary>The latest durable state, or null while the channel is not (yet) created.</summary>
    public ChannelState? State => Volatile.Read(ref _state);

    /// <summary>Completes at the next change of <see cref="State"/>.</summary>
    public Task Changed => Volatile.Read(ref _changed).Task;

    public Task? Loop { get; set; }

    public void Publish(ChannelState? state)
    {
        Volatile.Write(ref _state, state);
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}
