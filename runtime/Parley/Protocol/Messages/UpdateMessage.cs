using Parley.Channels;

namespace Parley.Protocol;

/// <summary>
/// A state produced by applying <paramref name="Action"/> to the state with turnNum <paramref name="TurnNum"/> − 1,
/// signed by its mover. The receiver re-runs the reducer and accepts only if it gets exactly the claimed appData,
/// outcome and isFinal (docs/runtime.md, "Validation").
/// </summary>
/// <param name="ChannelId">The channel.</param>
/// <param name="TurnNum">The new state's turnNum.</param>
/// <param name="IsFinal">The new state's claimed <c>isFinal</c> (must equal the app's <c>isFinal(appData)</c>).</param>
/// <param name="ParentHash">The EIP-712 digest of the state the action was applied to.</param>
/// <param name="Action">The action's calldata (4-byte selector ‖ ABI-encoded arguments).</param>
/// <param name="AppData">The claimed new appData.</param>
/// <param name="Outcome">The claimed new outcome.</param>
/// <param name="Signature">The mover's 65-byte signature over the new state's digest.</param>
public sealed record UpdateMessage(
    Bytes32 ChannelId,
    ulong TurnNum,
    bool IsFinal,
    Bytes32 ParentHash,
    byte[] Action,
    byte[] AppData,
    Outcome Outcome,
    byte[] Signature) : ChannelMessage(ChannelId);
