using System.Collections.Immutable;
using Parley.Abi;
using Parley.Channels;
using Parley.TestSupport;
using Xunit.Abstractions;

namespace Parley.Tests.Abi;

/// <summary>
/// Outcome: its encoding is exactly Solidity's <c>abi.encode(AssetOutcome[])</c> and its hash the keccak of that
/// (both checked against cast), it embeds in <c>reduce</c> calldata, decodes strictly, and checks conservation.
/// </summary>
public class OutcomeTests(ITestOutputHelper output)
{
    private static readonly Address Alice = Address.Parse("0x2c7536E3605D9C16a7a3D7b1898e529396a65c23");
    private static readonly Address Token = Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3");

    private static Outcome RandomOutcome(Random random)
    {
        var participants = random.Next(0, 5);
        return new Outcome(Enumerable.Range(0, random.Next(0, 4)).Select(_ =>
        {
            var asset = random.Next(3) == 0 ? Address.Zero : new Address(RandomBytes(random, 20));
            var balances = Enumerable.Range(0, participants).Select(_ => random.Next(4) switch
            {
                0 => UInt256.Zero,
                1 => UInt256.MaxValue,
                2 => (UInt256)(ulong)random.NextInt64(),
                _ => UInt256.ReadBigEndian(RandomBytes(random, 32)),
            }).ToImmutableArray();
            return new AssetOutcome(asset, balances);
        }));
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string CastArgument(Outcome outcome) =>
        "[" + string.Join(",", outcome.Assets.Select(a => $"({a.Asset.ToLowerHex()},[{string.Join(",", a.Balances)}])")) + "]";

    [Fact]
    public async Task Encoding_and_hash_match_cast()
    {
        var seed = Random.Shared.Next();
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var outcomes = Enumerable.Range(0, 60).Select(_ => RandomOutcome(random)).ToList();
        outcomes.Add(Outcome.Empty);
        outcomes.Add(new Outcome(new AssetOutcome(Address.Zero, [1, 2]), new AssetOutcome(Alice, [3])));

        var encodings = await Cast.RunManyAsync(outcomes.Select(o => new[] { "abi-encode", "f((address,uint256[])[])", CastArgument(o) }).ToList());
        var hashes = await Cast.RunManyAsync(encodings.Select(e => new[] { "keccak", e }).ToList());
        for (var i = 0; i < outcomes.Count; i++)
        {
            var encoded = outcomes[i].Encode();
            Assert.True(encodings[i] == "0x" + Convert.ToHexStringLower(encoded), $"seed {seed}, outcome {outcomes[i]}");
            Assert.Equal(hashes[i], outcomes[i].Hash().ToString());
            Assert.Equal(outcomes[i], Outcome.Decode(encoded));
            Assert.Equal(0x20, encoded[31]);
            Assert.Equal(encoded, AbiCoder.Encode("((address,uint256[])[])", [ToCoderValue(outcomes[i])]));
        }
    }

    private static object?[] ToCoderValue(Outcome outcome) =>
        outcome.Assets.Select(a => (object?)new object?[] { a.Asset, a.Balances.Select(b => (object?)b).ToArray() }).ToArray();

    [Fact]
    public void WriteTo_and_ReadFrom_embed_the_outcome_in_reduce_calldata_like_cast()
    {
        var outcome = new Outcome(new AssetOutcome(Address.Zero, [1, 2]));
        // cast calldata "reduce(bytes,(address,uint256[])[],bytes,uint256)" 0xabcd "[(0x0000000000000000000000000000000000000000,[1,2])]" 0x 1
        var expected = Cast.Run("calldata", "reduce(bytes,(address,uint256[])[],bytes,uint256)", "0xabcd", CastArgument(outcome), "0x", "1");

        var w = new AbiWriter();
        w.WriteSelector(AbiFunction.Selector("reduce(bytes,(address,uint256[])[],bytes,uint256)"));
        w.BeginTuple(4);
        w.WriteBytes([0xab, 0xcd]);
        outcome.WriteTo(w);
        w.WriteBytes([]);
        w.WriteUInt(1);
        w.EndTuple();
        Assert.Equal(expected, "0x" + Convert.ToHexStringLower(w.ToArray()));

        var r = new AbiReader(w.WrittenSpan);
        r.ReadSelector();
        r.BeginTuple(4);
        Assert.Equal([0xab, 0xcd], r.ReadBytes("appData").ToArray());
        Assert.Equal(outcome, Outcome.ReadFrom(ref r));
        Assert.Equal(0, r.ReadBytes("action").Length);
        Assert.Equal(1UL, r.ReadUInt64("moverIndex"));
        r.EndTuple();
        r.EnsureFullyConsumed();
    }

    [Fact]
    public void Totals_and_conservation()
    {
        var before = new Outcome(new AssetOutcome(Address.Zero, [10, 5]), new AssetOutcome(Token, [7, 0]));
        Assert.Equal((UInt256)15UL, before.Total(Address.Zero));
        Assert.Equal((UInt256)7UL, before.Total(Token));
        Assert.Equal(UInt256.Zero, before.Total(Alice));
        Assert.True(before.HasParticipantCount(2));
        Assert.False(before.HasParticipantCount(3));

        Assert.True(before.ConservesTotals(new Outcome(new AssetOutcome(Address.Zero, [0, 15]), new AssetOutcome(Token, [3, 4])), out var none));
        Assert.Null(none);

        AssertViolation(new Outcome(new AssetOutcome(Address.Zero, [0, 15])), "number of assets");
        AssertViolation(new Outcome(new AssetOutcome(Token, [0, 15]), new AssetOutcome(Address.Zero, [3, 4])), "asset 0 changed");
        AssertViolation(new Outcome(new AssetOutcome(Address.Zero, [15]), new AssetOutcome(Token, [3, 4])), "number of balances");
        AssertViolation(new Outcome(new AssetOutcome(Address.Zero, [0, 15]), new AssetOutcome(Token, [3, 5])), "total 7 became 8");
        AssertViolation(new Outcome(new AssetOutcome(Address.Zero, [UInt256.MaxValue, 16]), new AssetOutcome(Token, [3, 4])), "2^256");

        var overflowing = new Outcome(new AssetOutcome(Address.Zero, [UInt256.MaxValue, 1]));
        Assert.Throws<OverflowException>(() => overflowing.Total(Address.Zero));

        void AssertViolation(Outcome next, string expected)
        {
            Assert.False(before.ConservesTotals(next, out var violation));
            Assert.Contains(expected, violation);
            Assert.False(before.ConservesTotals(next));
        }
    }

    [Fact]
    public void Value_equality()
    {
        var a = new Outcome(new AssetOutcome(Address.Zero, [1, 2]), new AssetOutcome(Token, ImmutableArray.Create<UInt256>(3, 4)));
        var b = new Outcome(new[] { new AssetOutcome(Address.Zero, [1, 2]), new AssetOutcome(Token, [3, 4]) });
        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, new Outcome(new AssetOutcome(Address.Zero, [1, 2]), new AssetOutcome(Token, [4, 3])));
        Assert.NotEqual(a, new Outcome(new AssetOutcome(Token, [3, 4]), new AssetOutcome(Address.Zero, [1, 2])));
        Assert.Equal(new AssetOutcome(Address.Zero, default(ImmutableArray<UInt256>)), new AssetOutcome(Address.Zero, []));
        Assert.Throws<ArgumentNullException>(() => new Outcome(new AssetOutcome[] { null! }));
        Assert.Equal(Outcome.Empty, Outcome.Decode(Outcome.Empty.Encode()));
    }
}
