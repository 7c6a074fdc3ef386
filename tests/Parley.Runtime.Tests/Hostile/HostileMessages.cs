using Parley.Channels;
using Parley.Crypto;
using Parley.Examples;
using Parley.Protocol;
using Parley.Runtime.Tests.Protocol;
using static Parley.Runtime.Tests.Protocol.UpdateForgery;

namespace Parley.Runtime.Tests.Hostile;

/// <summary>
/// Builds hostile messages against a held tic-tac-toe state on which it is Bob's turn, each with the rejection the
/// validation pipeline must give it. Seeded.
/// </summary>
public sealed class HostileMessages(ChannelState held, Random random)
{
    public const int CaseCount = 14;

    private readonly FixedPart _fixedPart = held.FixedPart;

    /// <summary>A valid update by Bob (which the node would accept).</summary>
    public UpdateMessage Honest() => HonestTemplate(out _);

    private UpdateMessage HonestTemplate(out byte cell)
    {
        var board = TicTacToe.FromAppData(held.Latest.AppData).Board;
        var empty = Enumerable.Range(0, 9).Where(i => board[i] == 0).ToArray();
        cell = (byte)empty[random.Next(empty.Length)];
        var action = TicTacToe.Actions.Play(cell);
        var next = TicTacToe.Definition.Reduce(held.Latest.AppData, held.Latest.Outcome, action, 1);
        return Update(_fixedPart, held.Latest.TurnNum + 1, false, held.Latest.Hash, action, next.AppData, next.Outcome, TestKeys.Bob);
    }

    private Bytes32 RandomHash()
    {
        var bytes = new byte[32];
        random.NextBytes(bytes);
        return new Bytes32(bytes);
    }

    private UpdateMessage Resign(UpdateMessage m, PrivateKey key) =>
        Update(_fixedPart, m.TurnNum, m.IsFinal, m.ParentHash, m.Action, m.AppData, m.Outcome, key);

