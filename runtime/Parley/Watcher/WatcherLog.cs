using Microsoft.Extensions.Logging;

namespace Parley.Watcher;

/// <summary>The watcher's log messages (event ids 700–799), with structured fields.</summary>
internal static partial class WatcherLog
{
    [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "Watcher started: {Channels} channel(s), adjudicator {Adjudicator}, cursor at block {NextBlock} ({Mode})")]
    public static partial void Started(ILogger logger, int channels, Address adjudicator, ulong nextBlock, string mode);

    [LoggerMessage(EventId = 701, Level = LogLevel.Warning, Message = "Channel {ChannelId}: challenge on turnNum {TurnNumRecord} (ours {Latest}) finalizes at {FinalizesAt}")]
    public static partial void ChallengeDetected(ILogger logger, Bytes32 channelId, ulong turnNumRecord, ulong latest, ulong finalizesAt);

    [LoggerMessage(EventId = 702, Level = LogLevel.Information, Message = "Channel {ChannelId}: answered the challenge on turnNum {Challenged} with {Answer} to turnNum {Answered} in block {Block} ({Gas} gas)")]
    public static partial void Answered(ILogger logger, Bytes32 channelId, ulong challenged, ChallengeAnswer answer, ulong answered, ulong block, ulong gas);

    [LoggerMessage(EventId = 703, Level = LogLevel.Information, Message = "Channel {ChannelId}: challenged with turnNum {TurnNum} in block {Block} ({Gas} gas)")]
    public static partial void Challenged(ILogger logger, Bytes32 channelId, ulong turnNum, ulong block, ulong gas);

    [LoggerMessage(EventId = 704, Level = LogLevel.Information, Message = "Channel {ChannelId}: withdrew {Amount} of {Asset} in block {Block}")]
    public static partial void Withdrew(ILogger logger, Bytes32 channelId, UInt256 amount, Address asset, ulong block);

    [LoggerMessage(EventId = 705, Level = LogLevel.Warning, Message = "Channel {ChannelId}: handling failed, retrying on the next poll")]
    public static partial void Failed(ILogger logger, Exception exception, Bytes32 channelId);

    [LoggerMessage(EventId = 706, Level = LogLevel.Warning, Message = "Watcher poll failed, retrying")]
    public static partial void PollFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 707, Level = LogLevel.Warning, Message = "Channel {ChannelId}: our move is needed on chain on turnNum {TurnNum} before {FinalizesAt}")]
    public static partial void MoveNeeded(ILogger logger, Bytes32 channelId, ulong turnNum, ulong finalizesAt);

    [LoggerMessage(EventId = 708, Level = LogLevel.Information, Message = "Channel {ChannelId} finalized on chain at turnNum {TurnNum}")]
    public static partial void Finalized(ILogger logger, Bytes32 channelId, ulong turnNum);

    [LoggerMessage(EventId = 710, Level = LogLevel.Information, Message = "Channel {ChannelId}: moved on the challenged turnNum {Challenged} by progress to turnNum {Answered} in block {Block} ({Gas} gas)")]
    public static partial void MovedOnChain(ILogger logger, Bytes32 channelId, ulong challenged, ulong answered, ulong block, ulong gas);

    [LoggerMessage(EventId = 711, Level = LogLevel.Information, Message = "Channel {ChannelId}: adopted participant {Mover}'s move to turnNum {TurnNum}, made only on chain (block {Block})")]
    public static partial void Adopted(ILogger logger, Bytes32 channelId, int mover, ulong turnNum, ulong block);

    [LoggerMessage(EventId = 712, Level = LogLevel.Warning, Message = "Channel {ChannelId}: refused participant {Mover}'s move to turnNum {TurnNum} found on chain (block {Block}): {Reason}: {Detail}")]
    public static partial void AdoptionRefused(ILogger logger, Bytes32 channelId, int mover, ulong turnNum, ulong block, Protocol.RejectionReason reason, string detail);

    [LoggerMessage(EventId = 713, Level = LogLevel.Information, Message = "Channel {ChannelId}: adopted {Count} state(s) up to the challenged turnNum {TurnNum} from the calldata of challenge {Transaction}")]
    public static partial void ProofAdopted(ILogger logger, Bytes32 channelId, int count, ulong turnNum, Bytes32 transaction);

    [LoggerMessage(EventId = 714, Level = LogLevel.Warning, Message = "Channel {ChannelId}: refused the support proof of challenge {Transaction} on turnNum {TurnNum}: {Problem}: {Detail}")]
    public static partial void ProofRefused(ILogger logger, Bytes32 channelId, Bytes32 transaction, ulong turnNum, ChallengeProofProblem problem, string detail);

    [LoggerMessage(EventId = 715, Level = LogLevel.Information, Message = "Channel {ChannelId}: challenge {Transaction} on turnNum {TurnNum} did not call the adjudicator's challenge directly: its proof cannot be read")]
    public static partial void ProofNotDirect(ILogger logger, Bytes32 channelId, Bytes32 transaction, ulong turnNum);

    [LoggerMessage(EventId = 709, Level = LogLevel.Warning, Message = "Channel {ChannelId}: a watcher event subscriber threw")]
    public static partial void SubscriberFailed(ILogger logger, Exception exception, Bytes32 channelId);
}
