namespace Parley.Crypto;

/// <summary>
/// A secp256k1 signature was malformed, out of range, not low-s, or did not recover a public key.
/// <see cref="Error"/> says which.
/// </summary>
public sealed class SignatureException : Exception
{
    /// <summary>Creates the exception with a message that explains <paramref name="error"/>.</summary>
    /// <param name="error">The reason.</param>
    public SignatureException(SignatureError error)
        : base(Describe(error))
    {
        Error = error;
    }

    /// <summary>Creates the exception with <paramref name="error"/> and a specific message.</summary>
    /// <param name="error">The reason.</param>
    /// <param name="message">The message.</param>
    public SignatureException(SignatureError error, string message)
        : base(message)
    {
        Error = error;
    }

    /// <summary>Why the signature was rejected.</summary>
    public SignatureError Error { get; }

    /// <summary>A sentence describing <paramref name="error"/>.</summary>
    /// <param name="error">The reason.</param>
    public static string Describe(SignatureError error) => error switch
    {
        SignatureError.WrongLength => "A signature must be exactly 65 bytes r ‖ s ‖ v.",
        SignatureError.InvalidV => "A signature's v must be 27 or 28 (or 0 or 1).",
        SignatureError.RIsZero => "A signature's r is zero.",
        SignatureError.RNotBelowOrder => "A signature's r is not below the secp256k1 curve order n.",
        SignatureError.SIsZero => "A signature's s is zero.",
        SignatureError.SNotBelowOrder => "A signature's s is not below the secp256k1 curve order n.",
        SignatureError.HighS => "A signature's s is above n/2 (high-s); Ethereum (EIP-2) and OpenZeppelin ECDSA accept only low-s signatures.",
        SignatureError.NotRecoverable => "No public key recovers from this signature and hash.",
        _ => $"The signature was rejected ({error}).",
    };
}
