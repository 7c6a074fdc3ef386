namespace Parley.Nodes;

/// <summary>
/// The node refused to deposit into a channel whose funding deadline has passed on chain: from then on any participant
/// may reclaim an incompletely funded channel, so a late deposit could be stranded in a channel that never runs. Nothing
/// was sent.
/// </summary>
public sealed class FundingDeadlinePassedException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="channelId">The channel.</param>
    /// <param name="fundingDeadline">The channel's funding deadline, unix seconds.</param>
    /// <param name="chainTime">The chain's time when the deposit was about to be made, unix seconds.</param>
    public FundingDeadlinePassedException(Bytes32 channelId, ulong fundingDeadline, ulong chainTime)
        : base($"Channel {channelId}: the funding deadline {fundingDeadline} has passed (chain time {chainTime}); not depositing.")
    {
        ChannelId = channelId;
        FundingDeadline = fundingDeadline;
        ChainTime = chainTime;
    }

    /// <summary>The channel.</summary>
    public Bytes32 ChannelId { get; }

    /// <summary>The channel's funding deadline, unix seconds.</summary>
    public ulong FundingDeadline { get; }

    /// <summary>The chain's time when the deposit was about to be made, unix seconds.</summary>
    public ulong ChainTime { get; }
}
