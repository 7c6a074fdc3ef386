using Parley.Protocol;

namespace Parley.Engine;

/// <summary>
/// Thrown by the engine's local requests (open, act, conclude) when the protocol refuses them; nothing was stored or
/// sent. <see cref="Rejection"/> says why (e.g. <see cref="RejectionReason.NotYourTurn"/>, or
/// <see cref="RejectionReason.ActionRejected"/> with the rule's reason).
/// </summary>
public sealed class ChannelRequestException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="channelId">The channel.</param>
    /// <param name="rejection">Why the request was refused.</param>
    public ChannelRequestException(Bytes32 channelId, Rejection rejection)
        : base($"Channel {channelId}: {rejection.Reason}: {rejection.Detail}")
    {
        ChannelId = channelId;
        Rejection = rejection ?? throw new ArgumentNullException(nameof(rejection));
    }

    /// <summary>The channel.</summary>
    public Bytes32 ChannelId { get; }

    /// <summary>Why the request was refused.</summary>
    public Rejection Rejection { get; }

    /// <summary>The reason code.</summary>
    public RejectionReason Reason => Rejection.Reason;
}
