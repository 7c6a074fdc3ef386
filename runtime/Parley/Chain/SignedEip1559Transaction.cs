using Parley.Crypto;

namespace Parley.Chain;

/// <summary>
/// A signed EIP-1559 (type 2) transaction: the raw form <c>eth_sendRawTransaction</c> takes is
/// <c>0x02 ‖ rlp([chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit, to, value, data, accessList,
/// yParity, r, s])</c> (EIP-1559 with EIP-2718's typed envelope), where <c>yParity</c> is the signature's recovery id
/// (0 or 1) and <c>r</c>, <c>s</c> are RLP integers. Its hash (the transaction hash nodes report) is keccak256 of the
/// raw form. Immutable.
/// </summary>
public sealed class SignedEip1559Transaction : IEquatable<SignedEip1559Transaction>
{
    private readonly byte[] _raw;

    /// <summary>Pairs a transaction with its signature (over <see cref="Eip1559Transaction.SigningHash"/>).</summary>
    /// <param name="transaction">The transaction.</param>
    /// <param name="signature">The sender's signature on the signing hash; must have a low s (EIP-2).</param>
    /// <exception cref="ArgumentNullException"><paramref name="transaction"/> is null.</exception>
    /// <exception cref="ArgumentException">The signature's s is high (nodes refuse it since EIP-2).</exception>
    public SignedEip1559Transaction(Eip1559Transaction transaction, Signature signature)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (!signature.IsLowS)
        {
            throw new ArgumentException("A transaction signature must have a low s (EIP-2).", nameof(signature));
        }
        Transaction = transaction;
        Signature = signature;
        var w = new RlpWriter(192 + transaction.Data.Length + transaction.AccessList.Length * 64);
        w.WriteRawByte(Eip1559Transaction.TransactionType);
        w.BeginList();
        transaction.WriteFields(w);
        w.WriteUInt((ulong)signature.RecoveryId);
        w.WriteUInt(UInt256.ReadBigEndian(signature.R.AsSpan()));
        w.WriteUInt(UInt256.ReadBigEndian(signature.S.AsSpan()));
        w.EndList();
        _raw = w.ToArray();
        Hash = Keccak256.Hash(_raw);
    }

    /// <summary>The transaction.</summary>
    public Eip1559Transaction Transaction { get; }

    /// <summary>The signature; <see cref="Signature.RecoveryId"/> is the transaction's <c>yParity</c>.</summary>
    public Signature Signature { get; }

    /// <summary>The transaction hash: keccak256 of <see cref="Encode"/>.</summary>
    public Bytes32 Hash { get; }

    /// <summary>The raw transaction (a fresh copy), as <c>eth_sendRawTransaction</c> takes it.</summary>
    public byte[] Encode() => (byte[])_raw.Clone();

    /// <summary>The raw transaction without copying.</summary>
    public ReadOnlySpan<byte> RawSpan => _raw;

    /// <summary>The sender: the address recovered from the signature over the signing hash.</summary>
    /// <exception cref="SignatureException">No key recovers (never for a transaction signed with <see cref="Eip1559Transaction.Sign(PrivateKey)"/>).</exception>
    public Address RecoverSender() => Secp256k1.Default.Recover(Transaction.SigningHash, Signature);

    /// <summary>Decodes a raw type-2 transaction strictly (the inverse of <see cref="Encode"/>).</summary>
    /// <param name="raw">The raw transaction.</param>
    /// <exception cref="RlpException">Not the type byte 0x02 followed by exactly one canonical RLP list of the twelve fields
    /// (with <c>yParity</c> 0 or 1 and a 20-byte or empty <c>to</c>), or bytes follow it.</exception>
    /// <exception cref="ArgumentException">The fields decode but are invalid: a tip above the max fee, r or s zero or not
    /// below the curve order, or a high s.</exception>
    public static SignedEip1559Transaction Decode(ReadOnlySpan<byte> raw)
    {
        var fields = Eip1559Transaction.OpenTypedList(raw, "transaction");
        var transaction = Eip1559Transaction.ReadFields(ref fields);
        var offset = fields.Offset;
        var yParity = fields.ReadUInt64("yParity");
        if (yParity > 1)
        {
            throw new RlpException("yParity", offset, $"expected 0 or 1, got {yParity}");
        }
        var r = fields.ReadUInt256("r");
        var s = fields.ReadUInt256("s");
        fields.EnsureAtEnd("transaction");
        Signature signature;
        try
        {
            signature = new Signature(new Bytes32(r.ToBigEndianBytes()), new Bytes32(s.ToBigEndianBytes()), (byte)yParity);
        }
        catch (SignatureException e)
        {
            throw new ArgumentException($"The transaction's signature is invalid: {e.Message}", nameof(raw), e);
        }
        return new SignedEip1559Transaction(transaction, signature);
    }

    /// <summary>Value equality: the same raw bytes.</summary>
    public bool Equals(SignedEip1559Transaction? other) => other is not null && _raw.AsSpan().SequenceEqual(other._raw);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as SignedEip1559Transaction);

    /// <inheritdoc/>
    public override int GetHashCode() => Hash.GetHashCode();

    /// <inheritdoc/>
    public override string ToString() => $"{Hash} ({Transaction})";
}
