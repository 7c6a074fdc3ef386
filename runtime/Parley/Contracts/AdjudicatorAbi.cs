using System.Buffers.Binary;
using System.Collections.Immutable;
using Parley.Abi;
using Parley.Channels;
using Parley.Crypto;

namespace Parley.Contracts;

/// <summary>
/// The calldata of every function of Parley's adjudicator (<c>contracts/src/Adjudicator.sol</c>, interface
/// <c>IAdjudicator.sol</c>) and the decoding of its view results, on <see cref="AbiWriter"/>/<see cref="AbiReader"/>
/// (Solidity ABI specification: 4-byte selector = first 4 bytes of keccak256 of the canonical signature, then the
/// arguments as one tuple, head/tail layout).
/// </summary>
/// <remarks>
/// <para>Encoders check only what the encoding needs (for example that every participant signed, when a
/// <see cref="SignedState"/> is given); the rules — turn numbers, finality, signers, funding — are the adjudicator's to
/// enforce, and it reports a broken one with a custom error (<see cref="AdjudicatorErrors"/>). The overloads taking raw
/// signatures exist so that callers (and tests) can submit exactly the bytes they want.</para>
/// <para>Amounts are in wei for ETH (asset <see cref="EthAsset"/>) and in token base units for ERC-20 tokens;
/// times are unix seconds of chain time.</para>
/// </remarks>
public static class AdjudicatorAbi
{
    /// <summary>The asset address meaning ETH in outcomes, holdings and events: the zero address.</summary>
    public static Address EthAsset => Address.Zero;

    /// <summary>The adjudicator contract's name in the build's artifacts (<see cref="ContractArtifact.Load"/>).</summary>
    public const string ContractName = "Adjudicator";

    private const string Fp = FixedPart.AbiTupleType;
    private const string Vp = VariablePart.AbiTupleType;
    private const string MoveType = "(bytes,bytes)";

    /// <summary><c>depositETH(bytes32 channelId, uint256 expectedHeld, uint48 fundingDeadline)</c>, payable.</summary>
    public const string DepositEthSignature = "depositETH(bytes32,uint256,uint48)";

    /// <summary><c>depositERC20(bytes32 channelId, address token, uint256 expectedHeld, uint256 amount, uint48 fundingDeadline)</c>.</summary>
    public const string DepositErc20Signature = "depositERC20(bytes32,address,uint256,uint256,uint48)";

    /// <summary><c>reclaim(FixedPart fixedPart, VariablePart prefundState, bytes signatures)</c>.</summary>
    public const string ReclaimSignature = "reclaim(" + Fp + "," + Vp + ",bytes)";

    /// <summary><c>challenge(FixedPart fixedPart, VariablePart state, bytes signatures, Move[] moves)</c>.</summary>
    public const string ChallengeSignature = "challenge(" + Fp + "," + Vp + ",bytes," + MoveType + "[])";

    /// <summary><c>checkpoint(FixedPart fixedPart, VariablePart state, bytes signatures, Move[] moves)</c>.</summary>
    public const string CheckpointSignature = "checkpoint(" + Fp + "," + Vp + ",bytes," + MoveType + "[])";

    /// <summary><c>progress(FixedPart fixedPart, VariablePart registered, Move move)</c>.</summary>
    public const string ProgressSignature = "progress(" + Fp + "," + Vp + "," + MoveType + ")";

    /// <summary><c>conclude(FixedPart fixedPart, VariablePart state, bytes signatures)</c>.</summary>
    public const string ConcludeSignature = "conclude(" + Fp + "," + Vp + ",bytes)";

    /// <summary><c>concludeAndWithdraw(FixedPart fixedPart, VariablePart state, bytes signatures)</c>.</summary>
    public const string ConcludeAndWithdrawSignature = "concludeAndWithdraw(" + Fp + "," + Vp + ",bytes)";

    /// <summary><c>withdraw(FixedPart fixedPart, bytes32 appDataHash, bool isFinal, AssetOutcome[] outcome, uint256 assetIndex, uint256 participantIndex)</c>.</summary>
    public const string WithdrawSignature = "withdraw(" + Fp + ",bytes32,bool," + Outcome.AbiTypeName + ",uint256,uint256)";

