namespace Parley.Runtime.Peer.Machines;

/// <summary>
/// A one-way payment stream for the throughput benchmark: participant 0 (the payer) makes every move, so it can
/// send updates back to back without waiting for the payee; each update pays an amount to participant 1.
/// </summary>
[StateMachine(Participants = 2)]
public partial class PaymentStream
{
    /// <summary>Payments made so far.</summary>
    public ulong Payments;

    /// <summary>The payer pays <paramref name="amount"/> wei (more than zero) to the payee.</summary>
    [Action]
    public void Pay(UInt256 amount)
    {
        Require(amount > UInt256.Zero, "zero payment");
        Transfer(Address.Zero, 0, 1, amount);
        Payments++;
    }

    /// <summary>The payer always moves.</summary>
    public int NextMover(ulong turnNum) => 0;
}
