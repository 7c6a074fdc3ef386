namespace Parley.Crypto;

/// <summary>Why a signature was rejected (carried by <see cref="SignatureException.Error"/>).</summary>
public enum SignatureError
{
    /// <summary>The serialized signature is not exactly 65 bytes (<c>r ‖ s ‖ v</c>).</summary>
    WrongLength = 1,

    /// <summary><c>v</c> is not one of 0, 1, 27, 28.</summary>
    InvalidV,

    /// <summary><c>r</c> is zero.</summary>
    RIsZero,

    /// <summary><c>r</c> is not below the curve order n.</summary>
    RNotBelowOrder,

    /// <summary><c>s</c> is zero.</summary>
    SIsZero,

    /// <summary><c>s</c> is not below the curve order n.</summary>
    SNotBelowOrder,

    /// <summary>
    /// <c>s</c> is above n/2. Ethereum accepts only low-s signatures since Homestead (EIP-2), and OpenZeppelin's
    /// <c>ECDSA.recover</c> rejects high s, so Parley does too; the low-s twin is <c>(r, n − s)</c> with the other v.
    /// </summary>
    HighS,

    /// <summary>
    /// No public key recovers from this signature and hash: <c>r</c> is not the x coordinate of a curve point, or the
    /// recovered point is the point at infinity.
    /// </summary>
    NotRecoverable,
}
