namespace Parley.Store;

/// <summary>
/// How a logged state came about. Stored as one byte; the values are part of the database format and never change.
/// </summary>
public enum LogEntryKind : byte
{
    /// <summary>
    /// A state the participants agree on directly, without an action: the pre-fund state (turnNum 0) of a new
    /// channel, or a final state proposed to conclude. It is supported only once every participant has signed it,
    /// so the entry carries the full <c>appData</c> and outcome.
    /// </summary>
    Agreed = 0,

    /// <summary>
    /// A state produced by applying an action to the state before it through the channel's reducer, signed by its
    /// mover. The entry carries only the action (the calldata bytes); the state is re-derived by replay.
    /// </summary>
    Action = 1,
}
