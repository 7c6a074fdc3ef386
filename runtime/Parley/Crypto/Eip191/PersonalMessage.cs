using System.Text;

namespace Parley.Crypto;

/// <summary>
/// EIP-191 version 0x45 ("personal_sign") message hashing:
/// <c>keccak256("\x19Ethereum Signed Message:\n" ‖ len(message) ‖ message)</c>, where <c>len</c> is the message's
/// length in bytes written in decimal ASCII. This is what <c>eth_sign</c>/<c>personal_sign</c>, <c>cast wallet sign</c>
/// (without <c>--no-hash</c>) and OpenZeppelin's <c>MessageHashUtils.toEthSignedMessageHash(bytes)</c> compute.
/// </summary>
public static class PersonalMessage
{
    // 0x19 followed by "Ethereum Signed Message:\n".
    private static ReadOnlySpan<byte> Prefix => "\u0019Ethereum Signed Message:\n"u8;

    /// <summary>The EIP-191 personal-message digest of <paramref name="message"/>.</summary>
    /// <param name="message">The message bytes, any length.</param>
    /// <returns>The 32-byte digest to sign.</returns>
    public static Bytes32 Hash(ReadOnlySpan<byte> message)
    {
        Span<byte> header = stackalloc byte[Prefix.Length + 10];
        Prefix.CopyTo(header);
        message.Length.TryFormat(header[Prefix.Length..], out var digits, provider: System.Globalization.CultureInfo.InvariantCulture);
        Span<byte> digest = stackalloc byte[Keccak256.HashLength];
        Keccak256.Hash(header[..(Prefix.Length + digits)], message, digest);
        return new Bytes32(digest);
    }

    /// <summary>The EIP-191 personal-message digest of <paramref name="message"/> encoded as UTF-8.</summary>
    /// <param name="message">The text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    public static Bytes32 Hash(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Hash(Encoding.UTF8.GetBytes(message));
    }
}
