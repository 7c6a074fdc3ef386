using Parley.Protocol;
using Parley.Transport;

namespace Parley.Examples.Demo;

/// <summary>
/// Bob's cheat in game 2, wrapped around his real transport: on one channel, from one turn on, his node (a) lets no
/// incoming state of that turn or later reach the engine until <see cref="Release"/> (so he can take the support proof of
/// his own last move first) and (b) sends nothing about that turn or later — in particular not the countersignature
/// the engine gives a final state automatically (<c>docs/runtime.md</c>, "Checkpoint"), which would let the honest side
/// conclude the game off chain. Everything else passes through unchanged.
/// </summary>
public sealed class WithholdingTransport(IPeerTransport inner, Bytes32 channelId, ulong fromTurn) : IPeerTransport
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Address LocalAddress => inner.LocalAddress;

    /// <summary>Lets the held incoming states through to the engine.</summary>
    public void Release() => _released.TrySetResult();

    public Task StartAsync(ITransportHandler handler, CancellationToken cancellationToken = default) =>
        inner.StartAsync(new Gate(this, handler), cancellationToken);

    public bool TrySend(Address peer, ChannelMessage message) =>
        Withheld(message) ? true : inner.TrySend(peer, message);   // "sent": into the void, as a silent node's would be

    public bool IsConnected(Address peer) => inner.IsConnected(peer);

    public void Disconnect(Address peer, WireError error, string reason) => inner.Disconnect(peer, error, reason);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private bool Withheld(ChannelMessage message) => message.ChannelId == channelId && message switch
    {
        UpdateMessage m => m.TurnNum >= fromTurn,
        CountersignMessage m => m.TurnNum >= fromTurn,
        ConcludeMessage m => m.TurnNum >= fromTurn,
        AckMessage m => m.TurnNum >= fromTurn,
        SyncMessage m => m.LatestTurnNum >= fromTurn,
        _ => false,
    };

    private sealed class Gate(WithholdingTransport owner, ITransportHandler handler) : ITransportHandler
    {
        public async ValueTask OnMessageAsync(Address peer, ChannelMessage message, CancellationToken cancellationToken)
        {
            if (owner.Withheld(message))
            {
                await owner._released.Task.WaitAsync(cancellationToken);
            }
            await handler.OnMessageAsync(peer, message, cancellationToken);
        }

        public void OnPeerConnected(Address peer) => handler.OnPeerConnected(peer);

        public void OnPeerDisconnected(Address peer, ConnectionClosed reason) => handler.OnPeerDisconnected(peer, reason);
    }
}
