namespace Parley.Store;

/// <summary>
/// One entry of a channel's append-only log: the state with turnNum <see cref="TurnNum"/>, identified by its EIP-712
/// digest. The log of actions is the source of truth (event sourcing): replaying the actions from a snapshot
/// reproduces every <see cref="StateHash"/>.
/// </summary>
/// <param name="TurnNum">The state's turnNum (0 ≤ turnNum &lt; 2^48).</param>
/// <param name="Kind">Whether the state was agreed directly or produced by an action.</param>
/// <param name="ParentHash">
/// The <see cref="StateHash"/> of the state this one builds on (the entry with turnNum − 1), or
/// <see cref="Bytes32.Zero"/> for turnNum 0.
/// </param>
/// <param name="StateHash">
/// The EIP-712 digest of the state, <c>keccak256(0x19 0x01 ‖ domainSeparator ‖ structHash(State))</c> as
/// DESIGN.md defines it: the 32 bytes every participant signs.
/// </param>
/// <param name="IsFinal">The state's <c>isFinal</c> flag.</param>
/// <param name="Action">
/// For <see cref="LogEntryKind.Action"/>: the action's calldata (4-byte selector ‖ ABI-encoded arguments). Empty for
/// <see cref="LogEntryKind.Agreed"/>.
/// </param>
/// <param name="AppData">
/// For <see cref="LogEntryKind.Agreed"/>: the state's <c>appData</c> (canonical ABI encoding). Null for actions.
/// </param>
/// <param name="Outcome">
/// For <see cref="LogEntryKind.Agreed"/>: the state's outcome, ABI-encoded as <c>(address,uint256[])[]</c>. Null for
/// actions.
/// </param>
/// <remarks>The byte arrays are owned by the entry and must not be modified after construction.</remarks>
public sealed record LogEntry(
    ulong TurnNum,
    LogEntryKind Kind,
    Bytes32 ParentHash,
    Bytes32 StateHash,
    bool IsFinal,
    byte[] Action,
    byte[]? AppData,
    byte[]? Outcome)
{
    /// <summary>Creates the entry of an action: the state it produced is re-derived from the action by replay.</summary>
    /// <param name="turnNum">The new state's turnNum.</param>
    /// <param name="parentHash">The digest of the state the action was applied to.</param>
    /// <param name="stateHash">The digest of the new state.</param>
    /// <param name="isFinal">The new state's <c>isFinal</c> flag.</param>
    /// <param name="action">The action's calldata.</param>
    public static LogEntry ForAction(ulong turnNum, Bytes32 parentHash, Bytes32 stateHash, bool isFinal, byte[] action) =>
        new(turnNum, LogEntryKind.Action, parentHash, stateHash, isFinal, action, null, null);

    /// <summary>Creates the entry of an agreed state (pre-fund or conclude), which carries the full state.</summary>
    /// <param name="turnNum">The state's turnNum.</param>
    /// <param name="parentHash">The digest of the state before it, or zero for turnNum 0.</param>
    /// <param name="stateHash">The digest of the state.</param>
    /// <param name="isFinal">The state's <c>isFinal</c> flag.</param>
    /// <param name="appData">The state's <c>appData</c>.</param>
    /// <param name="outcome">The state's ABI-encoded outcome.</param>
    public static LogEntry ForAgreed(ulong turnNum, Bytes32 parentHash, Bytes32 stateHash, bool isFinal, byte[] appData, byte[] outcome) =>
        new(turnNum, LogEntryKind.Agreed, parentHash, stateHash, isFinal, [], appData, outcome);
}
