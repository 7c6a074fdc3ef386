using System;
using System.Text;

namespace Parley.Generators.Hashing;

/// <summary>
/// Keccak-256 (the original Keccak padding used by Ethereum, not SHA3-256), to compute 4-byte action selectors at
/// generation time so they are constants in both the C# and the Solidity output. The generator targets
/// netstandard2.0 and cannot reference the runtime; tests check this against the runtime's implementation.
/// </summary>
internal static class Keccak256
{
    private static readonly ulong[] RoundConstants =
    {
        0x0000000000000001UL, 0x0000000000008082UL, 0x800000000000808aUL, 0x8000000080008000UL,
        0x000000000000808bUL, 0x0000000080000001UL, 0x8000000080008081UL, 0x8000000000008009UL,
        0x000000000000008aUL, 0x0000000000000088UL, 0x0000000080008009UL, 0x000000008000000aUL,
        0x000000008000808bUL, 0x800000000000008bUL, 0x8000000000008089UL, 0x8000000000008003UL,
        0x8000000000008002UL, 0x8000000000000080UL, 0x000000000000800aUL, 0x800000008000000aUL,
        0x8000000080008081UL, 0x8000000000008080UL, 0x0000000080000001UL, 0x8000000080008008UL,
    };

    private static readonly int[] Rotations =
    {
        0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14,
    };

    private const int Rate = 136;

    public static byte[] Hash(byte[] data)
    {
        var state = new ulong[25];
        var padded = new byte[(data.Length / Rate + 1) * Rate];
        Array.Copy(data, padded, data.Length);
        padded[data.Length] ^= 0x01;
        padded[padded.Length - 1] ^= 0x80;
        for (var offset = 0; offset < padded.Length; offset += Rate)
        {
            for (var i = 0; i < Rate / 8; i++)
            {
                state[i] ^= BitConverter.ToUInt64(padded, offset + i * 8);
            }
            Permute(state);
        }
        var result = new byte[32];
        for (var i = 0; i < 4; i++)
        {
            var lane = state[i];
            for (var b = 0; b < 8; b++)
            {
                result[i * 8 + b] = (byte)(lane >> (8 * b));
            }
        }
        return result;
    }

    /// <summary>The selector of a canonical signature such as <c>play(uint8)</c>: the first 4 bytes of its hash, big-endian.</summary>
    public static uint Selector(string canonicalSignature)
    {
        var hash = Hash(Encoding.UTF8.GetBytes(canonicalSignature));
        return (uint)(hash[0] << 24 | hash[1] << 16 | hash[2] << 8 | hash[3]);
    }

    private static void Permute(ulong[] a)
    {
        var c = new ulong[5];
        var b = new ulong[25];
        for (var round = 0; round < 24; round++)
        {
            for (var x = 0; x < 5; x++)
            {
                c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
            }
            for (var x = 0; x < 5; x++)
            {
                var d = c[(x + 4) % 5] ^ Rotl(c[(x + 1) % 5], 1);
                for (var y = 0; y < 25; y += 5)
                {
                    a[y + x] ^= d;
                }
            }
            for (var x = 0; x < 5; x++)
            {
                for (var y = 0; y < 5; y++)
                {
                    b[y + 5 * ((2 * x + 3 * y) % 5)] = Rotl(a[x + 5 * y], Rotations[x + 5 * y]);
                }
            }
            for (var x = 0; x < 5; x++)
            {
                for (var y = 0; y < 25; y += 5)
                {
                    a[y + x] = b[y + x] ^ (~b[y + (x + 1) % 5] & b[y + (x + 2) % 5]);
                }
            }
            a[0] ^= RoundConstants[round];
        }
    }

    private static ulong Rotl(ulong v, int n) => n == 0 ? v : (v << n) | (v >> (64 - n));
}
