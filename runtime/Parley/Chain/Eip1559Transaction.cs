using System.Collections.Immutable;
using Parley.Crypto;

namespace Parley.Chain;

/// <summary>
/// An unsigned EIP-1559 (EIP-2718 type 2) transaction. Its signing hash is
/// <c>keccak256(0x02 ‖ rlp([chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit, to, value, data,
/// accessList]))</c> (EIP-1559, "Specification"); <see cref="Sign(PrivateKey)"/> turns it into a
/// <see cref="SignedEip1559Transaction"/> ready for <c>eth_sendRawTransaction</c>. Immutable.
/// </summary>
/// <remarks>
/// Integers are RLP scalars (big-endian, no leading zeros); <c>to</c> is 20 bytes, or the empty string for a contract
/// creation; <c>accessList</c> is <c>[[address, [storageKey, …]], …]</c> (EIP-2930). Fees are in wei per gas; the
/// sender pays <c>min(maxFeePerGas, baseFee + maxPriorityFeePerGas)</c> per gas used. Value equality compares every
/// field.
/// </remarks>
public sealed class Eip1559Transaction : IEquatable<Eip1559Transaction>
{
    /// <summary>The EIP-2718 transaction type byte of EIP-1559 transactions: 0x02.</summary>
    public const byte TransactionType = 0x02;

    private byte[]? _signingPayload;

    /// <summary>Creates a transaction, validating it.</summary>
    /// <param name="chainId">The EIP-155 chain id the transaction is valid on.</param>
    /// <param name="nonce">The sender's nonce (its count of earlier transactions).</param>
    /// <param name="maxPriorityFeePerGas">The tip per gas to the block producer, in wei (at most <paramref name="maxFeePerGas"/>).</param>
    /// <param name="maxFeePerGas">The most the sender pays per gas (base fee + tip), in wei.</param>
    /// <param name="gasLimit">The gas limit.</param>
    /// <param name="to">The recipient; null to create a contract (then <paramref name="data"/> is the creation code).</param>
    /// <param name="value">The value transferred, in wei.</param>
    /// <param name="data">The calldata (or creation code); copied.</param>
    /// <param name="accessList">The EIP-2930 access list; default or empty for none.</param>
    /// <exception cref="ArgumentException"><paramref name="maxPriorityFeePerGas"/> exceeds <paramref name="maxFeePerGas"/>
    /// (EIP-1559 makes such a transaction invalid), or an access-list entry is null.</exception>
    public Eip1559Transaction(ulong chainId, ulong nonce, UInt256 maxPriorityFeePerGas, UInt256 maxFeePerGas, ulong gasLimit, Address? to,
        UInt256 value, ReadOnlySpan<byte> data, ImmutableArray<AccessListEntry> accessList = default)
    {
        if (maxPriorityFeePerGas > maxFeePerGas)
        {
            throw new ArgumentException(
                $"The max priority fee per gas ({maxPriorityFeePerGas} wei) exceeds the max fee per gas ({maxFeePerGas} wei); EIP-1559 refuses such a transaction.",
                nameof(maxPriorityFeePerGas));
        }
        var list = accessList.IsDefault ? [] : accessList;
        if (list.Any(e => e is null))
        {
            throw new ArgumentException("An access list entry is null.", nameof(accessList));
        }
        ChainId = chainId;
        Nonce = nonce;
        MaxPriorityFeePerGas = maxPriorityFeePerGas;
        MaxFeePerGas = maxFeePerGas;
        GasLimit = gasLimit;
        To = to;
        Value = value;
        Data = [.. data];
        AccessList = list;
    }

    /// <summary>The EIP-155 chain id.</summary>
    public ulong ChainId { get; }

    /// <summary>The sender's nonce.</summary>
    public ulong Nonce { get; }

    /// <summary>The tip per gas, in wei.</summary>
    public UInt256 MaxPriorityFeePerGas { get; }

    /// <summary>The most paid per gas, in wei.</summary>
    public UInt256 MaxFeePerGas { get; }

    /// <summary>The gas limit.</summary>
    public ulong GasLimit { get; }

    /// <summary>The recipient; null for a contract creation.</summary>
    public Address? To { get; }

    /// <summary>The value transferred, in wei.</summary>
    public UInt256 Value { get; }

    /// <summary>The calldata, or the creation code.</summary>
    public ImmutableArray<byte> Data { get; }

    /// <summary>The EIP-2930 access list (empty for none).</summary>
    public ImmutableArray<AccessListEntry> AccessList { get; }

    /// <summary>Whether the transaction creates a contract (<see cref="To"/> is null).</summary>
    public bool IsContractCreation => To is null;

    /// <summary>The largest fee the transaction can cost, in wei: <see cref="GasLimit"/> × <see cref="MaxFeePerGas"/> (plus
    /// <see cref="Value"/> the sender needs as balance).</summary>
    /// <exception cref="OverflowException">The product exceeds 2^256 − 1.</exception>
    public UInt256 MaxFee => checked((UInt256)GasLimit * MaxFeePerGas);

    /// <summary>The bytes signed over before hashing: <c>0x02 ‖ rlp([chainId, nonce, maxPriorityFeePerGas, maxFeePerGas,
    /// gasLimit, to, value, data, accessList])</c> (a fresh copy).</summary>
    public byte[] EncodeForSigning() => (byte[])SigningPayload.Clone();

    /// <summary>The hash that is signed: keccak256 of <see cref="EncodeForSigning"/>.</summary>
    public Bytes32 SigningHash => Keccak256.Hash(SigningPayload);

