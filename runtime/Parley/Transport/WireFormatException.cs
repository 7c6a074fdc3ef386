namespace Parley.Transport;

/// <summary>
/// Thrown when bytes received from a peer break the wire format (docs/wire-format.md) or the handshake. The
/// connection they came on is closed; nothing they describe is applied.
/// </summary>
public sealed class WireFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="error">The reason code (sent to the peer in a GOODBYE frame).</param>
    /// <param name="message">What exactly was wrong, e.g. the field and its value.</param>
    public WireFormatException(WireError error, string message) : base(message) => Error = error;

    /// <summary>The reason code.</summary>
    public WireError Error { get; }
}
