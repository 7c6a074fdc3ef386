namespace Parley.Examples.Machines;

/// <summary>One player's bet in a <see cref="BettingPot"/>.</summary>
public struct Bet
{
    /// <summary>The amount staked, in the asset's base units.</summary>
    public UInt256 Amount;

    /// <summary>The asset staked (address(0) for ETH).</summary>
    public Address Asset;

    /// <summary>The number picked, 1 to 6.</summary>
    public byte Pick;

    /// <summary>Whether the bet was placed.</summary>
    public bool Placed;
}

/// <summary>
/// A dice pot with three participants: players 0 and 1 bet any asset of the channel (ETH or tokens) on a number; the
/// house (participant 2) holds the stakes, then settles with the roll and pays twice the stake to every right pick,
/// as far as its balance goes. Multi-asset outcomes, an array of structs, a custom next-mover rule.
/// </summary>
[StateMachine(Participants = 3)]
public partial class BettingPot
{
    private const int House = 2;

    /// <summary>The players' bets.</summary>
    [FixedLength(2)]
    public Bet[] Bets = new Bet[2];

    /// <summary>Bets placed so far.</summary>
    public byte Placed;

    /// <summary>The roll, once settled.</summary>
    public byte Roll;

    /// <summary>Whether the house settled.</summary>
    public bool Settled;

    /// <summary>A player stakes <paramref name="amount"/> of <paramref name="asset"/> on <paramref name="pick"/>.</summary>
    [Action]
    public void PlaceBet(Address asset, UInt256 amount, byte pick)
    {
        Require(!Settled, "settled");
        Require(Mover != House, "the house does not bet");
        Require(!Bets[Mover].Placed, "already bet");
        Require(pick >= 1 && pick <= 6, "pick 1 to 6");
        Require(amount > UInt256.Zero, "zero bet");
        Transfer(asset, Mover, House, amount);
        Bets[Mover] = new Bet { Amount = amount, Asset = asset, Pick = pick, Placed = true };
        Placed++;
    }

    /// <summary>The house settles with the roll and pays the winners.</summary>
    [Action]
    public void Settle(byte roll)
    {
        Require(Mover == House, "only the house settles");
        Require(!Settled, "settled");
        Require(Placed == 2, "bets missing");
        Require(roll >= 1 && roll <= 6, "roll 1 to 6");
        Roll = roll;
        Settled = true;
        for (int player = 0; player < 2; player++)
        {
            Bet bet = Bets[player];
            if (bet.Pick == roll)
            {
                UInt256 prize = bet.Amount * 2u;
                UInt256 available = Balance(bet.Asset, House);
                Transfer(bet.Asset, House, player, UInt256.Min(prize, available));
            }
        }
    }

    /// <summary>The mover gives <paramref name="amount"/> of <paramref name="asset"/> to the next participant.</summary>
    [Action]
    public void Tip(Address asset, UInt256 amount)
    {
        int to = (Mover + 1) % ParticipantCount;
        Transfer(asset, Mover, to, amount);
    }

    /// <summary>The total staked by the placed bets (any asset), recomputed by <see cref="SwapBets"/>.</summary>
    public UInt256 Staked;

    /// <summary>
    /// The players swap their bets (structs are values: the local copy is independent of the array elements).
    /// </summary>
    [Action]
    public void SwapBets()
    {
        Require(!Settled, "settled");
        Bet first = Bets[0];
        Bets[0] = Bets[1];
        Bets[1] = first;
        first.Placed = false;
        first.Amount = UInt256.Zero;
        UInt256 total = UInt256.Zero;
        foreach (Bet bet in Bets)
        {
            if (bet.Placed)
            {
                total += bet.Amount;
            }
        }
        Staked = total;
    }

    /// <summary>Players alternate until both bet; then only the house moves.</summary>
    public int NextMover(ulong turnNum) => Placed == 2 ? House : (int)(turnNum % 2);

    /// <summary>The pot is final once settled.</summary>
    public bool IsFinal => Settled;
}
