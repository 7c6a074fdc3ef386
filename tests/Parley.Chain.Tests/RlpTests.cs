using System.Text;
using Parley.Chain;
using Parley.TestSupport;

namespace Parley.Chain.Tests;

public class RlpTests
{
    /// <summary>A random RLP item: a byte string, or a list of items.</summary>
    private abstract record Item;

    private sealed record Str(byte[] Bytes) : Item;

    private sealed record Lst(Item[] Items) : Item;

    private static Item RandomItem(Random random, int depth)
    {
        if (depth > 0 && random.Next(3) == 0)
        {
            return new Lst([.. Enumerable.Range(0, random.Next(0, 5)).Select(_ => RandomItem(random, depth - 1))]);
        }
        // Lengths around the encoding boundaries: 0, 1 (below and above 0x80), 55, 56, and long strings.
        var length = random.Next(8) switch
        {
            0 => 0,
            1 or 2 => 1,
            3 => 55,
            4 => 56,
            5 => random.Next(57, 300),
            6 => random.Next(256, 1100),
            _ => random.Next(2, 55),
        };
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return new Str(bytes);
    }

    private static void Write(RlpWriter w, Item item)
    {
        switch (item)
        {
            case Str s:
                w.WriteBytes(s.Bytes);
                break;
            case Lst l:
                w.BeginList();
                foreach (var child in l.Items)
                {
                    Write(w, child);
                }
                w.EndList();
                break;
        }
    }

    private static string Json(Item item) => item switch
    {
        Str s => $"\"0x{Convert.ToHexStringLower(s.Bytes)}\"",
        Lst l => "[" + string.Join(",", l.Items.Select(Json)) + "]",
        _ => throw new InvalidOperationException(),
    };

