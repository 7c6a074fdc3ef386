using System.Collections.Immutable;
using Parley.Channels;

namespace Parley.Contracts;

/// <summary>
/// The adjudicator's payout rule, computed off chain: what a withdrawal pays, and the outcome that remains on record
/// after payouts (the one to pass to the next <c>withdraw</c>).
/// </summary>
/// <remarks>
/// <para><b>Priority.</b> For each asset the holdings cover participants in participant order: participant <c>i</c> can
/// be paid at most <c>min(balances[i], max(0, holdings − Σ_{j&lt;i} balances[j]))</c>, whether or not participants
/// before it have withdrawn yet (their unpaid balances stay reserved). So a fully funded channel pays everyone in
/// full, and an underfunded one (for example after <c>reclaim</c>, when deposits were made in participant order as the
/// <c>expectedHeld</c> guard arranges) gives each participant back what it deposited.</para>
/// <para><b>Record.</b> Each payment is subtracted from the participant's balance in the registered outcome, and the
/// channel's fingerprint is updated to match; a withdrawal must quote the outcome on record, so
/// <see cref="AfterWithdrawals"/> rebuilds it from the <c>Withdrawn</c> events.</para>
/// </remarks>
public static class PayoutRule
{
    /// <summary>
    /// The amounts a withdrawal of asset <paramref name="assetIndex"/> would pay now: for every participant (or only
    /// <paramref name="participantIndex"/> when given), in participant order.
    /// </summary>
    /// <param name="outcome">The outcome on record (less what was already paid).</param>
    /// <param name="assetIndex">The asset's index in the outcome.</param>
    /// <param name="holdings">What the channel holds of that asset.</param>
    /// <param name="participantIndex">The participant withdrawing, or null for all (as <c>withdrawAll</c>).</param>
    /// <returns>One amount per participant (0 for those not paid).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="outcome"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is out of range.</exception>
    public static ImmutableArray<UInt256> Payouts(Outcome outcome, int assetIndex, UInt256 holdings, int? participantIndex = null)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentOutOfRangeException.ThrowIfNegative(assetIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(assetIndex, outcome.Assets.Length);
        var balances = outcome.Assets[assetIndex].Balances;
        if (participantIndex is { } p)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(p, nameof(participantIndex));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(p, balances.Length, nameof(participantIndex));
        }
        var amounts = new UInt256[balances.Length];
        var left = holdings;
        for (var i = 0; i < balances.Length && !left.IsZero; i++)
        {
            var owed = balances[i];
            if (participantIndex is null || participantIndex == i)
            {
                var amount = UInt256.Min(owed, left);
                amounts[i] = amount;
                left -= amount;
            }
            else
            {
                left = owed < left ? left - owed : UInt256.Zero;
            }
        }
        return ImmutableArray.Create(amounts);
    }

    /// <summary>
    /// The outcome on record after the given payments: each <see cref="WithdrawnEvent"/>'s amounts subtracted from the
    /// balances of its asset's entry (the adjudicator refuses outcomes listing an asset twice, so the asset names one
    /// entry).
    /// </summary>
    /// <param name="registered">The outcome registered when the channel finalized.</param>
    /// <param name="withdrawals">The channel's <c>Withdrawn</c> events since, in chain order.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">An event names an asset the outcome lacks, has the wrong number of amounts, or pays more than a balance.</exception>
    public static Outcome AfterWithdrawals(Outcome registered, IEnumerable<WithdrawnEvent> withdrawals)
    {
        ArgumentNullException.ThrowIfNull(registered);
        ArgumentNullException.ThrowIfNull(withdrawals);
        var assets = registered.Assets.ToBuilder();
        foreach (var withdrawn in withdrawals)
        {
            ArgumentNullException.ThrowIfNull(withdrawn, nameof(withdrawals));
            var k = -1;
            for (var i = 0; i < assets.Count && k < 0; i++)
            {
                if (assets[i].Asset == withdrawn.Asset)
                {
                    k = i;
                }
            }
            if (k < 0 || assets[k].Balances.Length != withdrawn.Amounts.Length)
            {
                throw new ArgumentException($"The withdrawal {withdrawn} does not fit the outcome {new Outcome(assets)}.", nameof(withdrawals));
            }
            var balances = assets[k].Balances.ToBuilder();
            for (var i = 0; i < balances.Count; i++)
            {
                if (withdrawn.Amounts[i] > balances[i])
                {
                    throw new ArgumentException(
                        $"The withdrawal {withdrawn} pays participant {i} more than its balance {balances[i]}.", nameof(withdrawals));
                }
                balances[i] -= withdrawn.Amounts[i];
            }
            assets[k] = assets[k] with { Balances = balances.MoveToImmutable() };
        }
        return new Outcome(assets.ToImmutable());
    }
}
