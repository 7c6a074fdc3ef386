namespace Parley.Runtime.Peer.Machines;

/// <summary>
/// A long two-player rally for the crash test: players alternate; each hit has a power of 1–9 chosen by the mover,
/// who pays that many wei to the other player. The rally ends after <see cref="Target"/> hits (set in the pre-fund
/// state), so a channel runs exactly that many updates.
/// </summary>
[StateMachine(Participants = 2)]
public partial class Rally
{
    /// <summary>How many hits the rally lasts.</summary>
    public ushort Target;

    /// <summary>Hits so far.</summary>
    public ushort Hits;

    /// <summary>The sum of every hit's power.</summary>
    public ulong Total;

    /// <summary>The mover hits with <paramref name="power"/> (1–9) and pays that many wei to the other player.</summary>
    [Action]
    public void Hit(byte power)
    {
        Require(Hits < Target, "rally over");
        Require(power >= 1 && power <= 9, "power 1 to 9");
        Total += power;
        Hits++;
        Transfer(Address.Zero, Mover, 1 - Mover, power);
    }

    /// <summary>The rally is over after <see cref="Target"/> hits.</summary>
    public bool IsFinal => Hits >= Target;
}