    /// <summary>Signs the transaction with <paramref name="key"/> (RFC 6979, low s) using <see cref="Secp256k1.Default"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public SignedEip1559Transaction Sign(PrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new SignedEip1559Transaction(this, key.Sign(SigningHash));
    }

    /// <summary>Signs the transaction with <paramref name="key"/> using the given secp256k1 back-end.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public SignedEip1559Transaction Sign(PrivateKey key, ISecp256k1 backend)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(backend);
        return new SignedEip1559Transaction(this, key.Sign(SigningHash, backend));
    }

    /// <summary>A copy with another nonce (e.g. after a nonce resync).</summary>
    public Eip1559Transaction WithNonce(ulong nonce) =>
        new(ChainId, nonce, MaxPriorityFeePerGas, MaxFeePerGas, GasLimit, To, Value, Data.AsSpan(), AccessList);

    /// <summary>Decodes <see cref="EncodeForSigning"/>'s output strictly.</summary>
    /// <exception cref="RlpException">Not the type byte 0x02 followed by a canonical RLP list of exactly the nine fields.</exception>
    /// <exception cref="ArgumentException">The fields decode but make an invalid transaction (a tip above the max fee).</exception>
    public static Eip1559Transaction DecodeForSigning(ReadOnlySpan<byte> payload)
    {
        var fields = OpenTypedList(payload, "unsigned transaction");
        var transaction = ReadFields(ref fields);
        fields.EnsureAtEnd("unsigned transaction");
        return transaction;
    }

    /// <summary>Value equality: every field equal.</summary>
    public bool Equals(Eip1559Transaction? other) => other is not null && SigningPayload.AsSpan().SequenceEqual(other.SigningPayload);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Eip1559Transaction);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(ChainId, Nonce, GasLimit, To, Value, Data.Length);

    /// <inheritdoc/>
    public override string ToString() =>
        $"EIP-1559 tx chain {ChainId}, nonce {Nonce}, to {(To is { } to ? to.ToString() : "(create)")}, value {Value} wei, gas {GasLimit}, maxFee {MaxFeePerGas}, tip {MaxPriorityFeePerGas}, data {Data.Length} bytes";

    internal void WriteFields(RlpWriter w)
    {
        w.WriteUInt(ChainId);
        w.WriteUInt(Nonce);
        w.WriteUInt(MaxPriorityFeePerGas);
        w.WriteUInt(MaxFeePerGas);
        w.WriteUInt(GasLimit);
        if (To is { } to)
        {
            w.WriteAddress(to);
        }
        else
        {
            w.WriteBytes([]);
        }
        w.WriteUInt(Value);
        w.WriteBytes(Data.AsSpan());
        w.BeginList();
        foreach (var entry in AccessList)
        {
            w.BeginList();
            w.WriteAddress(entry.Address);
            w.BeginList();
            foreach (var key in entry.StorageKeys)
            {
                w.WriteBytes32(key);
            }
            w.EndList();
            w.EndList();
        }
        w.EndList();
    }

    internal static Eip1559Transaction ReadFields(ref RlpReader r)
    {
        var chainId = r.ReadUInt64("chainId");
        var nonce = r.ReadUInt64("nonce");
        var tip = r.ReadUInt256("maxPriorityFeePerGas");
        var maxFee = r.ReadUInt256("maxFeePerGas");
        var gasLimit = r.ReadUInt64("gasLimit");
        var to = r.ReadOptionalAddress("to");
        var value = r.ReadUInt256("value");
        var data = r.ReadBytes("data");
        var list = r.ReadList("accessList");
        var entries = ImmutableArray.CreateBuilder<AccessListEntry>();
        while (!list.IsAtEnd)
        {
            var field = $"accessList[{entries.Count}]";
            var entry = list.ReadList(field);
            var address = entry.ReadAddress(field + ".address");
            var keysList = entry.ReadList(field + ".storageKeys");
            var keys = ImmutableArray.CreateBuilder<Bytes32>();
            while (!keysList.IsAtEnd)
            {
                keys.Add(keysList.ReadBytes32($"{field}.storageKeys[{keys.Count}]"));
            }
            entry.EnsureAtEnd(field);
            entries.Add(new AccessListEntry(address, keys.ToImmutable()));
        }
        if (tip > maxFee)
        {
            throw new ArgumentException($"The transaction's max priority fee per gas ({tip} wei) exceeds its max fee per gas ({maxFee} wei).");
        }
        return new Eip1559Transaction(chainId, nonce, tip, maxFee, gasLimit, to, value, data, entries.ToImmutable());
    }

    internal static RlpReader OpenTypedList(ReadOnlySpan<byte> payload, string what)
    {
        if (payload.IsEmpty)
        {
            throw new RlpException(what, 0, "empty input");
        }
        if (payload[0] != TransactionType)
        {
            throw new RlpException(what, 0, $"expected the EIP-1559 type byte 0x02, got 0x{payload[0]:x2}");
        }
        var outer = new RlpReader(payload[1..], 1);
        var fields = outer.ReadList(what);
        outer.EnsureAtEnd(what);
        return fields;
    }

    private byte[] SigningPayload
    {
        get
        {
            if (_signingPayload is null)
            {
                var w = new RlpWriter(128 + Data.Length + AccessList.Length * 64);
                w.WriteRawByte(TransactionType);
                w.BeginList();
                WriteFields(w);
                w.EndList();
                _signingPayload = w.ToArray();
            }
            return _signingPayload;
        }
    }
}