    /// <summary><c>withdrawAll(FixedPart fixedPart, bytes32 appDataHash, bool isFinal, AssetOutcome[] outcome)</c>.</summary>
    public const string WithdrawAllSignature = "withdrawAll(" + Fp + ",bytes32,bool," + Outcome.AbiTypeName + ")";

    /// <summary><c>statusOf(bytes32 channelId) returns (uint256)</c>, view.</summary>
    public const string StatusOfSignature = "statusOf(bytes32)";

    /// <summary><c>holdings(bytes32 channelId, address asset) returns (uint256 amount, uint48 fundingDeadline)</c>, view.</summary>
    public const string HoldingsSignature = "holdings(bytes32,address)";

    /// <summary><c>eip712Domain()</c>, view (EIP-5267, from OpenZeppelin's <c>EIP712</c>).</summary>
    public const string Eip712DomainSignature = "eip712Domain()";

    /// <summary>Every function's canonical signature.</summary>
    public static ImmutableArray<string> FunctionSignatures { get; } =
    [
        DepositEthSignature, DepositErc20Signature, ReclaimSignature, ChallengeSignature, CheckpointSignature, ProgressSignature,
        ConcludeSignature, ConcludeAndWithdrawSignature, WithdrawSignature, WithdrawAllSignature, StatusOfSignature,
        HoldingsSignature, Eip712DomainSignature,
    ];

    private static readonly byte[] DepositEthSelector = AbiFunction.Selector(DepositEthSignature);
    private static readonly byte[] DepositErc20Selector = AbiFunction.Selector(DepositErc20Signature);
    private static readonly byte[] ReclaimSelector = AbiFunction.Selector(ReclaimSignature);
    private static readonly byte[] ChallengeSelector = AbiFunction.Selector(ChallengeSignature);
    private static readonly byte[] CheckpointSelector = AbiFunction.Selector(CheckpointSignature);
    private static readonly byte[] ProgressSelector = AbiFunction.Selector(ProgressSignature);
    private static readonly byte[] ConcludeSelector = AbiFunction.Selector(ConcludeSignature);
    private static readonly byte[] ConcludeAndWithdrawSelector = AbiFunction.Selector(ConcludeAndWithdrawSignature);
    private static readonly byte[] WithdrawSelector = AbiFunction.Selector(WithdrawSignature);
    private static readonly byte[] WithdrawAllSelector = AbiFunction.Selector(WithdrawAllSignature);
    private static readonly byte[] StatusOfSelector = AbiFunction.Selector(StatusOfSignature);
    private static readonly byte[] HoldingsSelector = AbiFunction.Selector(HoldingsSignature);

    // ------------------------------------------------------------------ funding

    /// <summary>Calldata of <c>depositETH</c>; send it with the deposit as the transaction's value (wei).</summary>
    /// <param name="channelId">The channel.</param>
    /// <param name="expectedHeld">The channel's ETH holdings the depositor expects before this deposit.</param>
    /// <param name="fundingDeadline">The agreed funding deadline, unix seconds (at most 2^48 − 1).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fundingDeadline"/> is above 2^48 − 1.</exception>
    public static byte[] EncodeDepositEth(Bytes32 channelId, UInt256 expectedHeld, ulong fundingDeadline)
    {
        RequireUInt48(fundingDeadline, nameof(fundingDeadline));
        var w = Start(DepositEthSelector, 3);
        w.WriteBytes32(channelId);
        w.WriteUInt256(expectedHeld);
        w.WriteUInt(fundingDeadline, 48);
        return Finish(w);
    }

