using Parley.Abi;
using Parley.Channels;

namespace Parley.Tests.Abi;

/// <summary>Each strict-decoding rule: the reason, the field path and the position of the offending word.</summary>
public class AbiDecodingErrorTests
{
    private static byte[] Words(params string[] words) =>
        Convert.FromHexString(string.Concat(words.Select(w => w.PadLeft(64, '0'))));

    private static string Right(string hex) => hex.PadRight(64, '0');

    private static AbiDecodingException Fails(string types, byte[] data) =>
        Assert.Throws<AbiDecodingException>(() => AbiCoder.Decode(types, data));

    [Theory]
    [InlineData("uint8", "100")]
    [InlineData("uint8", "ff00")]
    [InlineData("uint48", "1000000000000")]
    [InlineData("uint64", "10000000000000000")]
    [InlineData("uint128", "100000000000000000000000000000000")]
    [InlineData("int8", "80")]
    [InlineData("int8", "ff7f")]
    [InlineData("int8", "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe7f")]
    [InlineData("int16", "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7fff")]
    [InlineData("int64", "8000000000000000")]
    [InlineData("int128", "80000000000000000000000000000000")]
    [InlineData("address", "1000000000000000000000000000000000000000000")]
    public void Dirty_high_bits(string type, string word)
    {
        var e = Fails($"({type} value)", Words(word));
        Assert.Equal(AbiDecodingError.DirtyHighBits, e.Reason);
        Assert.Equal("value", e.FieldPath);
        Assert.Equal(0, e.Position);
    }

