namespace Parley.Chain;

/// <summary>
/// What a transaction does, independent of who signs it and how: the recipient, the calldata, the value, and
/// optionally a gas limit. A <see cref="TransactionSender"/> adds the sender, nonce, fees and gas.
/// </summary>
/// <param name="To">The recipient; null to create a contract (then <paramref name="Data"/> is creation code ‖ constructor arguments).</param>
/// <param name="Data">The calldata (4-byte selector ‖ ABI-encoded arguments for a Solidity function), or creation code.</param>
/// <param name="Value">The value transferred, in wei.</param>
/// <param name="GasLimit">The gas limit; null to estimate it (<c>eth_estimateGas</c>, plus the sender's margin).</param>
public sealed record TransactionCall(Address? To, ReadOnlyMemory<byte> Data = default, UInt256 Value = default, ulong? GasLimit = null)
{
    /// <summary>A plain ETH transfer of <paramref name="wei"/> to <paramref name="to"/> (21,000 gas).</summary>
    public static TransactionCall Transfer(Address to, UInt256 wei) => new(to, default, wei, 21_000);

    /// <summary>A contract creation with <paramref name="creationCode"/> (constructor arguments appended).</summary>
    /// <exception cref="ArgumentException"><paramref name="creationCode"/> is empty.</exception>
    public static TransactionCall Create(ReadOnlyMemory<byte> creationCode) =>
        creationCode.IsEmpty ? throw new ArgumentException("Creation code cannot be empty.", nameof(creationCode)) : new(null, creationCode);

    /// <summary>The request for <c>eth_estimateGas</c> / <c>eth_call</c> from <paramref name="from"/>.</summary>
    public TransactionRequest ToRequest(Address from, ulong? gas = null) => new(from, To, Value.IsZero ? null : Value, Data, gas ?? GasLimit);

    /// <inheritdoc/>
    public override string ToString() =>
        $"{(To is { } to ? $"call to {to}" : "contract creation")}, {Data.Length} bytes of data, value {Value} wei{(GasLimit is { } g ? $", gas {g}" : "")}";
}
