namespace Parley.Protocol;

/// <summary>
/// Where a channel stands in its life, as this participant sees it. Stored as one byte (the enum value) by
/// <see cref="Parley.Store.IChannelStore"/>; the values are part of the database format and never change.
/// </summary>
public enum ChannelPhase : byte
{
    /// <summary>The pre-fund state (turnNum 0) is not yet signed by every participant.</summary>
    Proposed = 0,

    /// <summary>Every participant signed the pre-fund state; updates flow.</summary>
    Running = 1,

    /// <summary>A state with <c>isFinal = true</c> is signed by every participant: the channel is concluded off chain.</summary>
    Concluded = 2,
}
