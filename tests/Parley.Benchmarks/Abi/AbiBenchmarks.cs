using BenchmarkDotNet.Attributes;
using Parley.Abi;
using Parley.Channels;

namespace Parley.Benchmarks.Abi;

/// <summary>
/// ABI encode and decode of a 320-byte state with the typed API, as generated code does it:
/// <c>(uint8[4] cells, uint256 stake, uint48 turnNum, address player, bytes memo)</c> with a 12-byte memo — an
/// 8-word head and a 2-word tail. Also the string-typed coder on the same value, and an outcome's hash.
/// </summary>
[MemoryDiagnoser]
public class AbiBenchmarks
{
    private const string Types = "(uint8[4],uint256,uint48,address,bytes)";

    private readonly byte[] _cells = [1, 2, 0, 1];
    private readonly UInt256 _stake = UInt256.Parse("1000000000000000000");
    private readonly Address _player = Address.Parse("0x2c7536E3605D9C16a7a3D7b1898e529396a65c23");
    private readonly byte[] _memo = "tic-tac-toe!"u8.ToArray();
    private readonly AbiWriter _writer = new(512);
    private readonly AbiType _type = AbiType.Parse(Types);
    private readonly Outcome _outcome = new(new AssetOutcome(Address.Zero, [UInt256.Parse("1000000000000000000"), UInt256.Parse("500000000000000000")]));
    private byte[] _encoded = [];
    private object?[] _values = [];

    [GlobalSetup]
    public void Setup()
    {
        _encoded = EncodeNew();
        if (_encoded.Length != 320)
        {
            throw new InvalidOperationException($"The benchmark state encodes to {_encoded.Length} bytes, not 320.");
        }
        _values = AbiCoder.Decode(_type, _encoded);
    }

    /// <summary>Typed encoding into a reused writer (no allocation).</summary>
    [Benchmark(Description = "abi-encode-300B")]
    public int Encode()
    {
        _writer.Reset();
        Write(_writer);
        return _writer.Length;
    }

    /// <summary>Typed encoding with a new writer and a new result array, as a one-off call.</summary>
    [Benchmark(Description = "abi-encode-300B-new-array")]
    public byte[] EncodeNew()
    {
        var writer = new AbiWriter(320);
        Write(writer);
        return writer.ToArray();
    }

    /// <summary>Typed strict decoding of every field (the memo as a span into the input).</summary>
    [Benchmark(Description = "abi-decode-300B")]
    public int Decode()
    {
        var r = new AbiReader(_encoded);
        r.BeginTuple(8);
        var sum = 0;
        r.BeginStaticArray(4, 1, "cells");
        for (var i = 0; i < 4; i++)
        {
            sum += r.ReadUInt8();
        }
        r.EndStaticArray();
        var stake = r.ReadUInt256("stake");
        var turnNum = r.ReadUInt(48, "turnNum");
        var player = r.ReadAddress("player");
        var memo = r.ReadBytes("memo");
        r.EndTuple();
        r.EnsureFullyConsumed();
        return sum + (int)stake.Limb0 + (int)turnNum + player.AsSpan()[0] + memo.Length;
    }

    /// <summary>The string-typed coder (types parsed once) on the same value.</summary>
    [Benchmark(Description = "abi-coder-encode-300B")]
    public byte[] CoderEncode() => AbiCoder.Encode(_type, _values);

    /// <summary>The string-typed coder (types parsed once) on the same encoding.</summary>
    [Benchmark(Description = "abi-coder-decode-300B")]
    public object?[] CoderDecode() => AbiCoder.Decode(_type, _encoded);

    /// <summary>An outcome's EIP-712 outcomeHash: keccak256(abi.encode(outcome)), one asset, two participants.</summary>
    [Benchmark(Description = "outcome-hash-1x2")]
    public Bytes32 OutcomeHash() => _outcome.Hash();

    private void Write(AbiWriter w)
    {
        w.BeginTuple(8);
        foreach (var cell in _cells)
        {
            w.WriteUInt(cell);
        }
        w.WriteUInt256(_stake);
        w.WriteUInt(7, 48);
        w.WriteAddress(_player);
        w.WriteBytes(_memo);
        w.EndTuple();
    }
}
