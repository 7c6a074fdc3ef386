using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Math.EC.Multiplier;
using Org.BouncyCastle.Utilities;

namespace Parley.Crypto;

/// <summary>
/// secp256k1 in managed code with Portable.BouncyCastle 1.8.10: the fallback when <c>libsecp256k1.so.1</c> is absent.
/// Byte-identical to <see cref="NativeSecp256k1"/>, about four times slower.
/// </summary>
/// <remarks>
/// Uses <c>CustomNamedCurves</c> (the specialised secp256k1 field arithmetic, several times faster than the generic
/// <c>SecNamedCurves</c> curve), a fixed-point comb for k·G, <c>HMacDsaKCalculator</c> with SHA-256 for RFC 6979
/// nonces, and <c>BigIntegers.ModOddInverse</c> for inverses mod n. Signing computes the recovery id from R (parity of
/// R.y, plus 2 if R.x ≥ n) and flips it when s is negated to the low half, so no trial recovery is needed. Stateless
/// and thread-safe.
/// </remarks>
public sealed class ManagedSecp256k1 : Secp256k1Backend
{
    private static readonly X9ECParameters Curve = CustomNamedCurves.GetByName("secp256k1");
    private static readonly ECPoint G = Curve.G;
    private static readonly BigInteger N = Curve.N;
    private static readonly BigInteger HalfN = N.ShiftRight(1);
    private static readonly FixedPointCombMultiplier BaseMultiplier = new();

    /// <inheritdoc/>
    public override string Name => "managed";

    /// <inheritdoc/>
    public override PublicKey GetPublicKey(PrivateKey privateKey)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        var d = new BigInteger(1, privateKey.Secret.ToArray());
        return ToPublicKey(BaseMultiplier.Multiply(G, d).Normalize());
    }

    /// <inheritdoc/>
    public override Signature Sign(Bytes32 hash, PrivateKey privateKey)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        var message = hash.ToArray();
        var d = new BigInteger(1, privateKey.Secret.ToArray());
        // e = the digest as an integer (its bit length equals n's, so no truncation); reduced mod n below.
        var e = new BigInteger(1, message);
        var nonces = new HMacDsaKCalculator(new Sha256Digest());
        nonces.Init(N, d, message);
        while (true)
        {
            var k = nonces.NextK();
            var point = BaseMultiplier.Multiply(G, k).Normalize();
            var x = point.AffineXCoord.ToBigInteger();
            var r = x.Mod(N);
            if (r.SignValue == 0)
            {
                continue;
            }
            var s = BigIntegers.ModOddInverse(N, k).Multiply(e.Add(d.Multiply(r))).Mod(N);
            if (s.SignValue == 0)
            {
                continue;
            }
            var recoveryId = (point.AffineYCoord.TestBitZero() ? 1 : 0) | (x.CompareTo(N) >= 0 ? 2 : 0);
            if (s.CompareTo(HalfN) > 0)
            {
                s = N.Subtract(s);
                recoveryId ^= 1;
            }
            if (recoveryId > 1)
            {
                // R.x ≥ n: probability below 2^-127, and Ethereum's v cannot express it.
                throw new InvalidOperationException($"The signature has recovery id {recoveryId}, which Ethereum's v (27/28) cannot express.");
            }
            return Signature.FromTrustedParts(To32(r), To32(s), recoveryId);
        }
    }

    /// <inheritdoc/>
    public override bool TryRecoverPublicKey(Bytes32 hash, Signature signature, out PublicKey publicKey, out SignatureError? error)
    {
        publicKey = default;
        error = signature.CheckRecoverable();
        if (error is not null)
        {
            return false;
        }
        // R = the point with x = r (v carries recovery ids 0/1 only, so x = r, never r + n) and y's parity = recovery id.
        var compressed = new byte[33];
        compressed[0] = (byte)(0x02 | signature.RecoveryId);
        signature.R.CopyTo(compressed.AsSpan(1));
        ECPoint rPoint;
        try
        {
            rPoint = Curve.Curve.DecodePoint(compressed);
        }
        catch (ArgumentException)
        {
            error = SignatureError.NotRecoverable; // r is not the x coordinate of any curve point
            return false;
        }
        // Q = r⁻¹ (s·R − e·G)  (SEC 1 v2, section 4.1.6).
        var r = new BigInteger(1, signature.R.ToArray());
        var s = new BigInteger(1, signature.S.ToArray());
        var e = new BigInteger(1, hash.ToArray()).Mod(N);
        var rInverse = BigIntegers.ModOddInverse(N, r);
        var u1 = N.Subtract(e).Multiply(rInverse).Mod(N);
        var u2 = s.Multiply(rInverse).Mod(N);
        var q = ECAlgorithms.SumOfTwoMultiplies(G, u1, rPoint, u2).Normalize();
        if (q.IsInfinity)
        {
            error = SignatureError.NotRecoverable;
            return false;
        }
        publicKey = ToPublicKey(q);
        return true;
    }

    private static PublicKey ToPublicKey(ECPoint normalized)
    {
        Span<byte> xy = stackalloc byte[PublicKey.Length];
        normalized.AffineXCoord.GetEncoded().CopyTo(xy);
        normalized.AffineYCoord.GetEncoded().CopyTo(xy[32..]);
        return new PublicKey(xy, trusted: true);
    }

    private static byte[] To32(BigInteger value) => BigIntegers.AsUnsignedByteArray(32, value);
}
