using System.Diagnostics.CodeAnalysis;
using Parley.Crypto;

namespace Parley.StateMachines;

/// <summary>
/// The base class of every <c>[StateMachine]</c> (the generator adds it to the partial class): the rule API that
/// action bodies use — <see cref="Require"/>, <see cref="Mover"/>, <see cref="ParticipantCount"/>,
/// <see cref="Balance"/>, <see cref="Transfer"/>, <see cref="PayAll"/> and <see cref="Keccak256(AbiValue)"/>.
/// Each member has a fixed Solidity translation (docs/generator.md), and each fails in C# exactly where the
/// generated contract reverts, with the same reason.
/// </summary>
/// <remarks>
/// The outcome members work on the outcome of the action being applied: a copy the reducer makes, holding one
/// balance per participant for each asset (wei or token base units, <c>address(0)</c> = ETH). They move value between
/// participants and so always conserve each asset's total. Outside an action (in <c>IsFinal</c>, <c>NextMover</c>
/// or a machine built with <c>new</c>) they throw <see cref="InvalidOperationException"/>.
/// </remarks>
public abstract class StateMachine
{
    private OutcomeBalances? _outcome;
    private int _mover;
    private int _participants;

    /// <summary>The index (0-based, in the channel's participant order) of the participant making the current move.</summary>
    /// <exception cref="InvalidOperationException">No action is being applied.</exception>
    protected int Mover => _outcome is null ? throw NoAction(nameof(Mover)) : _mover;

    /// <summary>The number of participants (the <c>Participants</c> of the <c>[StateMachine]</c> attribute).</summary>
    /// <exception cref="InvalidOperationException">The machine was not created by its definition (decoded or initial state).</exception>
    protected int ParticipantCount => _participants > 0
        ? _participants
        : throw new InvalidOperationException("ParticipantCount is only known for machines created by their state machine definition.");

    /// <summary>
    /// Rejects the action unless <paramref name="condition"/> holds. Solidity: <c>require(condition, reason)</c>.
    /// </summary>
    /// <param name="condition">The condition the action must satisfy.</param>
    /// <param name="reason">The reason, a constant string: it is the revert reason on chain too.</param>
    /// <exception cref="ActionRejectedException"><paramref name="condition"/> is false (kind <see cref="RejectionKind.Require"/>).</exception>
    protected static void Require([DoesNotReturnIf(false)] bool condition, string reason)
    {
        if (!condition)
        {
            throw new ActionRejectedException(RejectionKind.Require, reason);
        }
    }

    /// <summary>The balance of <paramref name="participant"/> in <paramref name="asset"/> (wei or token base units).</summary>
    /// <exception cref="ActionRejectedException">The outcome has no such asset (<c>"unknown asset"</c>), or
    /// <paramref name="participant"/> is not a participant index (<c>"participant out of range"</c>).</exception>
    /// <exception cref="InvalidOperationException">No action is being applied.</exception>
    protected UInt256 Balance(Address asset, int participant)
    {
        var outcome = Outcome(nameof(Balance));
        var a = outcome.AssetIndex(asset);
        var p = Participant(participant);
        return outcome.Balances[a][p];
    }

    /// <summary>
    /// Moves <paramref name="amount"/> of <paramref name="asset"/> from participant <paramref name="from"/> to
    /// participant <paramref name="to"/>. Checks, in this order: the asset exists (<c>"unknown asset"</c>), both indices
    /// are participants (<c>"participant out of range"</c>), <paramref name="from"/> holds at least
    /// <paramref name="amount"/> (<c>"insufficient balance"</c>).
    /// </summary>
    /// <exception cref="ActionRejectedException">One of the checks fails (kind <see cref="RejectionKind.Require"/>).</exception>
    /// <exception cref="OverflowException">The recipient's balance would exceed 2^256 - 1 (only possible for an outcome whose total does).</exception>
    /// <exception cref="InvalidOperationException">No action is being applied.</exception>
    protected void Transfer(Address asset, int from, int to, UInt256 amount)
    {
        var outcome = Outcome(nameof(Transfer));
        var a = outcome.AssetIndex(asset);
        var f = Participant(from);
        var t = Participant(to);
        var balances = outcome.Balances[a];
        if (balances[f] < amount)
        {
            throw new ActionRejectedException(RejectionKind.Require, "insufficient balance");
        }
        balances[f] = balances[f] - amount;
        balances[t] = checked(balances[t] + amount);
    }

    /// <summary>
    /// Moves everything participant <paramref name="from"/> holds, in every asset, to participant <paramref name="to"/>
    /// (for example, the whole stake to a game's winner).
    /// </summary>
    /// <exception cref="ActionRejectedException">An index is not a participant (<c>"participant out of range"</c>).</exception>
    /// <exception cref="OverflowException">A recipient balance would exceed 2^256 - 1.</exception>
    /// <exception cref="InvalidOperationException">No action is being applied.</exception>
    protected void PayAll(int from, int to)
    {
        var outcome = Outcome(nameof(PayAll));
        var f = Participant(from);
        var t = Participant(to);
        foreach (var balances in outcome.Balances)
        {
            var value = balances[f];
            balances[f] = UInt256.Zero;
            balances[t] = checked(balances[t] + value);
        }
    }

    /// <summary>Keccak-256 of the ABI encoding of the values: Solidity <c>keccak256(abi.encode(a))</c>.</summary>
    protected static Bytes32 Keccak256(AbiValue a) => Hash([a]);

    /// <summary>Keccak-256 of the ABI encoding of the values: Solidity <c>keccak256(abi.encode(a, b))</c> (e.g. a commitment to a move and a salt).</summary>
    protected static Bytes32 Keccak256(AbiValue a, AbiValue b) => Hash([a, b]);

    /// <summary>Keccak-256 of the ABI encoding of the values: Solidity <c>keccak256(abi.encode(a, b, c))</c>.</summary>
    protected static Bytes32 Keccak256(AbiValue a, AbiValue b, AbiValue c) => Hash([a, b, c]);

    /// <summary>Keccak-256 of the ABI encoding of the values: Solidity <c>keccak256(abi.encode(a, b, c, d))</c>.</summary>
    protected static Bytes32 Keccak256(AbiValue a, AbiValue b, AbiValue c, AbiValue d) => Hash([a, b, c, d]);

    private static Bytes32 Hash(ReadOnlySpan<AbiValue> values)
    {
        Span<byte> buffer = stackalloc byte[32 * 4];
        var data = buffer[..(32 * values.Length)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i].WriteTo(data.Slice(32 * i, 32));
        }
        return Crypto.Keccak256.Hash(data);
    }

    internal void Attach(int participants) => _participants = participants;

    internal void BeginAction(OutcomeBalances outcome, int mover)
    {
        _outcome = outcome;
        _mover = mover;
    }

    internal void EndAction() => _outcome = null;

    private OutcomeBalances Outcome(string member) => _outcome ?? throw NoAction(member);

    private int Participant(int index)
    {
        if (index < 0 || index >= _participants)
        {
            throw new ActionRejectedException(RejectionKind.Require, "participant out of range");
        }
        return index;
    }

    private static InvalidOperationException NoAction(string member) =>
        new($"{member} is only available while an action is applied by the reducer (not in IsFinal, NextMover or a machine built with new).");
}
