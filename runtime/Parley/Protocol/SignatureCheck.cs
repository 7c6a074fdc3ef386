using System.Runtime.CompilerServices;
using Parley.Channels;
using Parley.Crypto;

namespace Parley.Protocol;

/// <summary>
/// The signature steps of the validation pipeline: well-formed, low-s, recovers to a participant. Recovery (the most
/// expensive step of validating an update) can be done ahead, off the channel's ordered path, with
/// <see cref="Precompute"/>: the result is remembered for that exact signature array and digest and reused.
/// </summary>
public static class SignatureCheck
{
    private static readonly ConditionalWeakTable<byte[], Recovered> Cache = new();

    /// <summary>
    /// Recovers the signer of an update ahead of its turn in the channel's queue (e.g. on the transport's read
    /// thread), so the ordered step only looks the result up. Pure: the same message always gives the same result.
    /// </summary>
    /// <param name="fixedPart">The channel's fixed part.</param>
    /// <param name="update">The update as received.</param>
    public static void Precompute(FixedPart fixedPart, UpdateMessage update)
    {
        ArgumentNullException.ThrowIfNull(fixedPart);
        ArgumentNullException.ThrowIfNull(update);
        if (update.ChannelId != fixedPart.ChannelId || update.TurnNum > ParleyState.MaxTurnNum
            || !update.Outcome.HasParticipantCount(fixedPart.ParticipantCount))
        {
            return;
        }
        var digest = LoggedState.Digest(fixedPart, update.TurnNum, update.IsFinal, update.AppData, update.Outcome);
        Recover(update.Signature, digest);
    }

    private static Recovered Recover(byte[] bytes, Bytes32 digest)
    {
        if (Cache.TryGetValue(bytes, out var known) && known.Digest == digest)
        {
            return known;
        }
        Recovered result;
        if (!Signature.TryFromBytes(bytes, out var signature, out var error))
        {
            result = new Recovered(digest, default, null, new Rejection(RejectionReason.InvalidSignature, $"The signature is malformed: {error}."));
        }
        else if (!signature.IsLowS)
        {
            result = new Recovered(digest, signature, null, new Rejection(RejectionReason.HighS, "The signature's s is above n/2 (EIP-2: only low-s signatures are valid)."));
        }
        else if (!Secp256k1.Default.TryRecover(digest, signature, out var address))
        {
            result = new Recovered(digest, signature, null, new Rejection(RejectionReason.InvalidSignature, $"No key recovers from the signature over {digest}."));
        }
        else
        {
            result = new Recovered(digest, signature, address, null);
        }
        Cache.AddOrUpdate(bytes, result);
        return result;
    }

    /// <summary>
    /// Parses <paramref name="bytes"/>, refuses high s, recovers the signer of <paramref name="digest"/> and finds it
    /// among the participants.
    /// </summary>
    internal static Rejection? Verify(FixedPart fixedPart, byte[] bytes, Bytes32 digest, out int signer, out Signature signature)
    {
        var recovered = Recover(bytes, digest);
        signature = recovered.Signature;
        signer = -1;
        if (recovered.Problem is { } problem)
        {
            return problem;
        }
        signer = fixedPart.IndexOf(recovered.Signer!.Value);
        return signer < 0
            ? new Rejection(RejectionReason.NotAParticipant, $"The signature recovers to {recovered.Signer}, who is not a participant.")
            : null;
    }

    private sealed record Recovered(Bytes32 Digest, Signature Signature, Address? Signer, Rejection? Problem);
}
