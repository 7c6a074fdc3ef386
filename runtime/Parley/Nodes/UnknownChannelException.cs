namespace Parley.Nodes;

/// <summary>The node has no channel with this id (never opened or joined here, or its state machine is not loaded).</summary>
public sealed class UnknownChannelException : KeyNotFoundException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="channelId">The channel id asked for.</param>
    public UnknownChannelException(Bytes32 channelId)
        : base($"This node has no channel {channelId}.")
    {
        ChannelId = channelId;
    }

    /// <summary>The channel id asked for.</summary>
    public Bytes32 ChannelId { get; }
}
