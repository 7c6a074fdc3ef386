using Parley.Channels;
using Parley.Crypto;
using Parley.Examples;
using Parley.StateMachines;

namespace Parley.Watcher.Tests;

/// <summary>
/// A tic-tac-toe channel played by hand: the states of every turn, each move signed by its mover, and helpers for the
/// signed states and support proofs the adjudicator takes.
/// </summary>
public sealed class Game
{
    private static long _nonce = Environment.TickCount64 << 8;
    private readonly List<VariablePart> _states = [];
    private readonly List<Move?> _moves = [];

    public Game(ulong chainId, Address adjudicator, Address app, IReadOnlyList<PrivateKey> keys, UInt256 stake, ulong challengeDuration = 600)
    {
        Keys = keys;
        Fixed = new FixedPart(chainId, adjudicator, keys.Select(k => k.Address), (ulong)Interlocked.Increment(ref _nonce), app, challengeDuration);
        Funding = new Outcome(new AssetOutcome(Address.Zero, [stake, stake]));
        _states.Add(new VariablePart(App.InitialAppData(), Funding, 0, false));
        _moves.Add(null);
    }

    public static IStateMachineDefinition App => TicTacToe.Definition;

    public IReadOnlyList<PrivateKey> Keys { get; }

    public FixedPart Fixed { get; }

    public Bytes32 Id => Fixed.ChannelId;

    public Outcome Funding { get; }

    public VariablePart Latest => _states[^1];

    public ulong TurnNum => Latest.TurnNum;

    public VariablePart StateAt(ulong turn) => _states[(int)turn];

    public int MoverAt(ulong turn) => App.NextMover(StateAt(turn).AppData.AsSpan(), turn);

    /// <summary>The mover of the latest state puts its mark on <paramref name="cell"/>; returns the new state.</summary>
    public VariablePart Play(byte cell)
    {
        var before = Latest;
        var mover = MoverAt(before.TurnNum);
        var action = TicTacToe.Actions.Play(cell);
        var next = App.Reduce(before.AppData.AsSpan(), before.Outcome, action, mover);
        var state = new VariablePart(next.AppData, next.Outcome, before.TurnNum + 1, App.IsFinal(next.AppData));
        _states.Add(state);
        _moves.Add(new Move(action, new State(Fixed, state).Sign(Keys[mover])));
        return state;
    }

    public Move MoveAt(ulong turn) => _moves[(int)turn] ?? throw new InvalidOperationException("Turn 0 has no move.");

    public SignedState SignedByAll(ulong turn) => SignedState.SignedByAll(new State(Fixed, StateAt(turn)), Keys);

    /// <summary>The support proof of <paramref name="turn"/>: the state at <paramref name="fullySigned"/> signed by all, then the moves up to <paramref name="turn"/>.</summary>
    public SupportProof Proof(ulong turn, ulong? fullySigned = null)
    {
        var baseTurn = fullySigned ?? turn;
        return new SupportProof(SignedByAll(baseTurn), Enumerable.Range((int)baseTurn + 1, (int)(turn - baseTurn)).Select(t => MoveAt((ulong)t)));
    }

    /// <summary>The final state after the game: a conclusion signed by all (same outcome, isFinal).</summary>
    public SignedState FinalSignedByAll() => SignedByAll(TurnNum) is { State.IsFinal: true } s ? s : throw new InvalidOperationException("The game is not over.");
}
