using Parley.Protocol;

namespace Parley.Engine;

/// <summary>Settings of <see cref="ChannelEngine"/>.</summary>
public sealed class ChannelEngineOptions
{
    /// <summary>The protocol tunables (checkpoints, snapshots, replay window, agreement time, turn timeout).</summary>
    public ProtocolOptions Protocol { get; set; } = new();

    /// <summary>
    /// How many messages and requests may wait for one channel (≥ 1). A full inbox makes the transport stop reading
    /// from the peer that sends to it (back-pressure through TCP). Default 4,096.
    /// </summary>
    public int ChannelInboxCapacity { get; set; } = 4096;

    /// <summary>
    /// How many of this node's own states may be unacknowledged by the other participants before
    /// <see cref="ChannelEngine.ActAsync"/> waits (≥ 1). Default 1,024.
    /// </summary>
    public int MaxUnacknowledged { get; set; } = 1024;

    /// <summary>
    /// How many queued events of one channel are processed into one store commit (≥ 1). Default 256: large enough to
    /// amortise an fsync, small enough that a peer's acknowledgements keep coming while this node works through a burst.
    /// </summary>
    public int MaxStepsPerCommit { get; set; } = 256;

    /// <summary>
    /// How many refused messages a peer may send over one connection before it is closed
    /// (<see cref="Transport.WireError.TooManyRejections"/>); replays do not count. Default 10,000.
    /// </summary>
    public int MaxRejectionsPerConnection { get; set; } = 10_000;

    /// <summary>
    /// How far ahead of the engine's clock the funding deadline of a channel this node proposes lies when
    /// <see cref="ChannelEngine.OpenChannelAsync"/> is given none (&gt; 0, at most
    /// <see cref="ProtocolOptions.MaxFundingWindow"/> when that is set). Default 1 hour.
    /// </summary>
    public TimeSpan FundingWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often deadlines are checked for escalations. Default 250 ms.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Decides whether to join a channel a peer proposes (after it passed validation). Default: join every valid
    /// proposal for a state machine this node has.
    /// </summary>
    public Func<ProposeMessage, bool>? AcceptProposal { get; set; }

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        Protocol.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(ChannelInboxCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxUnacknowledged, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxStepsPerCommit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRejectionsPerConnection, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(TickInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(FundingWindow, TimeSpan.Zero);
        if (Protocol.MaxFundingWindow is { } most && FundingWindow > most)
        {
            throw new ArgumentOutOfRangeException(nameof(FundingWindow), FundingWindow, $"The funding window is longer than the protocol's MaxFundingWindow ({most}).");
        }
    }
}