    /// <summary>Calldata of <c>depositERC20</c> (the depositor first approves the adjudicator for <paramref name="amount"/>).</summary>
    /// <param name="channelId">The channel.</param>
    /// <param name="token">The ERC-20 token.</param>
    /// <param name="expectedHeld">The channel's holdings of the token the depositor expects before this deposit.</param>
    /// <param name="amount">The amount to pull with <c>transferFrom</c>, in token base units.</param>
    /// <param name="fundingDeadline">The agreed funding deadline, unix seconds (at most 2^48 − 1).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fundingDeadline"/> is above 2^48 − 1.</exception>
    public static byte[] EncodeDepositErc20(Bytes32 channelId, Address token, UInt256 expectedHeld, UInt256 amount, ulong fundingDeadline)
    {
        RequireUInt48(fundingDeadline, nameof(fundingDeadline));
        var w = Start(DepositErc20Selector, 5);
        w.WriteBytes32(channelId);
        w.WriteAddress(token);
        w.WriteUInt256(expectedHeld);
        w.WriteUInt256(amount);
        w.WriteUInt(fundingDeadline, 48);
        return Finish(w);
    }

    /// <summary>Calldata of <c>reclaim</c> with the pre-fund (turn 0) state signed by every participant.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="prefundState"/> is null.</exception>
    /// <exception cref="InvalidOperationException">A participant has not signed.</exception>
    public static byte[] EncodeReclaim(SignedState prefundState)
    {
        ArgumentNullException.ThrowIfNull(prefundState);
        return EncodeReclaim(prefundState.State.FixedPart, prefundState.State.VariablePart, prefundState.PackedSignatures());
    }

    /// <summary>Calldata of <c>reclaim</c> with raw packed signatures (65 bytes per participant, in order).</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static byte[] EncodeReclaim(FixedPart fixedPart, VariablePart prefundState, ReadOnlySpan<byte> signatures) =>
        EncodeStateCall(ReclaimSelector, fixedPart, prefundState, signatures);

    // ------------------------------------------------------------------ disputes

    /// <summary>Calldata of <c>challenge</c> with a support proof.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="proof"/> is null.</exception>
    public static byte[] EncodeChallenge(SupportProof proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        return EncodeChallenge(proof.Base.State.FixedPart, proof.Base.State.VariablePart, proof.Base.PackedSignatures(), proof.Moves);
    }

    /// <summary>Calldata of <c>challenge</c> from its parts: the base state, its packed signatures, and the moves on top.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static byte[] EncodeChallenge(FixedPart fixedPart, VariablePart state, ReadOnlySpan<byte> signatures, IReadOnlyList<Move> moves) =>
        EncodeProofCall(ChallengeSelector, fixedPart, state, signatures, moves);

    /// <summary>Whether <paramref name="calldata"/> starts with the selector of <c>challenge</c>
    /// (<see cref="ChallengeSignature"/>): a direct call of the adjudicator's <c>challenge</c>, to decode with
    /// <see cref="DecodeChallenge"/>.</summary>
    public static bool IsChallengeCall(ReadOnlySpan<byte> calldata) =>
        calldata.Length >= AbiFunction.SelectorLength && calldata[..AbiFunction.SelectorLength].SequenceEqual(ChallengeSelector);

