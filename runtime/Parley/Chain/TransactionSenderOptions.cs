namespace Parley.Chain;

/// <summary>How a <see cref="TransactionSender"/> prepares transactions and waits for them.</summary>
public sealed record TransactionSenderOptions
{
    /// <summary>Extra gas over the estimate, in percent: the limit is <c>estimate × (100 + margin) / 100</c>, head room for
    /// state that changes between estimation and inclusion. Unused gas is not paid for. Default 20.</summary>
    public int GasMarginPercent { get; init; } = 20;

    /// <summary>How long <see cref="PendingTransaction.WaitAsync"/> waits for a receipt. Default 2 minutes.</summary>
    public TimeSpan ReceiptTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The delay between receipt polls. Default 100 ms (use a few ms on a local dev chain).</summary>
    public TimeSpan ReceiptPollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How EIP-1559 fees are chosen (locally signed transactions only).</summary>
    public FeeEstimatorOptions Fees { get; init; } = new();

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(GasMarginPercent, nameof(GasMarginPercent));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(GasMarginPercent, 1000, nameof(GasMarginPercent));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReceiptTimeout, TimeSpan.Zero, nameof(ReceiptTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReceiptPollInterval, TimeSpan.Zero, nameof(ReceiptPollInterval));
        ArgumentNullException.ThrowIfNull(Fees, nameof(Fees));
        Fees.Validate();
    }
}
