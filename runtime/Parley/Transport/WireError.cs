namespace Parley.Transport;

/// <summary>
/// Why a frame or a connection was refused by the transport (<see cref="WireFormatException.Error"/>). Every one of
/// these closes the connection (docs/wire-format.md, "Errors"); the numeric values are sent in a GOODBYE frame and
/// never change.
/// </summary>
public enum WireError : byte
{
    /// <summary>No error: a normal close (shutdown, or a duplicate connection being dropped).</summary>
    None = 0,

    /// <summary>A frame's length prefix exceeds the receiver's maximum frame size.</summary>
    FrameTooLarge = 1,

    /// <summary>A frame's length prefix is 0 (every frame has at least its type byte).</summary>
    EmptyFrame = 2,

    /// <summary>The frame's type byte names no message.</summary>
    UnknownMessageType = 3,

    /// <summary>The payload ends before a field it must contain.</summary>
    Truncated = 4,

    /// <summary>The payload has bytes after its last field.</summary>
    TrailingBytes = 5,

    /// <summary>A field holds a value outside its range (a turnNum ≥ 2^48, a bool other than 0/1, a bad length, an undecodable outcome or fixed part, an invalid UTF-8 string).</summary>
    InvalidField = 6,

    /// <summary>A message arrived that is not allowed at this point (a channel message before the handshake completed, a handshake message after it).</summary>
    UnexpectedMessage = 7,

    /// <summary>The peer speaks another protocol version.</summary>
    VersionMismatch = 8,

    /// <summary>The peer is on another chain or adjudicator (its handshake context differs).</summary>
    WrongNetwork = 9,

    /// <summary>The authenticated peer is not the one dialled, or the responder is not the address the initiator asked for.</summary>
    WrongPeer = 10,

    /// <summary>A handshake signature is malformed, high-s, or does not recover to the claimed address.</summary>
    BadHandshakeSignature = 11,

    /// <summary>The handshake did not complete in time, or the peer stayed silent longer than the idle timeout.</summary>
    Timeout = 12,

    /// <summary>The stream ended in the middle of a frame.</summary>
    ConnectionLost = 13,

    /// <summary>The peer sent a message about a channel it is not a participant of.</summary>
    NotAParticipant = 14,

    /// <summary>The peer exceeded the number of rejected updates a connection may cause.</summary>
    TooManyRejections = 15,
}
