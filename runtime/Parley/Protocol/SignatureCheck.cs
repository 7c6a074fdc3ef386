using Parley.Channels;
using Parley.Crypto;

namespace Parley.Protocol;

/// <summary>The signature steps of the validation pipeline: well-formed, low-s, recovers to a participant.</summary>
internal static class SignatureCheck
{
    /// <summary>
    /// Parses <paramref name="bytes"/>, refuses high s, recovers the signer of <paramref name="digest"/> and finds it
    /// among the participants.
    /// </summary>
    public static Rejection? Verify(FixedPart fixedPart, byte[] bytes, Bytes32 digest, out int signer, out Signature signature)
    {
        signer = -1;
        if (!Signature.TryFromBytes(bytes, out signature, out var error))
        {
            return new Rejection(RejectionReason.InvalidSignature, $"The signature is malformed: {error}.");
        }
        if (!signature.IsLowS)
        {
            return new Rejection(RejectionReason.HighS, "The signature's s is above n/2 (EIP-2: only low-s signatures are valid).");
        }
        if (!Secp256k1.Default.TryRecover(digest, signature, out var address))
        {
            return new Rejection(RejectionReason.InvalidSignature, $"No key recovers from the signature over {digest}.");
        }
        signer = fixedPart.IndexOf(address);
        if (signer < 0)
        {
            return new Rejection(RejectionReason.NotAParticipant, $"The signature recovers to {address}, who is not a participant.");
        }
        return null;
    }
}
