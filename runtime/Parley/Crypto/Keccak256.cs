using Org.BouncyCastle.Crypto.Digests;

namespace Parley.Crypto;

/// <summary>
/// Keccak-256, Ethereum's hash: the original Keccak submission with the Keccak padding (<c>0x01</c>), not the
/// FIPS 202 SHA3-256 padding (<c>0x06</c>); <c>keccak256("")</c> is
/// <c>0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470</c>.
/// </summary>
/// <remarks>
/// Backed by Portable.BouncyCastle's <c>KeccakDigest(256)</c>, one digest per thread (reused across calls), so every
/// member is thread-safe and allocation-free after a thread's first call.
/// </remarks>
public static class Keccak256
{
    /// <summary>The digest length in bytes: 32.</summary>
    public const int HashLength = 32;

    // BouncyCastle 1.8.10 takes byte[] only: input is staged through a per-thread buffer in chunks of this size.
    private const int StagingLength = 1024;

    [ThreadStatic]
    private static KeccakDigest? t_digest;

    [ThreadStatic]
    private static byte[]? t_staging;

    /// <summary>Hashes <paramref name="data"/>.</summary>
    /// <param name="data">The bytes to hash, any length (including empty).</param>
    /// <returns>The 32-byte Keccak-256 digest.</returns>
    public static Bytes32 Hash(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[HashLength];
        Hash(data, digest);
        return new Bytes32(digest);
    }

    /// <summary>Hashes <paramref name="data"/> into the first 32 bytes of <paramref name="destination"/>.</summary>
    /// <param name="data">The bytes to hash, any length (including empty). May overlap <paramref name="destination"/>.</param>
    /// <param name="destination">At least 32 bytes; bytes after the first 32 are left unchanged.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 32 bytes.</exception>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        CheckDestination(destination);
        var digest = t_digest ??= new KeccakDigest(256);
        var staging = t_staging ??= new byte[StagingLength];
        Absorb(digest, staging, data);
        Finish(digest, staging, destination);
    }

    /// <summary>
    /// Hashes the concatenation <paramref name="first"/> ‖ <paramref name="second"/> without building it, into the first
    /// 32 bytes of <paramref name="destination"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 32 bytes.</exception>
    internal static void Hash(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> destination)
    {
        CheckDestination(destination);
        var digest = t_digest ??= new KeccakDigest(256);
        var staging = t_staging ??= new byte[StagingLength];
        Absorb(digest, staging, first);
        Absorb(digest, staging, second);
        Finish(digest, staging, destination);
    }

    private static void CheckDestination(Span<byte> destination)
    {
        if (destination.Length < HashLength)
        {
            throw new ArgumentException($"The destination needs at least {HashLength} bytes, got {destination.Length}.", nameof(destination));
        }
    }

    private static void Absorb(KeccakDigest digest, byte[] staging, ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var n = Math.Min(data.Length, staging.Length);
            data[..n].CopyTo(staging);
            digest.BlockUpdate(staging, 0, n);
            data = data[n..];
        }
    }

    private static void Finish(KeccakDigest digest, byte[] staging, Span<byte> destination)
    {
        // DoFinal writes the digest and resets the state for the next call on this thread.
        digest.DoFinal(staging, 0);
        staging.AsSpan(0, HashLength).CopyTo(destination);
    }
}
