using System.Buffers.Binary;
using System.Collections.Immutable;
using Parley.Abi;
using Parley.Channels;

namespace Parley.StateMachines;

/// <summary>
/// The reducer shared by every generated state machine definition: the input checks, the mapping of the rules'
/// failures to <see cref="ActionRejectedException"/>, and the codec driving. The generator derives one sealed class
/// per <c>[StateMachine]</c> and overrides the state codec, the action dispatch and the hooks; nothing here uses
/// reflection.
/// </summary>
/// <typeparam name="TMachine">The state machine class.</typeparam>
public abstract class StateMachineDefinition<TMachine> : IStateMachineDefinition
    where TMachine : StateMachine
{
    [ThreadStatic]
    private static AbiWriter? t_writer;

    private readonly Lazy<byte[]> _initialAppData;

    /// <summary>Creates the definition (called by generated code).</summary>
    /// <param name="id">The state machine's id.</param>
    /// <param name="participantCount">The number of participants, 1 to 255.</param>
    /// <param name="stateWords">The size of <c>appData</c> in 32-byte words.</param>
    /// <param name="solidityContractName">The generated contract's name.</param>
    /// <param name="soliditySource">The generated contract's source.</param>
    /// <param name="actions">The actions in declaration order.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="participantCount"/> is outside 1 to 255 or <paramref name="stateWords"/> is less than 1.</exception>
    protected StateMachineDefinition(
        string id, int participantCount, int stateWords, string solidityContractName, string soliditySource,
        IReadOnlyList<ActionDescriptor> actions)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentOutOfRangeException.ThrowIfLessThan(participantCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(participantCount, 255);
        ArgumentOutOfRangeException.ThrowIfLessThan(stateWords, 1);
        Id = id;
        ParticipantCount = participantCount;
        AppDataLength = stateWords * AbiWriter.WordSize;
        SolidityContractName = solidityContractName;
        SoliditySource = soliditySource;
        Actions = actions.ToImmutableArray();
        _initialAppData = new Lazy<byte[]>(() => Encode(Create()));
    }

    /// <inheritdoc />
    public string Id { get; }

    /// <inheritdoc />
    public int ParticipantCount { get; }

    /// <inheritdoc />
    public int AppDataLength { get; }

    /// <inheritdoc />
    public IReadOnlyList<ActionDescriptor> Actions { get; }

    /// <inheritdoc />
    public string SolidityContractName { get; }

    /// <inheritdoc />
    public string SoliditySource { get; }

    /// <inheritdoc />
    public byte[] InitialAppData() => (byte[])_initialAppData.Value.Clone();

    /// <summary>A new machine in the initial state (<c>new TMachine()</c>), attached to this definition.</summary>
    public TMachine Create()
    {
        var machine = CreateInstance();
        machine.Attach(ParticipantCount);
        return machine;
    }

    /// <summary>Decodes <c>appData</c> strictly into a new machine (exact length; every value within its type's range).</summary>
    /// <exception cref="ActionRejectedException"><paramref name="appData"/> is not a canonical encoding (<see cref="RejectionKind.MalformedAppData"/>).</exception>
    public TMachine Decode(ReadOnlySpan<byte> appData)
    {
        if (appData.Length != AppDataLength)
        {
            throw ActionRejectedException.Of(RejectionKind.MalformedAppData);
        }
        var machine = Create();
        var reader = new AbiReader(appData);
        try
        {
            ReadState(machine, ref reader);
            reader.EnsureFullyConsumed();
        }
        catch (AbiDecodingException e)
        {
            throw ActionRejectedException.Of(RejectionKind.MalformedAppData, e);
        }
        return machine;
    }

    /// <summary>The canonical encoding of a machine's state: <c>abi.encode</c> of its fields in declaration order.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="machine"/> is null.</exception>
    /// <exception cref="InvalidOperationException">An array field is null or does not have its fixed length.</exception>
    public byte[] Encode(TMachine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        var writer = t_writer ??= new AbiWriter(AppDataLength);
        writer.Reset();
        writer.BeginTuple(AppDataLength / AbiWriter.WordSize);
        WriteState(machine, writer);
        writer.EndTuple();
        return writer.ToArray();
    }

    /// <inheritdoc />
    public StateTransition Reduce(ReadOnlySpan<byte> appData, Outcome outcome, ReadOnlySpan<byte> action, int moverIndex)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var machine = Decode(appData);
        if (!outcome.HasParticipantCount(ParticipantCount))
        {
            throw ActionRejectedException.Of(RejectionKind.MalformedOutcome);
        }
        if ((uint)moverIndex >= (uint)ParticipantCount)
        {
            throw ActionRejectedException.Of(RejectionKind.InvalidMover);
        }
        var balances = new OutcomeBalances(outcome);
        machine.BeginAction(balances, moverIndex);
        try
        {
            if (HasIsFinal && IsFinalCore(machine))
            {
                throw ActionRejectedException.Of(RejectionKind.StateIsFinal);
            }
            if (action.Length < 4)
            {
                throw ActionRejectedException.Of(RejectionKind.MalformedAction);
            }
            Apply(machine, BinaryPrimitives.ReadUInt32BigEndian(action), action[4..]);
        }
        catch (Exception e) when (Translate(e) is { } rejection)
        {
            throw rejection;
        }
        finally
        {
            machine.EndAction();
        }
        return new StateTransition(Encode(machine), balances.ToOutcome());
    }

    /// <inheritdoc />
    public int NextMover(ReadOnlySpan<byte> appData, ulong turnNum)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(turnNum, (1UL << 48) - 1);
        if (!HasNextMover)
        {
            return (int)(turnNum % (ulong)ParticipantCount);
        }
        var machine = Decode(appData);
        int mover;
        try
        {
            mover = NextMoverCore(machine, turnNum);
        }
        catch (Exception e) when (Translate(e) is { } rejection)
        {
            throw rejection;
        }
        if (mover < 0 || mover >= ParticipantCount)
        {
            throw new ActionRejectedException(RejectionKind.Require, "next mover out of range");
        }
        return mover;
    }

    /// <inheritdoc />
    public bool IsFinal(ReadOnlySpan<byte> appData)
    {
        var machine = Decode(appData);
        try
        {
            return HasIsFinal && IsFinalCore(machine);
        }
        catch (Exception e) when (Translate(e) is { } rejection)
        {
            throw rejection;
        }
    }

    /// <inheritdoc />
    public Bytes32 AppDataHash(ReadOnlySpan<byte> appData) => Crypto.Keccak256.Hash(appData);

    /// <inheritdoc />
    public Bytes32 StateDigest(Crypto.Eip712Domain domain, Bytes32 channelId, ulong turnNum, bool isFinal, ReadOnlySpan<byte> appData, Outcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return Crypto.ParleyState.Digest(domain, channelId, turnNum, isFinal, AppDataHash(appData), outcome.Hash());
    }

    /// <summary>The failures rules can raise, as the rejection the contract's revert corresponds to; null for anything else.</summary>
    private static ActionRejectedException? Translate(Exception e) => e switch
    {
        OverflowException => ActionRejectedException.Of(RejectionKind.ArithmeticOverflow, e),
        DivideByZeroException => ActionRejectedException.Of(RejectionKind.DivisionByZero, e),
        IndexOutOfRangeException => ActionRejectedException.Of(RejectionKind.IndexOutOfRange, e),
        _ => null,
    };

    /// <summary>Creates a machine with <c>new TMachine()</c> (generated).</summary>
    protected abstract TMachine CreateInstance();

    /// <summary>
    /// Reads the state fields in declaration order from a reader positioned at the start of <c>appData</c>, opening
    /// and closing the top-level tuple (generated).
    /// </summary>
    /// <exception cref="AbiDecodingException">The data is not canonical.</exception>
    protected abstract void ReadState(TMachine machine, ref AbiReader reader);

    /// <summary>Writes the state fields in declaration order into the open top-level tuple (generated).</summary>
    /// <exception cref="InvalidOperationException">An array field is null or does not have its fixed length.</exception>
    protected abstract void WriteState(TMachine machine, AbiWriter writer);

    /// <summary>
    /// Decodes the arguments of the action with <paramref name="selector"/> and runs it (generated).
    /// </summary>
    /// <exception cref="ActionRejectedException">Unknown selector or malformed arguments, or the rules reject the action.</exception>
    protected abstract void Apply(TMachine machine, uint selector, ReadOnlySpan<byte> arguments);

    /// <summary>Whether the machine defines <c>IsFinal</c> (generated).</summary>
    protected virtual bool HasIsFinal => false;

    /// <summary>The machine's <c>IsFinal</c> (generated).</summary>
    protected virtual bool IsFinalCore(TMachine machine) => false;

    /// <summary>Whether the machine defines <c>NextMover(ulong turnNum)</c> (generated).</summary>
    protected virtual bool HasNextMover => false;

    /// <summary>The machine's <c>NextMover</c> (generated).</summary>
    protected virtual int NextMoverCore(TMachine machine, ulong turnNum) => 0;

    /// <summary>
    /// Reads the ABI-encoded arguments of an action with <paramref name="words"/> static words and throws a
    /// <see cref="RejectionKind.MalformedAction"/> rejection unless the length matches exactly (generated code calls it).
    /// </summary>
    /// <exception cref="ActionRejectedException">The arguments are not exactly <paramref name="words"/> words long.</exception>
    protected static void RequireArgumentLength(ReadOnlySpan<byte> arguments, int words)
    {
        if (arguments.Length != words * AbiWriter.WordSize)
        {
            throw ActionRejectedException.Of(RejectionKind.MalformedAction);
        }
    }

    /// <summary>The rejection for malformed action arguments (generated code calls it).</summary>
    protected static ActionRejectedException MalformedAction(AbiDecodingException inner) =>
        ActionRejectedException.Of(RejectionKind.MalformedAction, inner);

    /// <summary>The rejection for an unknown selector (generated code calls it).</summary>
    protected static ActionRejectedException UnknownAction() => ActionRejectedException.Of(RejectionKind.UnknownAction);

    /// <summary>Checks that an array field has its fixed length before it is encoded (generated code calls it).</summary>
    /// <exception cref="InvalidOperationException">The array is null or has another length.</exception>
    protected static T[] CheckLength<T>(T[]? array, int length, string field)
    {
        if (array is null || array.Length != length)
        {
            throw new InvalidOperationException(
                $"State field '{field}' must be an array of exactly {length} elements ([FixedLength({length})]) to be encoded; it is {(array is null ? "null" : array.Length + " long")}.");
        }
        return array;
    }
}
