namespace Parley.Observers;

/// <summary>
/// A move another participant made only on chain (an adjudicator <c>Progressed</c> event) was verified and stored: the
/// reducer re-ran it on the state this node holds, the mover's signature on the result checked out, and the new state
/// (signed by its mover only) is the channel's latest (<see cref="Protocol.ChannelProtocol.AdoptOnChainMove"/>). A
/// <see cref="StateChangedEvent"/> for the same state follows.
/// </summary>
/// <param name="Timestamp">When it was stored.</param>
/// <param name="ChannelId">The channel.</param>
/// <param name="TurnNum">The adopted state's turnNum.</param>
/// <param name="Mover">The index of the participant who made the move (and signed the state).</param>
public sealed record OnChainMoveAdoptedEvent(DateTimeOffset Timestamp, Bytes32 ChannelId, ulong TurnNum, int Mover) : ChannelEvent(Timestamp, ChannelId);

/// <summary>
/// A fork: a participant signed two different states with the same turnNum — one this node holds, another it found on
/// chain (a <c>Progressed</c> move). This node keeps its own state and stores nothing of the other
/// (<see cref="Protocol.RejectionReason.TurnNumRepeated"/>); the signed conflicting state is evidence of the equivocation.
/// </summary>
/// <param name="Timestamp">When it was found.</param>
/// <param name="ChannelId">The channel.</param>
/// <param name="TurnNum">The turnNum signed twice.</param>
/// <param name="Signer">The index of the participant who signed the state on chain.</param>
/// <param name="HeldHash">The EIP-712 digest of the state this node holds (and keeps) at that turnNum.</param>
/// <param name="OnChainHash">The EIP-712 digest of the conflicting state on chain.</param>
public sealed record OnChainForkEvent(DateTimeOffset Timestamp, Bytes32 ChannelId, ulong TurnNum, int Signer, Bytes32 HeldHash, Bytes32 OnChainHash)
    : ChannelEvent(Timestamp, ChannelId);