    private static Item Read(ref RlpReader r, Item shape)
    {
        switch (shape)
        {
            case Str:
                return new Str(r.ReadBytes("s").ToArray());
            case Lst l:
                var inner = r.ReadList("l");
                var items = new Item[l.Items.Length];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = Read(ref inner, l.Items[i]);
                }
                inner.EnsureAtEnd("l");
                return new Lst(items);
            default:
                throw new InvalidOperationException();
        }
    }

    private static bool Same(Item a, Item b) => (a, b) switch
    {
        (Str x, Str y) => x.Bytes.AsSpan().SequenceEqual(y.Bytes),
        (Lst x, Lst y) => x.Items.Length == y.Items.Length && x.Items.Zip(y.Items).All(p => Same(p.First, p.Second)),
        _ => false,
    };

    [Fact]
    public async Task Random_nested_items_encode_byte_identically_to_cast_and_decode_back()
    {
        var random = new Random(7101);
        var items = Enumerable.Range(0, 120).Select(_ => RandomItem(random, 3)).ToList();
        var expected = await Cast.RunManyAsync([.. items.Select(i => new[] { "to-rlp", Json(i) })]);
        for (var i = 0; i < items.Count; i++)
        {
            var w = new RlpWriter(4);
            Write(w, items[i]);
            var encoded = w.ToArray();
            Assert.Equal(expected[i], "0x" + Convert.ToHexStringLower(encoded));
            var r = new RlpReader(encoded);
            var decoded = Read(ref r, items[i]);
            r.EnsureAtEnd("input");
            Assert.True(Same(items[i], decoded), $"item {i} did not round-trip");
        }
    }

    [Fact]
    public void Yellow_paper_examples()
    {
        static string Hex(Action<RlpWriter> write)
        {
            var w = new RlpWriter();
            write(w);
            return Convert.ToHexStringLower(w.ToArray());
        }
        Assert.Equal("83646f67", Hex(w => w.WriteBytes("dog"u8)));
        Assert.Equal("c88363617483646f67", Hex(w => { w.BeginList(); w.WriteBytes("cat"u8); w.WriteBytes("dog"u8); w.EndList(); }));
        Assert.Equal("80", Hex(w => w.WriteBytes([])));
        Assert.Equal("c0", Hex(w => { w.BeginList(); w.EndList(); }));
        Assert.Equal("80", Hex(w => w.WriteUInt(0UL)));
        Assert.Equal("0f", Hex(w => w.WriteUInt(15UL)));
        Assert.Equal("820400", Hex(w => w.WriteUInt(1024UL)));
        Assert.Equal("81ff", Hex(w => w.WriteUInt((UInt256)255UL)));
        Assert.Equal("a0" + new string('f', 64), Hex(w => w.WriteUInt(UInt256.MaxValue)));
        // The set-theoretical representation of three: [ [], [[]], [ [], [[]] ] ].
        Assert.Equal("c7c0c1c0c3c0c1c0", Hex(w =>
        {
            w.BeginList();
            w.BeginList(); w.EndList();
            w.BeginList(); w.BeginList(); w.EndList(); w.EndList();
            w.BeginList(); w.BeginList(); w.EndList(); w.BeginList(); w.BeginList(); w.EndList(); w.EndList(); w.EndList();
            w.EndList();
        }));
        var lorem = Encoding.ASCII.GetBytes("Lorem ipsum dolor sit amet, consectetur adipisicing elit");
        Assert.Equal("b838" + Convert.ToHexStringLower(lorem), Hex(w => w.WriteBytes(lorem)));
    }

    [Fact]
    public void Integers_round_trip_at_every_byte_width()
    {
        for (var bits = 0; bits < 64; bits++)
        {
            foreach (var value in new[] { 1UL << bits, (1UL << bits) - 1, ulong.MaxValue >> bits })
            {
                var w = new RlpWriter();
                w.WriteUInt(value);
                var r = new RlpReader(w.ToArray());
                Assert.Equal(value, r.ReadUInt64("n"));
                var r2 = new RlpReader(w.ToArray());
                Assert.Equal((UInt256)value, r2.ReadUInt256("n"));
            }
        }
    }

    public static TheoryData<string, string> NonCanonical => new()
    {
        { "", "missing" },
        { "81", "past the end" },
        { "8105", "must be encoded as itself" },
        { "b80100", "short form" },
        { "b837" + new string('0', 110), "short form" },
        { "b90038" + new string('0', 112), "leading zero" },
        { "83646f", "declares 3 byte(s), but only 2 remain" },
        { "f800", "leading zero" },
        { "c3646f", "declares 3 byte(s)" },
        { "bc" + "7fffffffff", "too large" },
    };

    [Theory]
    [MemberData(nameof(NonCanonical))]
    public void Non_canonical_or_truncated_strings_are_refused(string hex, string problem)
    {
        var e = Assert.Throws<RlpException>(() =>
        {
            var r = new RlpReader(Convert.FromHexString(hex));
            r.ReadBytes("x");
            r.EnsureAtEnd("input");
        });
        Assert.Contains(problem, e.Message);
        Assert.Equal("x", e.Field);
    }

    [Fact]
    public void Integer_and_shape_rules_are_enforced()
    {
        Assert.Contains("leading zero", Assert.Throws<RlpException>(() => new RlpReader([0x82, 0x00, 0x01]).ReadUInt64("n")).Message);
        Assert.Contains("leading zero", Assert.Throws<RlpException>(() => new RlpReader([0x00]).ReadUInt256("n")).Message);
        Assert.Contains("does not fit in 64 bits", Assert.Throws<RlpException>(() => new RlpReader([0x89, 1, 2, 3, 4, 5, 6, 7, 8, 9]).ReadUInt64("n")).Message);
        Assert.Contains("expected a list", Assert.Throws<RlpException>(() => new RlpReader([0x80]).ReadList("l")).Message);
        Assert.Contains("expected a byte string", Assert.Throws<RlpException>(() => new RlpReader([0xc0]).ReadBytes("s")).Message);
        Assert.Contains("20 bytes", Assert.Throws<RlpException>(() => new RlpReader([0x82, 1, 2]).ReadAddress("a")).Message);
        Assert.Null(new RlpReader([0x80]).ReadOptionalAddress("to"));
        var trailing = Assert.Throws<RlpException>(() =>
        {
            var r = new RlpReader([0x01, 0x02]);
            r.ReadBytes("first");
            r.EnsureAtEnd("input");
        });
        Assert.Equal(1, trailing.Offset);
        // An inner list's offsets are reported relative to the whole input.
        var nested = Assert.Throws<RlpException>(() =>
        {
            var r = new RlpReader([0xc3, 0x01, 0x81, 0x02]);
            var list = r.ReadList("outer");
            list.ReadBytes("a");
            list.ReadBytes("b");
        });
        Assert.Equal(2, nested.Offset);
    }

    [Fact]
    public void Writer_refuses_unbalanced_lists_and_misplaced_raw_bytes()
    {
        var w = new RlpWriter();
        Assert.Throws<InvalidOperationException>(w.EndList);
        w.BeginList();
        Assert.Throws<InvalidOperationException>(() => w.WriteRawByte(2));
        Assert.Throws<InvalidOperationException>(() => w.ToArray());
        w.EndList();
        Assert.Equal([0xc0], w.ToArray());
    }
}
