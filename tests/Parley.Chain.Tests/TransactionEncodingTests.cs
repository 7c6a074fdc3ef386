using System.Collections.Immutable;
using System.Globalization;
using Parley.Chain;
using Parley.Crypto;
using Parley.TestSupport;

namespace Parley.Chain.Tests;

public class TransactionEncodingTests
{
    private static UInt256 RandomUInt256(Random random, int maxBytes)
    {
        var bytes = new byte[32];
        var n = random.Next(0, maxBytes + 1);
        random.NextBytes(bytes.AsSpan(32 - n));
        return UInt256.ReadBigEndian(bytes);
    }

    private static ulong RandomUInt64(Random random) => random.Next(4) switch
    {
        0 => 0,
        1 => (ulong)random.Next(1, 128),
        2 => (ulong)random.NextInt64(),
        _ => (ulong)random.Next(),
    };

    private static (Eip1559Transaction Transaction, PrivateKey Key) RandomTransaction(Random random)
    {
        // Chain ids cast treats as EIP-1559 chains (it switches some known legacy chains to legacy transactions).
        ulong[] chains = [1, 10, 137, 8453, 42161, 31337, 11155111, 4242, (ulong)random.Next(100_000, int.MaxValue)];
        var chainId = chains[random.Next(chains.Length)];
        // Fees up to 2^128 - 1: cast (alloy) holds fees per gas in a u128 and panics above; Parley takes any uint256.
        var maxFee = RandomUInt256(random, random.Next(2) == 0 ? 6 : 16);
        var tip = random.Next(5) == 0 ? maxFee : RandomUInt256(random, 16) % (maxFee + UInt256.One);
        var create = random.Next(6) == 0;
        Address? to = create ? null : new Address(RandomBytes(random, 20));
        var dataLength = random.Next(7) switch
        {
            0 => 0,
            1 => 1,
            2 => 55,
            3 => 56,
            4 => random.Next(100, 2000),
            _ => random.Next(2, 300),
        };
        if (create && dataLength == 0)
        {
            dataLength = 3;
        }
        var data = RandomBytes(random, dataLength);
        if (dataLength == 1)
        {
            data[0] = (byte)random.Next(0, 0x80); // a single byte below 0x80 is its own RLP encoding
        }
        var accessList = random.Next(3) == 0
            ? [.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => new AccessListEntry(new Address(RandomBytes(random, 20)),
                [.. Enumerable.Range(0, random.Next(0, 3)).Select(_ => new Bytes32(RandomBytes(random, 32)))]))]
            : ImmutableArray<AccessListEntry>.Empty;
        var tx = new Eip1559Transaction(chainId, RandomUInt64(random), tip, maxFee, RandomUInt64(random) | 21000, to, RandomUInt256(random, 16),
            data, accessList);
        return (tx, PrivateKey.FromBytes(RandomBytes(random, 31).Prepend((byte)1).ToArray()));
    }

    private static byte[] RandomBytes(Random random, int n)
    {
        var b = new byte[n];
        random.NextBytes(b);
        return b;
    }

    private static string[] CastArgs(Eip1559Transaction tx, PrivateKey key)
    {
        static string Dec(UInt256 v) => v.ToString(null, CultureInfo.InvariantCulture);
        var args = new List<string>
        {
            "mktx", "--private-key", "0x" + Convert.ToHexStringLower(key.ExportBytes()),
            "--chain", tx.ChainId.ToString(CultureInfo.InvariantCulture),
            "--nonce", tx.Nonce.ToString(CultureInfo.InvariantCulture),
            "--gas-limit", tx.GasLimit.ToString(CultureInfo.InvariantCulture),
            "--gas-price", Dec(tx.MaxFeePerGas),
            "--priority-gas-price", Dec(tx.MaxPriorityFeePerGas),
            "--value", Dec(tx.Value),
        };
        if (!tx.AccessList.IsEmpty)
        {
            args.Add("--access-list");
            args.Add("[" + string.Join(",", tx.AccessList.Select(e =>
                $"{{\"address\":\"{e.Address.ToLowerHex()}\",\"storageKeys\":[{string.Join(",", e.StorageKeys.Select(k => $"\"{k}\""))}]}}")) + "]");
        }
        if (tx.To is { } to)
        {
            args.Add(to.ToLowerHex());
            if (!tx.Data.IsEmpty)
            {
                args.Add("0x" + Convert.ToHexStringLower(tx.Data.AsSpan()));
            }
        }
        else
        {
            args.Add("--create");
            args.Add("0x" + Convert.ToHexStringLower(tx.Data.AsSpan()));
        }
        return [.. args];
    }

    [Fact]
    public async Task Random_signed_transactions_are_byte_identical_to_cast_mktx()
    {
        var random = new Random(1559);
        var cases = Enumerable.Range(0, 150).Select(_ => RandomTransaction(random)).ToList();
        var expected = await Cast.RunManyAsync([.. cases.Select(c => CastArgs(c.Transaction, c.Key))]);
        for (var i = 0; i < cases.Count; i++)
        {
            var (tx, key) = cases[i];
            var signed = tx.Sign(key);
            Assert.True(expected[i] == "0x" + Convert.ToHexStringLower(signed.RawSpan), $"case {i}: {tx}\n cast:   {expected[i]}\n parley: 0x{Convert.ToHexStringLower(signed.RawSpan)}");

            var decoded = SignedEip1559Transaction.Decode(signed.RawSpan);
            Assert.Equal(signed, decoded);
            Assert.Equal(tx, decoded.Transaction);
            Assert.Equal(signed.Hash, decoded.Hash);
            Assert.Equal(key.Address, decoded.RecoverSender());
            Assert.Equal(tx, Eip1559Transaction.DecodeForSigning(tx.EncodeForSigning()));
        }
    }

    [Fact]
    public async Task Signing_hash_and_transaction_hash_match_cast()
    {
        var key = PrivateKey.Parse("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
        var tx = new Eip1559Transaction(31337, 3, 1_000_000_000UL, 2_000_000_000UL, 50_000, Address.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"),
            12345UL, [0xde, 0xad, 0xbe, 0xef]);
        var signed = tx.Sign(key);
        var raw = "0x" + Convert.ToHexStringLower(signed.RawSpan);
        Assert.Equal(await Cast.RunAsync(CastArgs(tx, key)), raw);
        Assert.Equal(await Cast.RunAsync("keccak", raw), signed.Hash.ToString());
        Assert.Equal(await Cast.RunAsync("keccak", "0x" + Convert.ToHexStringLower(tx.EncodeForSigning())), tx.SigningHash.ToString());
        Assert.Equal(signed.Signature.Recover(tx.SigningHash), key.Address);

        // Fees and value use all 256 bits in the encoding (beyond cast's u128 fees): they round-trip.
        var wide = new Eip1559Transaction(ulong.MaxValue, ulong.MaxValue, UInt256.MaxValue, UInt256.MaxValue, ulong.MaxValue, null, UInt256.MaxValue, [0x60]);
        var wideSigned = wide.Sign(key);
        Assert.Equal(wideSigned, SignedEip1559Transaction.Decode(wideSigned.RawSpan));
        Assert.Throws<OverflowException>(() => wide.MaxFee);
    }

    [Fact]
    public void Invalid_transactions_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new Eip1559Transaction(1, 0, 2UL, 1UL, 21000, Address.Zero, 0UL, []));

        var key = PrivateKey.Parse("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
        var signed = new Eip1559Transaction(1, 7, 1UL, 2UL, 21000, Address.Zero, 5UL, [1, 2, 3]).Sign(key);
        var raw = signed.Encode();

        var legacy = (byte[])raw.Clone();
        legacy[0] = 0x01;
        Assert.Contains("type byte 0x02", Assert.Throws<RlpException>(() => SignedEip1559Transaction.Decode(legacy)).Message);
        Assert.Contains("unexpected byte", Assert.Throws<RlpException>(() => SignedEip1559Transaction.Decode([.. raw, 0x00])).Message);
        Assert.Throws<RlpException>(() => SignedEip1559Transaction.Decode(raw.AsSpan(0, raw.Length - 1)));
        Assert.Throws<RlpException>(() => SignedEip1559Transaction.Decode([]));

        // Rebuild the list with a bad yParity, a high s, and a tip above the max fee.
        static byte[] Build(Action<RlpWriter> fields)
        {
            var w = new RlpWriter();
            w.WriteRawByte(2);
            w.BeginList();
            fields(w);
            w.EndList();
            return w.ToArray();
        }
        void Common(RlpWriter w, UInt256 tip, UInt256 maxFee)
        {
            w.WriteUInt(1UL); w.WriteUInt(7UL); w.WriteUInt(tip); w.WriteUInt(maxFee); w.WriteUInt(21000UL);
            w.WriteAddress(Address.Zero); w.WriteUInt(5UL); w.WriteBytes([1, 2, 3]); w.BeginList(); w.EndList();
        }
        var r = UInt256.ReadBigEndian(signed.Signature.R.AsSpan());
        var s = UInt256.ReadBigEndian(signed.Signature.S.AsSpan());
        var n = UInt256.ReadBigEndian(Convert.FromHexString("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141"));
        Assert.Contains("yParity", Assert.Throws<RlpException>(() => SignedEip1559Transaction.Decode(Build(w =>
        {
            Common(w, 1UL, 2UL); w.WriteUInt(2UL); w.WriteUInt(r); w.WriteUInt(s);
        }))).Message);
        Assert.Contains("low s", Assert.Throws<ArgumentException>(() => SignedEip1559Transaction.Decode(Build(w =>
        {
            Common(w, 1UL, 2UL); w.WriteUInt((ulong)(1 - signed.Signature.RecoveryId)); w.WriteUInt(r); w.WriteUInt(n - s);
        }))).Message);
        Assert.Contains("exceeds", Assert.Throws<ArgumentException>(() => SignedEip1559Transaction.Decode(Build(w =>
        {
            Common(w, 3UL, 2UL); w.WriteUInt(0UL); w.WriteUInt(r); w.WriteUInt(s);
        }))).Message);
        Assert.Throws<ArgumentException>(() => SignedEip1559Transaction.Decode(Build(w =>
        {
            Common(w, 1UL, 2UL); w.WriteUInt(0UL); w.WriteUInt(UInt256.Zero); w.WriteUInt(s);
        })));
        // Thirteen fields: one too many.
        Assert.Contains("unexpected byte", Assert.Throws<RlpException>(() => SignedEip1559Transaction.Decode(Build(w =>
        {
            Common(w, 1UL, 2UL); w.WriteUInt((ulong)signed.Signature.RecoveryId); w.WriteUInt(r); w.WriteUInt(s); w.WriteUInt(0UL);
        }))).Message);
        // The same fields, well formed, decode back to the original.
        Assert.Equal(signed, SignedEip1559Transaction.Decode(Build(w =>
        {
            Common(w, 1UL, 2UL); w.WriteUInt((ulong)signed.Signature.RecoveryId); w.WriteUInt(r); w.WriteUInt(s);
        })));
    }
}