    /// <summary>One hostile message of case <paramref name="kind"/> and its expected rejection.</summary>
    public (ChannelMessage Message, RejectionReason Expected) Make(int kind)
    {
        var honest = HonestTemplate(out var cell);
        switch (kind)
        {
            case 0: // a valid frame for another channel
                return (honest with { ChannelId = RandomHash() }, RejectionReason.UnknownChannel);
            case 1: // a bad signature: r or s zero, or v out of range
            {
                var signature = (byte[])honest.Signature.Clone();
                switch (random.Next(3))
                {
                    case 0: Array.Clear(signature, 0, 32); break;
                    case 1: Array.Clear(signature, 32, 32); break;
                    default: signature[64] = (byte)random.Next(29, 256); break;
                }
                return (honest with { Signature = signature }, RejectionReason.InvalidSignature);
            }
            case 2:
                return (honest with { Signature = HighS(honest.Signature) }, RejectionReason.HighS);
            case 3: // a non-participant signer
                return (Resign(honest, PrivateKey.Generate()), RejectionReason.NotAParticipant);
            case 4: // the wrong mover (Alice signs Bob's move)
                return (Resign(honest, TestKeys.Alice), RejectionReason.WrongMover);
            case 5: // a skipped turnNum
                return (Resign(honest with { TurnNum = honest.TurnNum + 1 + (ulong)random.Next(1, 1000) }, TestKeys.Bob), RejectionReason.TurnNumSkipped);
            case 6: // a repeated turnNum with another state
                return (Resign(honest with { TurnNum = (ulong)random.Next(1, (int)held.Latest.TurnNum + 1) }, TestKeys.Bob), RejectionReason.TurnNumRepeated);
            case 7: // a replayed old update (the held state, as its mover sent it)
            {
                var latest = held.Latest;
                var mover = latest.Signatures.Select((s, i) => (s, i)).First(x => x.s is not null && x.i == 0).s!.Value;
                return (new UpdateMessage(held.ChannelId, latest.TurnNum, latest.IsFinal, latest.ParentHash, latest.Action, latest.AppData, latest.Outcome,
                    mover.ToBytes()), RejectionReason.Replay);
            }
            case 8: // built on another state
                return (Resign(honest with { ParentHash = RandomHash() }, TestKeys.Bob), RejectionReason.NotBuiltOnHeldState);
            case 9: // an outcome that breaks conservation
            {
                var a = (ulong)random.Next(0, 1000);
                var b = (ulong)random.Next(0, 1000);
                if (a + b == 10)
                {
                    b++;
                }
                return (Resign(honest with { Outcome = TestKeys.Stakes(a, b) }, TestKeys.Bob), RejectionReason.ConservationViolated);
            }
            case 10: // a claimed result the reducer does not produce
            {
                var claimed = (byte[])honest.AppData.Clone();
                if (random.Next(2) == 0)
                {
                    // Another cell marked instead (still a well-formed board).
                    var board = TicTacToe.FromAppData(claimed);
                    var other = Enumerable.Range(0, 9).Where(i => board.Board[i] == 0).ToArray();
                    if (other.Length > 0)
                    {
                        board.Board[other[random.Next(other.Length)]] = 2;
                        claimed = board.ToAppData();
                    }
                    else
                    {
                        claimed[^1] ^= 1;
                    }
                }
                else
                {
                    claimed[random.Next(claimed.Length)] ^= (byte)(1 << random.Next(8));
                }
                var outcome = random.Next(3) == 0 ? TestKeys.Stakes(3, 7) : honest.Outcome;
                if (claimed.AsSpan().SequenceEqual(honest.AppData) && outcome == honest.Outcome)
                {
                    outcome = TestKeys.Stakes(4, 6);
                }
                return (Resign(honest with { AppData = claimed, Outcome = outcome }, TestKeys.Bob), RejectionReason.ResultMismatch);
            }
            case 11: // an action the rules reject: a taken cell, a cell off the board, or garbage calldata
            {
                byte[] action = random.Next(3) switch
                {
                    0 => TicTacToe.Actions.Play((byte)Enumerable.Range(0, 9).First(i => TicTacToe.FromAppData(held.Latest.AppData).Board[i] != 0)),
                    1 => TicTacToe.Actions.Play((byte)random.Next(9, 256)),
                    _ => RandomBytes(random.Next(0, 40)),
                };
                return (Resign(honest with { Action = action }, TestKeys.Bob), RejectionReason.ActionRejected);
            }
            case 13: // Bob proposes a new channel with a funding deadline no clock of 2026-2027 accepts
                return (Proposal(random.Next(5) switch
                {
                    0 => 0UL,
                    1 => (1UL << 48) + (ulong)random.NextInt64(0, long.MaxValue),
                    2 => ulong.MaxValue,
                    3 => (ulong)random.NextInt64(1, 1_750_000_000), // before mid-2025: in the past
                    _ => (ulong)DateTimeOffset.UtcNow.AddDays(8).ToUnixTimeSeconds() + (ulong)random.Next(0, 10_000_000), // beyond the 7-day horizon
                }), RejectionReason.InvalidFundingDeadline);
            default: // malformed: the wrong number of balances, or appData of the wrong size
                return random.Next(2) == 0
                    ? (Resign(honest with { Outcome = new Outcome(new AssetOutcome(Address.Zero, [new UInt256(0, 0, 0, 10)])) }, TestKeys.Bob), RejectionReason.Malformed)
                    : (Resign(honest with { AppData = RandomBytes(random.Next(0, 200) is var n && n == honest.AppData.Length ? n + 1 : n) }, TestKeys.Bob),
                        RejectionReason.Malformed);
        }
    }

    /// <summary>Bob's honest proposal of a fresh channel with Alice (a random nonce), carrying <paramref name="fundingDeadline"/>.</summary>
    public ProposeMessage Proposal(ulong fundingDeadline)
    {
        var fixedPart = new FixedPart(_fixedPart.ChainId, _fixedPart.Adjudicator, _fixedPart.Participants, (ulong)random.NextInt64(1_000, long.MaxValue),
            _fixedPart.AppDefinition, _fixedPart.ChallengeDuration);
        var app = TicTacToe.Definition;
        var appData = app.InitialAppData();
        var outcome = TestKeys.Stakes();
        var signature = TestKeys.Bob.Sign(LoggedState.Digest(fixedPart, 0, false, appData, outcome));
        return new ProposeMessage(fixedPart, app.Id, appData, outcome, signature.ToBytes(), fundingDeadline);
    }

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
