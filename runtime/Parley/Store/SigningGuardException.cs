namespace Parley.Store;

/// <summary>
/// Thrown by <see cref="IChannelStore.CommitAsync"/> when a batch carries an own signature whose turnNum is not
/// strictly greater than the highest turnNum this node has already signed in the channel. The batch is rolled back in
/// full; the signature must not be sent. Seeing this exception means a bug or a second process writing the same
/// database: it is never a peer's fault.
/// </summary>
public sealed class SigningGuardException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="channelId">The channel.</param>
    /// <param name="turnNum">The turnNum the refused signature is for.</param>
    /// <param name="highestSignedTurn">The highest turnNum already signed (−1 for none).</param>
    public SigningGuardException(Bytes32 channelId, ulong turnNum, long highestSignedTurn)
        : base($"Refused to persist a signature on turnNum {turnNum} in channel {channelId}: this node already signed up to turnNum {highestSignedTurn} (never sign two states with the same turnNum).")
    {
        ChannelId = channelId;
        TurnNum = turnNum;
        HighestSignedTurn = highestSignedTurn;
    }

    /// <summary>The channel.</summary>
    public Bytes32 ChannelId { get; }

    /// <summary>The turnNum the refused signature is for.</summary>
    public ulong TurnNum { get; }

    /// <summary>The highest turnNum this node had signed when the signature was refused (−1 for none).</summary>
    public long HighestSignedTurn { get; }
}
