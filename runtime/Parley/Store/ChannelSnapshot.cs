namespace Parley.Store;

/// <summary>
/// A full copy of a channel's state at one turnNum, taken periodically so that re-derivation and restarts replay only
/// the actions after it.
/// </summary>
/// <param name="TurnNum">The turnNum of the state.</param>
/// <param name="StateHash">The state's EIP-712 digest (equal to the log entry's at the same turnNum).</param>
/// <param name="IsFinal">The state's <c>isFinal</c> flag.</param>
/// <param name="AppData">The state's <c>appData</c> (canonical ABI encoding).</param>
/// <param name="Outcome">The state's ABI-encoded outcome, <c>(address,uint256[])[]</c>.</param>
public sealed record ChannelSnapshot(ulong TurnNum, Bytes32 StateHash, bool IsFinal, byte[] AppData, byte[] Outcome);
