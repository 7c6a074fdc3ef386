using Parley.Protocol;

namespace Parley.Store;

/// <summary>
/// A channel's head: its latest supported state in full, so that a restart needs no replay, and where its support
/// proof begins.
/// </summary>
/// <param name="Phase">The channel's phase.</param>
/// <param name="TurnNum">The turnNum of the latest supported state.</param>
/// <param name="StateHash">Its EIP-712 digest.</param>
/// <param name="IsFinal">Its <c>isFinal</c> flag.</param>
/// <param name="AppData">Its <c>appData</c>.</param>
/// <param name="Outcome">Its ABI-encoded outcome.</param>
/// <param name="LatestFullySignedTurn">
/// The turnNum of the latest state signed by every participant: the support proof of the latest state is that state
/// followed by the mover-signed actions up to <see cref="TurnNum"/> (DESIGN.md, "Support").
/// </param>
public sealed record LatestState(
    ChannelPhase Phase,
    ulong TurnNum,
    Bytes32 StateHash,
    bool IsFinal,
    byte[] AppData,
    byte[] Outcome,
    ulong LatestFullySignedTurn);
