using Parley.Channels;
using Parley.Contracts;

namespace Parley.Settlement;

/// <summary>
/// One <c>progress</c> of the running challenge, as <see cref="ChainService.ReadChannelAsync"/> rebuilds it: the state it
/// moved on, the decoded <c>Progressed</c> event (mover, action, the mover's signature) and the state it registered,
/// re-executed with the app's reducer and checked against the signature. A node that never received the move off chain
/// adopts it with <see cref="Engine.ChannelEngine.AdoptOnChainMoveAsync(Bytes32, VariablePart, int, Move, CancellationToken)"/>.
/// </summary>
/// <param name="Before">The registered state the move applied to (turnNum <c>Progressed.TurnNumRecord − 1</c>).</param>
/// <param name="Progressed">The event.</param>
/// <param name="After">The state the move registered (turnNum <c>Progressed.TurnNumRecord</c>).</param>
/// <param name="Block">The block the event was mined in.</param>
public sealed record OnChainMove(VariablePart Before, ProgressedEvent Progressed, VariablePart After, ulong Block);
