using System.Collections.Immutable;
using Parley.Channels;
using Parley.Crypto;

namespace Parley.Contracts.Tests;

/// <summary>
/// A channel for one test: fresh participant keys (so their balances start at zero and count exactly what the
/// adjudicator paid them), a unique nonce, and helpers to sign states and moves.
/// </summary>
public sealed class TestChannel
{
    private static long _nonce;

    public TestChannel(AdjudicatorFixture chain, Address app, int participants = 2, ulong challengeDuration = 100, Address? adjudicator = null,
        ulong? chainId = null)
    {
        Keys = [.. Enumerable.Range(0, participants).Select(_ => PrivateKey.Generate())];
        Fixed = new FixedPart(chainId ?? chain.ChainId, adjudicator ?? chain.Adjudicator.Address, Keys.Select(k => k.Address),
            (ulong)Interlocked.Increment(ref _nonce), app, challengeDuration);
    }

    public ImmutableArray<PrivateKey> Keys { get; }

    public FixedPart Fixed { get; }

    public Bytes32 Id => Fixed.ChannelId;

    public Address Participant(int i) => Fixed.Participants[i];

    public static Outcome Eth(params ulong[] balances) => new(new AssetOutcome(Address.Zero, [.. balances.Select(b => (UInt256)b)]));

    public static VariablePart TransferState(ulong turnNum, Outcome outcome, ulong moveCount = 0, ulong maxMoves = 10, bool? isFinal = null) =>
        new(TransferAppModel.AppData(moveCount, maxMoves), outcome, turnNum, isFinal ?? moveCount >= maxMoves);

    public State StateOf(VariablePart variablePart) => new(Fixed, variablePart);

    public SignedState SignAll(VariablePart variablePart) => SignedState.SignedByAll(StateOf(variablePart), Keys);

    public SupportProof Proof(VariablePart variablePart, params Move[] moves) => new(SignAll(variablePart), moves);

    /// <summary>The TransferApp move <paramref name="action"/> on <paramref name="before"/>, signed by its mover; and the state it yields.</summary>
    public (Move Move, VariablePart After) MoveOn(VariablePart before, byte[] action)
    {
        var after = TransferAppModel.Apply(before, action, Keys.Length);
        var mover = TransferAppModel.NextMover(before.TurnNum, Keys.Length);
        return (new Move(action, StateOf(after).Sign(Keys[mover])), after);
    }

    /// <summary>A move whose signature is made by <paramref name="signer"/> on the claimed state <paramref name="claimed"/>.</summary>
    public Move SignedMove(byte[] action, VariablePart claimed, PrivateKey signer) => new(action, StateOf(claimed).Sign(signer));
}
