using FsCheck;
using FsCheck.Fluent;
using Parley.Abi;

namespace Parley.Tests.Abi;

/// <summary>
/// FsCheck properties of the codec over random types and values (FsCheck draws the seeds of <see cref="AbiSamples"/>;
/// a failure names the seed): decode(encode(x)) = x, and the strict decoder never fails with anything but
/// <see cref="AbiDecodingException"/> — whatever a corruption does to a valid encoding.
/// </summary>
public class AbiPropertyTests
{
    private static readonly Arbitrary<int> Seeds = Gen.Choose(0, int.MaxValue).ToArbitrary();

    [Fact]
    public void Decode_of_encode_is_the_identity()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(Seeds, seed =>
        {
            var samples = new AbiSamples(seed);
            var tuple = samples.Signature(depth: 3);
            var values = samples.Values(tuple);
            var encoded = AbiCoder.Encode(tuple, values);
            var decoded = AbiCoder.Decode(tuple.CanonicalName, encoded);
            return (AbiSamples.ValueEquals(values, decoded) && AbiCoder.Encode(tuple.CanonicalName, decoded).AsSpan().SequenceEqual(encoded))
                .Label($"seed {seed}: {tuple}");
        }));
    }

    [Fact]
    public void Every_single_byte_corruption_decodes_to_another_value_or_raises_AbiDecodingException()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(150), Prop.ForAll(Seeds, seed =>
        {
            var samples = new AbiSamples(seed);
            var tuple = samples.Signature(depth: 3);
            var values = samples.Values(tuple);
            var encoded = AbiCoder.Encode(tuple, values);
            var corrupted = encoded.ToArray();
            for (var i = 0; i < encoded.Length; i++)
            {
                var replacement = (byte)(encoded[i] ^ (1 + samples.Next(255)));
                corrupted[i] = replacement;
                var outcome = TryDecode(tuple, corrupted);
                if (outcome is Exception other and not AbiDecodingException)
                {
                    return false.Label($"seed {seed}: {tuple}, byte {i} set to {replacement:x2}: {other.GetType().Name}: {other.Message}");
                }
                if (outcome is object?[] decoded)
                {
                    // The decoder accepts only canonical encodings: a value it accepts is a different value that re-encodes to exactly the corrupted bytes.
                    if (AbiSamples.ValueEquals(values, decoded) || !AbiCoder.Encode(tuple, decoded).AsSpan().SequenceEqual(corrupted))
                    {
                        return false.Label($"seed {seed}: {tuple}, byte {i} set to {replacement:x2} decoded to {AbiSamples.Show(decoded)}");
                    }
                }
                corrupted[i] = encoded[i];
            }
            return true.Label("");
        }));
    }

    [Fact]
    public void Truncations_and_extensions_raise_AbiDecodingException()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(150), Prop.ForAll(Seeds, seed =>
        {
            var samples = new AbiSamples(seed);
            var tuple = samples.Signature(depth: 3);
            var encoded = AbiCoder.Encode(tuple, samples.Values(tuple));
            for (var length = 0; length < encoded.Length; length++)
            {
                if (TryDecode(tuple, encoded.AsSpan(0, length)) is not AbiDecodingException)
                {
                    return false.Label($"seed {seed}: {tuple}, truncated to {length} of {encoded.Length} bytes");
                }
            }
            var extended = encoded.Concat(samples.Bytes(1 + samples.Next(64))).ToArray();
            return (TryDecode(tuple, extended) is AbiDecodingException { Reason: AbiDecodingError.TrailingData, Position: var p } && p == encoded.Length)
                .Label($"seed {seed}: {tuple}, extended");
        }));
    }

    [Fact]
    public void Random_bytes_never_raise_anything_but_AbiDecodingException()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(Seeds, seed =>
        {
            var samples = new AbiSamples(seed);
            var tuple = samples.Signature(depth: 3);
            // Random words biased to small numbers, so offsets and lengths are often plausible.
            var data = new byte[32 * (1 + samples.Next(24))];
            for (var w = 0; w < data.Length / 32; w++)
            {
                if (samples.Next(2) == 0)
                {
                    data[w * 32 + 31] = (byte)(32 * samples.Next(8));
                }
                else
                {
                    samples.Bytes(32).CopyTo(data, w * 32);
                }
            }
            var outcome = TryDecode(tuple, data);
            return (outcome is AbiDecodingException or object?[]).Label($"seed {seed}: {tuple}: {outcome}");
        }));
    }

    private static object TryDecode(AbiType tuple, ReadOnlySpan<byte> data)
    {
        try
        {
            return AbiCoder.Decode(tuple, data);
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