    [Theory]
    [InlineData("uint8", "ff")]
    [InlineData("int8", "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff80")]
    [InlineData("int8", "7f")]
    [InlineData("int256", "8000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("uint256", "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    public void Boundary_values_are_accepted(string type, string word) => AbiCoder.Decode($"({type})", Words(word));

    [Theory]
    [InlineData("2")]
    [InlineData("ff")]
    [InlineData("100")]
    [InlineData("1000000000000000000000000000000000000000000000000000000000000001")]
    public void Booleans_other_than_0_or_1(string word)
    {
        var e = Fails("(uint8,bool flag)", Words("1", word));
        Assert.Equal(AbiDecodingError.InvalidBool, e.Reason);
        Assert.Equal("flag", e.FieldPath);
        Assert.Equal(32, e.Position);
    }

    [Fact]
    public void Non_zero_padding_of_fixed_bytes_and_of_bytes_content()
    {
        var e = Fails("(bytes3 tag)", Words(Right("01020304")));
        Assert.Equal((AbiDecodingError.NonZeroPadding, "tag"), (e.Reason, e.FieldPath));

        e = Fails("(bytes data)", Words("20", "2", Right("abcd01")));
        Assert.Equal((AbiDecodingError.NonZeroPadding, "data", 64 + 2), (e.Reason, e.FieldPath, e.Position));
    }

    [Fact]
    public void Offsets_out_of_range()
    {
        var e = Fails("(uint8, bytes data)", Words("1", "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "0"));
        Assert.Equal((AbiDecodingError.OffsetOutOfRange, "data", 32), (e.Reason, e.FieldPath, e.Position));

        e = Fails("(uint8, bytes data)", Words("1", "60", "0"));
        Assert.Equal((AbiDecodingError.OffsetOutOfRange, "data", 32), (e.Reason, e.FieldPath, e.Position));

        e = Fails("(uint256[] xs)", Words("100000000000000000000000000000020", "0"));
        Assert.Equal((AbiDecodingError.OffsetOutOfRange, "xs"), (e.Reason, e.FieldPath));
    }

    [Fact]
    public void Misaligned_offsets()
    {
        var e = Fails("(string name)", Words("21", "0", "0"));
        Assert.Equal((AbiDecodingError.MisalignedOffset, "name", 0), (e.Reason, e.FieldPath, e.Position));
    }

    [Fact]
    public void Offsets_that_are_not_where_the_canonical_encoding_puts_the_member()
    {
        // A gap between the head and the tail.
        var e = Fails("(bytes data)", Words("40", "0", "1", Right("ab")));
        Assert.Equal((AbiDecodingError.NonCanonicalOffset, "data"), (e.Reason, e.FieldPath));

        // Two members sharing one tail (aliasing): valid for Solidity's lax decoder, not for ours.
        e = Fails("(bytes a, bytes b)", Words("40", "40", "1", Right("ab")));
        Assert.Equal((AbiDecodingError.NonCanonicalOffset, "b", 32), (e.Reason, e.FieldPath, e.Position));

        // Tails in the wrong order.
        e = Fails("(bytes a, bytes b)", Words("80", "40", "1", Right("bb"), "1", Right("aa")));
        Assert.Equal((AbiDecodingError.NonCanonicalOffset, "a", 0), (e.Reason, e.FieldPath, e.Position));
    }

    [Fact]
    public void Huge_lengths_are_rejected_before_allocating()
    {
        var e = Fails("(bytes data)", Words("20", "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"));
        Assert.Equal((AbiDecodingError.LengthOutOfRange, "data", 32), (e.Reason, e.FieldPath, e.Position));

        e = Fails("(uint256[][] grid)", Words("20", "7fffffff", "0"));
        Assert.Equal((AbiDecodingError.LengthOutOfRange, "grid"), (e.Reason, e.FieldPath));

        e = Fails("(string s)", Words("20", "100000000", "0"));
        Assert.Equal(AbiDecodingError.LengthOutOfRange, e.Reason);

        // Length 2 announces two element heads, but only one word follows.
        e = Fails("((address,uint8)[] pairs)", Words("20", "2", "1", "2"));
        Assert.Equal((AbiDecodingError.LengthOutOfRange, "pairs"), (e.Reason, e.FieldPath));
    }

    [Fact]
    public void Truncation()
    {
        var e = Fails("(uint256, uint256)", Words("1"));
        Assert.Equal((AbiDecodingError.Truncated, ""), (e.Reason, e.FieldPath));

        // 33 bytes announced, 32 present: the length is out of range.
        e = Fails("(bytes data)", Words("20", "21", Right("ab")));
        Assert.Equal((AbiDecodingError.LengthOutOfRange, "data"), (e.Reason, e.FieldPath));

        // 3 bytes announced and present, but their padding is cut off.

        e = Fails("(bytes data)", [.. Words("20", "3"), 0xab, 0xcd, 0xef]);
        Assert.Equal((AbiDecodingError.Truncated, "data"), (e.Reason, e.FieldPath));

        e = Fails("(uint8)", []);
        Assert.Equal(AbiDecodingError.Truncated, e.Reason);
    }

    [Fact]
    public void Trailing_garbage()
    {
        var e = Fails("(uint8)", Words("1", "0"));
        Assert.Equal((AbiDecodingError.TrailingData, "", 32), (e.Reason, e.FieldPath, e.Position));

        e = Fails("(uint8)", [.. Words("1"), 0]);
        Assert.Equal((AbiDecodingError.TrailingData, 32), (e.Reason, e.Position));

        e = Fails("()", [0]);
        Assert.Equal(AbiDecodingError.TrailingData, e.Reason);
    }

    [Fact]
    public void Invalid_utf8()
    {
        var e = Fails("(string name)", Words("20", "2", Right("c328")));
        Assert.Equal((AbiDecodingError.InvalidUtf8, "name"), (e.Reason, e.FieldPath));
        // A UTF-16 surrogate encoded in UTF-8 (CESU) is not well-formed UTF-8 either.
        e = Fails("(string name)", Words("20", "3", Right("eda080")));
        Assert.Equal(AbiDecodingError.InvalidUtf8, e.Reason);
    }

    [Fact]
    public void Paths_name_nested_members_and_array_indices()
    {
        var type = "((address asset, uint8[] balances)[] outcome)";
        object?[] outcome = [new object?[] { Address.Zero, new object?[] { 1, 2 } }, new object?[] { Address.Zero, new object?[] { 3, 4 } }];
        var data = AbiCoder.Encode(type, [outcome]);
        var corrupted = data.ToArray();
        // The first balance of the second asset is the word before the last one.
        corrupted[data.Length - 64 + 30] = 1;
        var e = Fails(type, corrupted);
        Assert.Equal((AbiDecodingError.DirtyHighBits, "outcome[1].balances[0]", data.Length - 64), (e.Reason, e.FieldPath, e.Position));
        Assert.Contains("outcome[1].balances[0]", e.Message);

        var unnamed = AbiCoder.Encode("(uint8,(bool,uint8)[2])", 1, new object?[] { new object?[] { true, 2 }, new object?[] { false, 3 } });
        unnamed[3 * 32 + 31] = 2;
        e = Fails("(uint8,(bool,uint8)[2])", unnamed);
        Assert.Equal((AbiDecodingError.InvalidBool, "[1][1][0]"), (e.Reason, e.FieldPath));
    }

    [Fact]
    public void Outcome_decoding_reports_paths()
    {
        var outcome = new Outcome(new AssetOutcome(Address.Zero, [1, 2]), new AssetOutcome(Address.Zero, [3]));
        var data = outcome.Encode();
        var corrupted = data.ToArray();
        corrupted[9 * 32] = 1;   // the second asset's address word
        var e = Assert.Throws<AbiDecodingException>(() => Outcome.Decode(corrupted));
        Assert.Equal((AbiDecodingError.DirtyHighBits, "outcome[1].asset", 9 * 32), (e.Reason, e.FieldPath, e.Position));

        e = Assert.Throws<AbiDecodingException>(() => Outcome.Decode(data.AsSpan(0, data.Length - 32)));
        Assert.Equal((AbiDecodingError.LengthOutOfRange, "outcome[1].balances"), (e.Reason, e.FieldPath));
    }

    [Fact]
    public void Reader_misuse_is_InvalidOperationException_not_a_data_error()
    {
        var data = Words("1", "2");
        Assert.Throws<InvalidOperationException>(() =>
        {
            var r = new AbiReader(data);
            r.ReadUInt8();
        });
        Assert.Throws<InvalidOperationException>(() =>
        {
            var r = new AbiReader(data);
            r.BeginTuple(2);
            r.ReadUInt8();
            r.EndTuple();
        });
        Assert.Throws<InvalidOperationException>(() =>
        {
            var r = new AbiReader(data);
            r.BeginTuple(1);
            r.ReadUInt8();
            r.ReadUInt8();
        });
        Assert.Throws<InvalidOperationException>(() =>
        {
            var r = new AbiReader(data);
            r.BeginTuple(2);
            r.EnsureFullyConsumed();
        });
    }
}