    /// <summary>
    /// Decodes the calldata of <c>challenge(FixedPart, VariablePart, bytes signatures, Move[] moves)</c> — the inverse of
    /// <see cref="EncodeChallenge(SupportProof)"/> — back into the support proof it carries: the base state (the fixed part
    /// and the variable part) with one signature per participant from the packed <c>signatures</c> (65 bytes r ‖ s ‖ v
    /// each, in participant order), and the moves on top of it. Strict: only the canonical ABI encoding (Solidity ABI
    /// specification, head/tail layout; <see cref="AbiReader"/>) with nothing after it is accepted.
    /// </summary>
    /// <remarks>
    /// Every base signature is checked to be its participant's valid (low s) EIP-712 signature on the base state. The
    /// moves are only parsed (an action and a 65-byte signature each): whether they hold needs the app's reducer
    /// (<see cref="SupportProof.Resolve"/>).
    /// </remarks>
    /// <param name="calldata">The transaction input: the 4-byte selector followed by the ABI-encoded arguments.</param>
    /// <returns>The support proof; its <see cref="SupportProof.TurnNum"/> is the turn the challenge registers.</returns>
    /// <exception cref="AbiDecodingException">The arguments are not a canonical ABI encoding of the four parameters
    /// (truncated, dirty high bits, a non-canonical offset, trailing bytes…).</exception>
    /// <exception cref="FormatException">The selector is not <c>challenge</c>'s; the signatures are not 65 bytes per
    /// participant; a base signature is malformed or not its participant's on the base state; a move's signature is not
    /// 65 bytes; the fixed part is invalid; or the proof is not a support proof (moves after a final base state, a turn
    /// above 2^48 − 1).</exception>
    public static SupportProof DecodeChallenge(ReadOnlySpan<byte> calldata)
    {
        var r = new AbiReader(calldata);
        var selector = r.ReadSelector();
        if (!selector.SequenceEqual(ChallengeSelector))
        {
            throw new FormatException(
                $"The calldata's selector 0x{Convert.ToHexStringLower(selector)} is not challenge's 0x{Convert.ToHexStringLower(ChallengeSelector)}.");
        }
        r.BeginTuple(4);
        FixedPart fixedPart;
        try
        {
            fixedPart = FixedPart.ReadFrom(ref r);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"The challenge's fixed part is invalid: {e.Message}", e);
        }
        var state = VariablePart.ReadFrom(ref r);
        var packed = r.ReadBytes("signatures");
        var count = fixedPart.ParticipantCount;
        if (packed.Length != count * Signature.Length)
        {
            throw new FormatException(
                $"The challenge's signatures are {packed.Length} bytes; {count} participants need {count * Signature.Length} (65 each, r ‖ s ‖ v).");
        }
        var signatures = new Signature?[count];
        for (var i = 0; i < count; i++)
        {
            signatures[i] = ParseSignature(packed.Slice(i * Signature.Length, Signature.Length), $"base signature {i}");
        }
        var moveCount = r.BeginArray(1, "moves");
        var moves = new Move[moveCount];
        for (var i = 0; i < moveCount; i++)
        {
            r.BeginTuple(2, $"moves[{i}]");
            var action = r.ReadBytes("action");
            var signature = ParseSignature(r.ReadBytes("signature"), $"the signature of move {i}");
            r.EndTuple();
            moves[i] = new Move(action, signature);
        }
        r.EndArray();
        r.EndTuple();
        r.EnsureFullyConsumed();
        try
        {
            return new SupportProof(new SignedState(new State(fixedPart, state), signatures), moves);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"The challenge's calldata is not a support proof: {e.Message}", e);
        }
    }

    /// <summary>Calldata of <c>checkpoint</c> with a support proof.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="proof"/> is null.</exception>
    public static byte[] EncodeCheckpoint(SupportProof proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        return EncodeCheckpoint(proof.Base.State.FixedPart, proof.Base.State.VariablePart, proof.Base.PackedSignatures(), proof.Moves);
    }

    /// <summary>Calldata of <c>checkpoint</c> from its parts.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static byte[] EncodeCheckpoint(FixedPart fixedPart, VariablePart state, ReadOnlySpan<byte> signatures, IReadOnlyList<Move> moves) =>
        EncodeProofCall(CheckpointSelector, fixedPart, state, signatures, moves);

    /// <summary>Calldata of <c>progress</c>: the mover's answer <paramref name="move"/> to the challenge on <paramref name="registered"/>.</summary>
    /// <param name="fixedPart">The channel.</param>
    /// <param name="registered">The state registered on chain (from the <c>Challenged</c> or <c>Progressed</c> event).</param>
    /// <param name="move">The action and the mover's signature on the state it produces.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static byte[] EncodeProgress(FixedPart fixedPart, VariablePart registered, Move move)
    {
        ArgumentNullException.ThrowIfNull(fixedPart);
        ArgumentNullException.ThrowIfNull(registered);
        ArgumentNullException.ThrowIfNull(move);
        var w = Start(ProgressSelector, 3);
        fixedPart.WriteTo(w);
        registered.WriteTo(w);
        WriteMove(w, move);
        return Finish(w);
    }

    /// <summary>Calldata of <c>conclude</c> with a final state signed by every participant.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="finalState"/> is null.</exception>
    /// <exception cref="InvalidOperationException">A participant has not signed.</exception>
    public static byte[] EncodeConclude(SignedState finalState)
    {
        ArgumentNullException.ThrowIfNull(finalState);
        return EncodeConclude(finalState.State.FixedPart, finalState.State.VariablePart, finalState.PackedSignatures());
    }

    /// <summary>Calldata of <c>conclude</c> from its parts.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static byte[] EncodeConclude(FixedPart fixedPart, VariablePart state, ReadOnlySpan<byte> signatures) =>
        EncodeStateCall(ConcludeSelector, fixedPart, state, signatures);

    /// <summary>Calldata of <c>concludeAndWithdraw</c> with a final state signed by every participant.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="finalState"/> is null.</exception>
    /// <exception cref="InvalidOperationException">A participant has not signed.</exception>
    public static byte[] EncodeConcludeAndWithdraw(SignedState finalState)
    {
        ArgumentNullException.ThrowIfNull(finalState);
        return EncodeConcludeAndWithdraw(finalState.State.FixedPart, finalState.State.VariablePart, finalState.PackedSignatures());
    }

    /// <summary>Calldata of <c>concludeAndWithdraw</c> from its parts.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static byte[] EncodeConcludeAndWithdraw(FixedPart fixedPart, VariablePart state, ReadOnlySpan<byte> signatures) =>
        EncodeStateCall(ConcludeAndWithdrawSelector, fixedPart, state, signatures);

    // ------------------------------------------------------------------ payout

    /// <summary>
    /// Calldata of <c>withdraw</c>: pays participant <paramref name="participantIndex"/> its share of asset
    /// <paramref name="assetIndex"/> of the finalized channel.
    /// </summary>
    /// <param name="fixedPart">The channel.</param>
    /// <param name="registered">The registered state, with its outcome less what was already paid
    /// (<see cref="PayoutRule.AfterWithdrawals"/>); only its appData hash, final flag and outcome are sent.</param>
    /// <param name="assetIndex">The asset's index in the outcome.</param>
    /// <param name="participantIndex">The participant's index.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is negative.</exception>
    public static byte[] EncodeWithdraw(FixedPart fixedPart, VariablePart registered, int assetIndex, int participantIndex)
    {
        ArgumentNullException.ThrowIfNull(fixedPart);
        ArgumentNullException.ThrowIfNull(registered);
        ArgumentOutOfRangeException.ThrowIfNegative(assetIndex);
        ArgumentOutOfRangeException.ThrowIfNegative(participantIndex);
        var w = Start(WithdrawSelector, 6);
        fixedPart.WriteTo(w);
        w.WriteBytes32(registered.AppDataHash);
        w.WriteBool(registered.IsFinal);
        registered.Outcome.WriteTo(w);
        w.WriteUInt((ulong)assetIndex);
        w.WriteUInt((ulong)participantIndex);
        return Finish(w);
    }

    /// <summary>Calldata of <c>withdrawAll</c>: pays every participant its share of every asset of the finalized channel.</summary>
    /// <param name="fixedPart">The channel.</param>
    /// <param name="registered">The registered state, with its outcome less what was already paid.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static byte[] EncodeWithdrawAll(FixedPart fixedPart, VariablePart registered)
    {
        ArgumentNullException.ThrowIfNull(fixedPart);
        ArgumentNullException.ThrowIfNull(registered);
        var w = Start(WithdrawAllSelector, 4);
        fixedPart.WriteTo(w);
        w.WriteBytes32(registered.AppDataHash);
        w.WriteBool(registered.IsFinal);
        registered.Outcome.WriteTo(w);
        return Finish(w);
    }

    // ------------------------------------------------------------------ views

    /// <summary>Calldata of <c>statusOf(channelId)</c>; decode the result with <see cref="DecodeStatusOf"/>.</summary>
    public static byte[] EncodeStatusOf(Bytes32 channelId)
    {
        var w = Start(StatusOfSelector, 1);
        w.WriteBytes32(channelId);
        return Finish(w);
    }

    /// <summary>Decodes the result of <c>statusOf</c>: one uint256, the status word.</summary>
    /// <exception cref="AbiDecodingException">The data is not one ABI word.</exception>
    public static ChannelStatus DecodeStatusOf(ReadOnlySpan<byte> result)
    {
        var r = new AbiReader(result);
        r.BeginTuple(1);
        var word = r.ReadBytes32("status");
        r.EndTuple();
        r.EnsureFullyConsumed();
        return ChannelStatus.FromWord(word);
    }

    /// <summary>Calldata of <c>holdings(channelId, asset)</c>; decode the result with <see cref="DecodeHoldings"/>.</summary>
    public static byte[] EncodeHoldings(Bytes32 channelId, Address asset)
    {
        var w = Start(HoldingsSelector, 2);
        w.WriteBytes32(channelId);
        w.WriteAddress(asset);
        return Finish(w);
    }

    /// <summary>Decodes the result of <c>holdings</c>: <c>(uint256 amount, uint48 fundingDeadline)</c>.</summary>
    /// <exception cref="AbiDecodingException">The data is not that encoding.</exception>
    public static ChannelHoldings DecodeHoldings(ReadOnlySpan<byte> result)
    {
        var r = new AbiReader(result);
        r.BeginTuple(2);
        var amount = r.ReadUInt256("amount");
        var deadline = r.ReadUInt(48, "fundingDeadline");
        r.EndTuple();
        r.EnsureFullyConsumed();
        return new ChannelHoldings(amount, deadline);
    }

    /// <summary>The 4-byte selector of a canonical function signature, as a big-endian number (as solc's <c>methodIdentifiers</c>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="signature"/> is null.</exception>
    /// <exception cref="FormatException">The signature is malformed.</exception>
    public static uint SelectorOf(string signature) => BinaryPrimitives.ReadUInt32BigEndian(AbiFunction.Selector(signature));

    // ------------------------------------------------------------------ helpers

    private static byte[] EncodeStateCall(byte[] selector, FixedPart fixedPart, VariablePart state, ReadOnlySpan<byte> signatures)
    {
        ArgumentNullException.ThrowIfNull(fixedPart);
        ArgumentNullException.ThrowIfNull(state);
        var w = Start(selector, 3);
        fixedPart.WriteTo(w);
        state.WriteTo(w);
        w.WriteBytes(signatures);
        return Finish(w);
    }

    private static byte[] EncodeProofCall(byte[] selector, FixedPart fixedPart, VariablePart state, ReadOnlySpan<byte> signatures, IReadOnlyList<Move> moves)
    {
        ArgumentNullException.ThrowIfNull(fixedPart);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(moves);
        var w = Start(selector, 4);
        fixedPart.WriteTo(w);
        state.WriteTo(w);
        w.WriteBytes(signatures);
        w.BeginArray(moves.Count, 1);
        foreach (var move in moves)
        {
            ArgumentNullException.ThrowIfNull(move, nameof(moves));
            WriteMove(w, move);
        }
        w.EndArray();
        return Finish(w);
    }

    private static void WriteMove(AbiWriter w, Move move)
    {
        Span<byte> signature = stackalloc byte[Signature.Length];
        move.Signature.CopyTo(signature);
        w.BeginTuple(2);
        w.WriteBytes(move.Action.AsSpan());
        w.WriteBytes(signature);
        w.EndTuple();
    }

    private static Signature ParseSignature(ReadOnlySpan<byte> bytes, string what)
    {
        if (!Signature.TryFromBytes(bytes, out var signature, out var error))
        {
            throw new FormatException($"The challenge's {what} is malformed ({error}): {bytes.Length} bytes, 65 expected (r ‖ s ‖ v).");
        }
        return signature;
    }

    private static AbiWriter Start(byte[] selector, int headWords)
    {
        var w = new AbiWriter();
        w.WriteSelector(selector);
        w.BeginTuple(headWords);
        return w;
    }

    private static byte[] Finish(AbiWriter w)
    {
        w.EndTuple();
        return w.ToArray();
    }

    private static void RequireUInt48(ulong value, string name)
    {
        if (value > ParleyState.MaxTurnNum)
        {
            throw new ArgumentOutOfRangeException(name, value, "A uint48 is at most 2^48 - 1.");
        }
    }
}
