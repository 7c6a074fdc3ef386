using System.Runtime.CompilerServices;
using Parley.Crypto;
using Xunit.Abstractions;

namespace Parley.Tests.Crypto;

/// <summary>
/// Seeded randomness for crypto tests: the seed comes from PARLEY_TEST_SEED when set, else is fresh, and is written to
/// the test output (shown on failure) so any failure can be replayed.
/// </summary>
internal static class SeededRandom
{
    public static Random Create(ITestOutputHelper output, [CallerMemberName] string test = "")
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("PARLEY_TEST_SEED");
        var seed = fromEnvironment is not null ? int.Parse(fromEnvironment, System.Globalization.CultureInfo.InvariantCulture) : Random.Shared.Next();
        output.WriteLine($"{test}: seed {seed} (replay with PARLEY_TEST_SEED={seed})");
        return new Random(seed);
    }

    public static byte[] Bytes(this Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    public static PrivateKey NextPrivateKey(this Random random)
    {
        while (true)
        {
            var secret = random.Bytes(32);
            if (secret.Any(b => b != 0) && (secret[0] != 0xFF || secret[1] != 0xFF))
            {
                return new PrivateKey(secret);
            }
        }
    }

    /// <summary>A real digest: Keccak-256 of random bytes (never a synthetic value ≥ n, see TOOLCHAIN-FACTS).</summary>
    public static Bytes32 NextHash(this Random random) => Keccak256.Hash(random.Bytes(random.Next(0, 200)));

    public static Bytes32 NextBytes32(this Random random) => new(random.Bytes(32));

    public static Address NextAddress(this Random random) => new(random.Bytes(20));

    public static string Hex(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexStringLower(bytes);

    public static string Hex(this PrivateKey key) => Hex(key.ExportBytes());
}
