using Parley.Abi;

namespace Parley.Tests.Abi;

/// <summary>The typed writer and reader on vectors produced by cast (Foundry 1.7.1, <c>cast abi-encode</c>).</summary>
public class AbiWriterReaderTests
{
    private static readonly Address Alice = Address.Parse("0x2c7536E3605D9C16a7a3D7b1898e529396a65c23");

    // cast abi-encode "f((address,uint256[])[])" "[(0x0000000000000000000000000000000000000000,[1,2]),(0x2c7536E3605D9C16a7a3D7b1898e529396a65c23,[3])]"
    private const string OutcomeVector =
        "0000000000000000000000000000000000000000000000000000000000000020" +
        "0000000000000000000000000000000000000000000000000000000000000002" +
        "0000000000000000000000000000000000000000000000000000000000000040" +
        "00000000000000000000000000000000000000000000000000000000000000e0" +
        "0000000000000000000000000000000000000000000000000000000000000000" +
        "0000000000000000000000000000000000000000000000000000000000000040" +
        "0000000000000000000000000000000000000000000000000000000000000002" +
        "0000000000000000000000000000000000000000000000000000000000000001" +
        "0000000000000000000000000000000000000000000000000000000000000002" +
        "0000000000000000000000002c7536e3605d9c16a7a3d7b1898e529396a65c23" +
        "0000000000000000000000000000000000000000000000000000000000000040" +
        "0000000000000000000000000000000000000000000000000000000000000001" +
        "0000000000000000000000000000000000000000000000000000000000000003";

    // cast abi-encode "f(int8,bytes3,string,bool[2][])" -- -5 0x010203 "héllo" "[[true,false]]"
    private const string MixedVector =
        "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffb" +
        "0102030000000000000000000000000000000000000000000000000000000000" +
        "0000000000000000000000000000000000000000000000000000000000000080" +
        "00000000000000000000000000000000000000000000000000000000000000c0" +
        "0000000000000000000000000000000000000000000000000000000000000006" +
        "68c3a96c6c6f0000000000000000000000000000000000000000000000000000" +
        "0000000000000000000000000000000000000000000000000000000000000001" +
        "0000000000000000000000000000000000000000000000000000000000000001" +
        "0000000000000000000000000000000000000000000000000000000000000000";

    private static readonly (Address Asset, UInt256[] Balances)[] Outcome =
        [(Address.Zero, [1, 2]), (Alice, [3])];

    [Fact]
    public void Writes_an_outcome_like_cast()
    {
        var w = new AbiWriter();
        w.BeginTuple(1);
        w.BeginArray(Outcome.Length, 1);
        foreach (var (asset, balances) in Outcome)
        {
            w.BeginTuple(2);
            w.WriteAddress(asset);
            w.BeginArray(balances.Length, 1);
            foreach (var b in balances)
            {
                w.WriteUInt256(b);
            }
            w.EndArray();
            w.EndTuple();
        }
        w.EndArray();
        w.EndTuple();
        Assert.Equal(OutcomeVector, Convert.ToHexStringLower(w.ToArray()));
    }

    [Fact]
    public void Reads_an_outcome_written_by_cast()
    {
        var r = new AbiReader(Convert.FromHexString(OutcomeVector));
        r.BeginTuple(1);
        var n = r.BeginArray(1, "outcome");
        Assert.Equal(2, n);
        for (var i = 0; i < n; i++)
        {
            r.BeginTuple(2);
            Assert.Equal(Outcome[i].Asset, r.ReadAddress("asset"));
            var m = r.BeginArray(1, "balances");
            Assert.Equal(Outcome[i].Balances.Length, m);
            for (var j = 0; j < m; j++)
            {
                Assert.Equal(Outcome[i].Balances[j], r.ReadUInt256());
            }
            r.EndArray();
            r.EndTuple();
        }
        r.EndArray();
        r.EndTuple();
        r.EnsureFullyConsumed();
    }

    [Fact]
    public void Writes_and_reads_mixed_static_and_dynamic_members_like_cast()
    {
        var w = new AbiWriter(0);
        w.BeginTuple(4);
        w.WriteInt(-5, 8);
        w.WriteFixedBytes([1, 2, 3]);
        w.WriteString("héllo");
        w.BeginArray(1, 2);
        w.WriteBool(true);
        w.WriteBool(false);
        w.EndArray();
        w.EndTuple();
        Assert.Equal(MixedVector, Convert.ToHexStringLower(w.ToArray()));

        var r = new AbiReader(Convert.FromHexString(MixedVector));
        r.BeginTuple(4);
        Assert.Equal(-5, r.ReadInt8());
        Assert.Equal([1, 2, 3], r.ReadFixedBytes(3).ToArray());
        Assert.Equal("héllo", r.ReadString());
        Assert.Equal(1, r.BeginArray(2));
        r.BeginStaticArray(2, 1, "flags");
        Assert.True(r.ReadBool());
        Assert.False(r.ReadBool());
        r.EndStaticArray();
        r.EndArray();
        r.EndTuple();
        r.EnsureFullyConsumed();
    }

    [Fact]
    public void Writer_rejects_misuse()
    {
        var w = new AbiWriter();
        Assert.Throws<InvalidOperationException>(() => w.WriteUInt(1));
        w.BeginTuple(1);
        w.WriteUInt(1);
        Assert.Throws<InvalidOperationException>(() => w.WriteUInt(2));
        Assert.Throws<InvalidOperationException>(() => w.EndArray());
        Assert.Throws<InvalidOperationException>(() => w.ToArray());
        w.EndTuple();
        Assert.Throws<InvalidOperationException>(() => w.BeginTuple(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AbiWriter().WriteUInt(256, 8));
        w.Reset();
        w.BeginTuple(2);
        w.WriteUInt(255, 8);
        Assert.Throws<InvalidOperationException>(() => w.EndTuple());
    }

    [Fact]
    public void Selector_prefix_shifts_the_offset_base()
    {
        var w = new AbiWriter();
        w.WriteSelector(AbiFunction.Selector("f(bytes)"));
        w.BeginTuple(1);
        w.WriteBytes([0xAB]);
        w.EndTuple();
        var data = w.ToArray();
        Assert.Equal(4 + 96, data.Length);
        Assert.Equal(0x20, data[4 + 31]);

        var r = new AbiReader(data);
        Assert.Equal(AbiFunction.Selector("f(bytes)"), r.ReadSelector().ToArray());
        r.BeginTuple(1);
        Assert.Equal([0xAB], r.ReadBytes().ToArray());
        r.EndTuple();
        r.EnsureFullyConsumed();
    }
}
