using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Parley.Observers;

/// <summary>Thrown into an <see cref="ChannelEvents.SubscribeAsync"/> stream whose consumer fell too far behind.</summary>
public sealed class SubscriptionOverflowException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="capacity">The subscription's buffer size, in events.</param>
    public SubscriptionOverflowException(int capacity)
        : base($"The subscriber fell more than {capacity} events behind; its subscription was ended so that it cannot slow the node down. Subscribe again and reload the channel state.")
        => Capacity = capacity;

    /// <summary>The subscription's buffer size, in events.</summary>
    public int Capacity { get; }
}

/// <summary>
/// Where a node publishes its <see cref="ParleyEvent"/>s, as .NET events and as <see cref="IAsyncEnumerable{T}"/>
/// streams. Publishing never blocks and never fails: the engine hands each event to a dispatcher and moves on, so no
/// subscriber — slow, blocked or throwing — can stall a channel.
/// </summary>
/// <remarks>
/// <para>.NET event handlers run on the dispatcher, one event at a time, in publication order. A handler that throws
/// is logged and the others still run. A handler that blocks delays later events for every subscriber (never a
/// channel); keep handlers short or use a stream.</para>
/// <para>Each <see cref="SubscribeAsync"/> stream has its own buffer. A consumer that falls more than its capacity
/// behind gets <see cref="SubscriptionOverflowException"/> at the end of what it has buffered.</para>
/// </remarks>
public sealed class ChannelEvents : IAsyncDisposable
{
    private readonly Channel<ParleyEvent> _dispatch = Channel.CreateUnbounded<ParleyEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _lock = new();
    private readonly ILogger _logger;
    private readonly Task _dispatcher;
    private Subscription[] _subscriptions = [];

    /// <summary>Creates the hub and starts its dispatcher.</summary>
    /// <param name="logger">Where handler failures are logged.</param>
    public ChannelEvents(ILogger<ChannelEvents>? logger = null)
    {
        _logger = logger ?? NullLogger<ChannelEvents>.Instance;
        _dispatcher = Task.Run(DispatchAsync);
    }

    /// <summary>Every event.</summary>
    public event EventHandler<ParleyEvent>? EventPublished;

    /// <summary>A channel's latest supported state changed.</summary>
    public event EventHandler<StateChangedEvent>? StateChanged;

    /// <summary>A peer's message (or a local request) was refused, with the reason.</summary>
    public event EventHandler<UpdateRejectedEvent>? UpdateRejected;

    /// <summary>A counterparty missed a deadline: time to go to the chain.</summary>
    public event EventHandler<EscalationNeededEvent>? EscalationNeeded;

    /// <summary>A peer connected.</summary>
    public event EventHandler<PeerConnectedEvent>? PeerConnected;

    /// <summary>A peer's connection was lost.</summary>
    public event EventHandler<PeerLostEvent>? PeerLost;

    /// <summary>How many handler invocations threw (each was logged).</summary>
    public long HandlerFailures => Interlocked.Read(ref _handlerFailures);

    private long _handlerFailures;

    /// <summary>Publishes an event (never blocks, never throws; ignored after disposal).</summary>
    public void Publish(ParleyEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        _dispatch.Writer.TryWrite(e);
    }

    /// <summary>
    /// A stream of the events published from now on (those of one channel, if <paramref name="channelId"/> is given),
    /// until <paramref name="cancellationToken"/> is cancelled or the hub is disposed.
    /// </summary>
    /// <param name="channelId">Only this channel's events (node events such as peer connections are then left out), or null for all.</param>
    /// <param name="capacity">How many events may wait for the consumer before the subscription overflows (≥ 1). Default 65,536.</param>
    /// <param name="cancellationToken">Ends the stream.</param>
    /// <exception cref="SubscriptionOverflowException">The consumer fell more than <paramref name="capacity"/> events behind.</exception>
    public async IAsyncEnumerable<ParleyEvent> SubscribeAsync(Bytes32? channelId = null, int capacity = 65_536,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var subscription = new Subscription(channelId, capacity);
        lock (_lock)
        {
            _subscriptions = [.. _subscriptions, subscription];
        }
        try
        {
            await foreach (var e in subscription.Buffer.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return e;
            }
        }
        finally
        {
            lock (_lock)
            {
                _subscriptions = _subscriptions.Where(s => s != subscription).ToArray();
            }
        }
    }

    private async Task DispatchAsync()
    {
        await foreach (var e in _dispatch.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            Invoke(EventPublished, e);
            switch (e)
            {
                case StateChangedEvent changed:
                    Invoke(StateChanged, changed);
                    break;
                case UpdateRejectedEvent rejected:
                    Invoke(UpdateRejected, rejected);
                    break;
                case EscalationNeededEvent escalation:
                    Invoke(EscalationNeeded, escalation);
                    break;
                case PeerConnectedEvent connected:
                    Invoke(PeerConnected, connected);
                    break;
                case PeerLostEvent lost:
                    Invoke(PeerLost, lost);
                    break;
            }
            foreach (var subscription in Volatile.Read(ref _subscriptions))
            {
                if (subscription.ChannelId is { } id && (e is not ChannelEvent channelEvent || channelEvent.ChannelId != id))
                {
                    continue;
                }
                if (!subscription.Buffer.Writer.TryWrite(e))
                {
                    subscription.Buffer.Writer.TryComplete(new SubscriptionOverflowException(subscription.Capacity));
                }
            }
        }
        foreach (var subscription in Volatile.Read(ref _subscriptions))
        {
            subscription.Buffer.Writer.TryComplete();
        }
    }

    private void Invoke<T>(EventHandler<T>? handlers, T e)
    {
        if (handlers is null)
        {
            return;
        }
        foreach (var handler in handlers.GetInvocationList())
        {
            try
            {
                ((EventHandler<T>)handler)(this, e);
            }
            catch (Exception failure)
            {
                Interlocked.Increment(ref _handlerFailures);
                _logger.LogError(failure, "An event handler threw on {Event}; the other handlers and the channel carry on", typeof(T).Name);
            }
        }
    }

    /// <summary>Stops accepting events, delivers those already published, and ends every stream.</summary>
    public async ValueTask DisposeAsync()
    {
        _dispatch.Writer.TryComplete();
        await _dispatcher.ConfigureAwait(false);
    }

    private sealed class Subscription(Bytes32? channelId, int capacity)
    {
        public Bytes32? ChannelId { get; } = channelId;

        public int Capacity { get; } = capacity;

        public Channel<ParleyEvent> Buffer { get; } = Channel.CreateBounded<ParleyEvent>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }
}
