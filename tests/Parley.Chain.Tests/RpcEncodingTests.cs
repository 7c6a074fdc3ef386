using Parley.Chain;

namespace Parley.Chain.Tests;

public class RpcEncodingTests
{
    [Theory]
    [InlineData("0x0", 0UL)]
    [InlineData("0x1", 1UL)]
    [InlineData("0x400", 1024UL)]
    [InlineData("0xFf", 255UL)]
    [InlineData("0xffffffffffffffff", ulong.MaxValue)]
    public void Quantity_parses_canonical_forms(string text, ulong expected) =>
        Assert.Equal(expected, RpcQuantity.ParseUInt64(text));

    [Theory]
    [InlineData(null, "null")]
    [InlineData("0x", "at least one digit")]
    [InlineData("400", "must start with \"0x\"")]
    [InlineData("0X400", "must start with \"0x\"")]
    [InlineData("0x0400", "no leading zeros")]
    [InlineData("0x00", "no leading zeros")]
    [InlineData("0x4g", "non-hex character 'g' at index 3")]
    [InlineData("0x 1", "non-hex character ' '")]
    [InlineData("-0x1", "must start with \"0x\"")]
    [InlineData("0x10000000000000000", "does not fit in 64 bits")]
    public void Quantity_refuses_non_canonical_forms_with_a_specific_message(string? text, string expected)
    {
        var e = Assert.Throws<RpcFormatException>(() => RpcQuantity.ParseUInt64(text, "block.number"));
        Assert.Equal("block.number", e.Field);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Quantity_256_round_trips_and_bounds()
    {
        var max = "0x" + new string('f', 64);
        Assert.Equal(UInt256.MaxValue, RpcQuantity.ParseUInt256(max));
        Assert.Equal(max, RpcQuantity.Format(UInt256.MaxValue));
        Assert.Equal("0x0", RpcQuantity.Format(UInt256.Zero));
        Assert.Equal("0x0", RpcQuantity.Format(0UL));
        var wei = (UInt256)1_000_000_000_000_000_000UL;
        Assert.Equal("0xde0b6b3a7640000", RpcQuantity.Format(wei));
        Assert.Equal(wei, RpcQuantity.ParseUInt256("0xde0b6b3a7640000"));
        Assert.Contains("256 bits", Assert.Throws<RpcFormatException>(() => RpcQuantity.ParseUInt256("0x1" + new string('0', 64))).Message);
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            var bytes = new byte[32];
            random.NextBytes(bytes);
            bytes.AsSpan(0, random.Next(32)).Clear();
            var value = UInt256.ReadBigEndian(bytes);
            Assert.Equal(value, RpcQuantity.ParseUInt256(RpcQuantity.Format(value)));
        }
    }

    [Theory]
    [InlineData("0x", new byte[0])]
    [InlineData("0x00", new byte[] { 0 })]
    [InlineData("0xDEADbeef", new byte[] { 0xde, 0xad, 0xbe, 0xef })]
    public void Data_parses(string text, byte[] expected) => Assert.Equal(expected, RpcData.Parse(text));

    [Theory]
    [InlineData(null, "null")]
    [InlineData("", "must start with \"0x\"")]
    [InlineData("dead", "must start with \"0x\"")]
    [InlineData("0xabc", "odd count")]
    [InlineData("0xzz", "non-hex character 'z' at index 2")]
    public void Data_refuses_malformed_hex(string? text, string expected) =>
        Assert.Contains(expected, Assert.Throws<RpcFormatException>(() => RpcData.Parse(text, "eth_call")).Message);

    [Fact]
    public void Fixed_size_data_must_have_its_exact_length()
    {
        var address = RpcData.ParseAddress("0xF39FD6E51AAD88F6F4CE6AB8827279CFFFB92266");
        Assert.Equal("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", RpcData.Format(address));
        Assert.Contains("exactly 20 bytes, got 19", Assert.Throws<RpcFormatException>(() => RpcData.ParseAddress("0x" + new string('1', 38))).Message);
        Assert.Contains("exactly 32 bytes, got 33", Assert.Throws<RpcFormatException>(() => RpcData.ParseBytes32("0x" + new string('1', 66))).Message);
    }

    [Fact]
    public void Block_tags_format_as_the_json_rpc_expects()
    {
        Assert.Equal("latest", default(BlockTag).ToString());
        Assert.Equal("latest", BlockTag.Latest.ToString());
        Assert.Equal("pending", BlockTag.Pending.ToString());
        Assert.Equal("finalized", BlockTag.Finalized.ToString());
        Assert.Equal("0x1b4", ((BlockTag)436UL).ToString());
        Assert.Equal(436UL, BlockTag.Number(436).BlockNumber);
        Assert.Null(BlockTag.Safe.BlockNumber);
    }

    [Fact]
    public void Log_filter_serialises_topics_with_wildcards_and_refuses_hash_with_range()
    {
        var topic = RpcData.ParseBytes32("0x" + new string('a', 64));
        var filter = new LogFilter(FromBlock: 1UL, Addresses: [Address.Zero], Topics: [null, [topic]]);
        Assert.Equal(
            "{\"fromBlock\":\"0x1\",\"address\":[\"0x0000000000000000000000000000000000000000\"],\"topics\":[null,[\"0x" + new string('a', 64) + "\"]]}",
            filter.ToJson().ToJsonString());
        Assert.Throws<ArgumentException>(() => new LogFilter(FromBlock: 1UL, BlockHash: topic).ToJson());
    }
}
