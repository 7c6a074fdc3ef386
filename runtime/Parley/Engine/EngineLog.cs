using Microsoft.Extensions.Logging;
using Parley.Protocol;

namespace Parley.Engine;

/// <summary>The engine's log messages, with structured fields (channelId, turnNum, peer, reason).</summary>
internal static partial class EngineLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Channel {ChannelId} proposed ({App}, {ParticipantCount} participants)")]
    public static partial void ChannelProposed(ILogger logger, Bytes32 channelId, string app, int participantCount);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Channel {ChannelId} opened")]
    public static partial void ChannelOpened(ILogger logger, Bytes32 channelId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Channel {ChannelId} state {TurnNum} stored (mover {Mover})")]
    public static partial void StateChanged(ILogger logger, Bytes32 channelId, ulong turnNum, int mover);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Channel {ChannelId} concluded at turnNum {TurnNum}")]
    public static partial void ChannelConcluded(ILogger logger, Bytes32 channelId, ulong turnNum);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Channel {ChannelId} refused turnNum {TurnNum} from {Peer}: {Reason} {Detail}")]
    public static partial void Refused(ILogger logger, Bytes32 channelId, ulong turnNum, Address peer, RejectionReason reason, string detail);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Channel {ChannelId} needs escalation ({Kind}) at turnNum {TurnNum}")]
    public static partial void Escalation(ILogger logger, Bytes32 channelId, Observers.EscalationKind kind, ulong turnNum);

    [LoggerMessage(EventId = 7, Level = LogLevel.Critical, Message = "Channel {ChannelId}: persisting turnNum {TurnNum} failed; nothing was sent and the channel was reloaded from the store")]
    public static partial void CommitFailed(ILogger logger, Exception exception, Bytes32 channelId, ulong turnNum);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Channel {ChannelId} restored at turnNum {TurnNum} ({Phase})")]
    public static partial void Restored(ILogger logger, Bytes32 channelId, ulong turnNum, ChannelPhase phase);

    [LoggerMessage(EventId = 9, Level = LogLevel.Error, Message = "Channel {ChannelId} cannot be restored: {Reason}")]
    public static partial void RestoreFailed(ILogger logger, Bytes32 channelId, string reason);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Closing the connection to {Peer}: {Reason}")]
    public static partial void Disconnecting(ILogger logger, Address peer, string reason);

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "Channel {ChannelId}: resent {Count} messages to {Peer} from turnNum {FromTurn}")]
    public static partial void Resent(ILogger logger, Bytes32 channelId, int count, Address peer, long fromTurn);

    [LoggerMessage(EventId = 12, Level = LogLevel.Error, Message = "Channel {ChannelId}: resending to {Peer} failed")]
    public static partial void ResendFailed(ILogger logger, Exception exception, Bytes32 channelId, Address peer);

    [LoggerMessage(EventId = 13, Level = LogLevel.Error, Message = "An escalation handler threw for channel {ChannelId}")]
    public static partial void EscalationHandlerFailed(ILogger logger, Exception exception, Bytes32 channelId);
}
