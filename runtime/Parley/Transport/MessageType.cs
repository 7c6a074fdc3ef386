namespace Parley.Transport;

/// <summary>
/// The type byte of a frame (docs/wire-format.md, "Messages"). The values are the wire format and never change.
/// 0x01–0x0F are transport messages (handshake, keep-alive, close), 0x10–0x1F channel messages.
/// </summary>
public enum MessageType : byte
{
    /// <summary>Initiator → responder, first frame: version, network context, initiator address, expected responder, initiator nonce.</summary>
    Hello = 0x01,

    /// <summary>Responder → initiator: version, responder address, responder nonce, responder's handshake signature.</summary>
    HelloReply = 0x02,

    /// <summary>Initiator → responder: the initiator's handshake signature. The connection is authenticated once it verifies.</summary>
    Auth = 0x03,

    /// <summary>Keep-alive request (8-byte opaque payload, echoed).</summary>
    Ping = 0x04,

    /// <summary>Keep-alive answer (the ping's payload).</summary>
    Pong = 0x05,

    /// <summary>Sent before closing: a <see cref="WireError"/> code and a UTF-8 explanation.</summary>
    Goodbye = 0x06,

    /// <summary>A new channel: fixed part, app name, pre-fund state and the proposer's signature.</summary>
    Propose = 0x10,

    /// <summary>A state produced by an action, signed by its mover.</summary>
    Update = 0x11,

    /// <summary>A participant's signature on a state already known (countersignature, checkpoint, join, conclude).</summary>
    Countersign = 0x12,

    /// <summary>A proposal to conclude: the latest state re-signed with isFinal set and turnNum + 1.</summary>
    Conclude = 0x13,

    /// <summary>The sender has durably stored the channel's states up to a turnNum.</summary>
    Ack = 0x14,

    /// <summary>The sender rejected a message, with the reason code.</summary>
    Reject = 0x15,

    /// <summary>After (re)connecting: the sender's latest turnNum in a channel, so the receiver resends what it lacks.</summary>
    Sync = 0x16,
}
