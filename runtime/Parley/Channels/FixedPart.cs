using System.Collections.Immutable;
using Parley.Abi;
using Parley.Crypto;

namespace Parley.Channels;

/// <summary>
/// The part of a channel's state that never changes, and that names the channel (DESIGN.md, "Channel"; Solidity
/// <c>FixedPart</c> of <c>contracts/src/ChannelTypes.sol</c>): <c>(uint256 chainId, address adjudicator, address[]
/// participants, uint64 channelNonce, address appDefinition, uint48 challengeDuration)</c>. Immutable, with value
/// equality.
/// </summary>
/// <remarks>
/// <para><b>Channel id.</b> <see cref="ChannelId"/> = <c>keccak256(abi.encode(chainId, adjudicator, participants,
/// channelNonce, appDefinition, challengeDuration))</c> — the six fields encoded one after another as the top-level
/// tuple (Solidity ABI specification, head/tail layout), not as one nested tuple; <see cref="Encode"/> gives those
/// bytes. Binding the chain id and the adjudicator's address makes a channel, and every signature on its states, valid
/// on one chain and one adjudicator only; the adjudicator refuses a fixed part naming another chain or contract.</para>
/// <para><b>Checks.</b> Construction enforces what the adjudicator enforces (at least one participant, a challenge
/// duration of 1 to 2^48 − 1 seconds) and what Parley's runtime relies on (no zero-address and no repeated
/// participant), so every <see cref="FixedPart"/> names a channel the runtime can use.</para>
/// </remarks>
public sealed class FixedPart : IEquatable<FixedPart>
{
    /// <summary>The ABI type of the fixed part as one tuple (a function parameter of the adjudicator).</summary>
    public const string AbiTupleType = "(uint256,address,address[],uint64,address,uint48)";

    /// <summary>The largest challenge duration, in seconds: 2^48 − 1 (a <c>uint48</c>).</summary>
    public const ulong MaxChallengeDuration = (1UL << 48) - 1;

    /// <summary>Creates a fixed part, validating it.</summary>
    /// <param name="chainId">The EIP-155 chain id of the chain the channel lives on (ABI <c>uint256</c>; chain ids in use fit 64 bits).</param>
    /// <param name="adjudicator">The adjudicator contract holding the channel's funds.</param>
    /// <param name="participants">The participants' addresses, in order (participant <c>i</c> signs with the key of
    /// <c>participants[i]</c> and is paid <c>balances[i]</c> of each asset).</param>
    /// <param name="channelNonce">Distinguishes channels with otherwise equal fixed parts (ABI <c>uint64</c>).</param>
    /// <param name="appDefinition">The <c>IParleyApp</c> contract enforcing the channel's rules on chain.</param>
    /// <param name="challengeDuration">The challenge window in seconds of chain time, 1 to 2^48 − 1.</param>
    /// <exception cref="ArgumentNullException"><paramref name="participants"/> is null.</exception>
    /// <exception cref="ArgumentException">No participants, a zero-address participant, or a participant listed twice.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="challengeDuration"/> is 0 or above 2^48 − 1.</exception>
    public FixedPart(ulong chainId, Address adjudicator, IEnumerable<Address> participants, ulong channelNonce, Address appDefinition,
        ulong challengeDuration)
    {
        ArgumentNullException.ThrowIfNull(participants);
        var list = participants.ToImmutableArray();
        if (list.IsEmpty)
        {
            throw new ArgumentException("A channel needs at least one participant.", nameof(participants));
        }
        for (var i = 0; i < list.Length; i++)
        {
            if (list[i].IsZero)
            {
                throw new ArgumentException($"Participant {i} is the zero address, which can sign nothing.", nameof(participants));
            }
            for (var j = 0; j < i; j++)
            {
                if (list[j] == list[i])
                {
                    throw new ArgumentException($"Participants {j} and {i} are both {list[i]}; each participant must be listed once.", nameof(participants));
                }
            }
        }
        if (challengeDuration is 0 or > MaxChallengeDuration)
        {
            throw new ArgumentOutOfRangeException(nameof(challengeDuration), challengeDuration,
                $"The challenge duration is a uint48 number of seconds, at least 1: 1 to {MaxChallengeDuration}.");
        }
        ChainId = chainId;
        Adjudicator = adjudicator;
        Participants = list;
        ChannelNonce = channelNonce;
        AppDefinition = appDefinition;
        ChallengeDuration = challengeDuration;
        ChannelId = Keccak256.Hash(Encode());
        Domain = ParleyState.Domain(chainId, adjudicator);
    }

    /// <summary>The EIP-155 chain id.</summary>
    public ulong ChainId { get; }

    /// <summary>The adjudicator's address (also the EIP-712 <c>verifyingContract</c>).</summary>
    public Address Adjudicator { get; }

    /// <summary>The participants, in order.</summary>
    public ImmutableArray<Address> Participants { get; }

    /// <summary>The number of participants.</summary>
    public int ParticipantCount => Participants.Length;

    /// <summary>The channel nonce.</summary>
    public ulong ChannelNonce { get; }

    /// <summary>The app contract's address.</summary>
    public Address AppDefinition { get; }

    /// <summary>The challenge window, in seconds.</summary>
    public ulong ChallengeDuration { get; }

    /// <summary>The channel id: keccak256 of <see cref="Encode"/>.</summary>
    public Bytes32 ChannelId { get; }

    /// <summary>The EIP-712 domain states of this channel are signed in: {name "Parley", version "1", chainId, verifyingContract = adjudicator}.</summary>
    public Eip712Domain Domain { get; }

    /// <summary>The index of <paramref name="participant"/> in <see cref="Participants"/>, or −1 when it is not one.</summary>
    public int IndexOf(Address participant) => Participants.IndexOf(participant);

    /// <summary>
    /// <c>abi.encode(chainId, adjudicator, participants, channelNonce, appDefinition, challengeDuration)</c>: the bytes
    /// hashed into <see cref="ChannelId"/>, and the form Parley stores a fixed part in.
    /// </summary>
    public byte[] Encode()
    {
        var writer = new AbiWriter(32 * (9 + Participants.Length));
        WriteTo(writer);
        return writer.ToArray();
    }

    /// <summary>
    /// Writes the fixed part as a tuple: at the top level (nothing open yet) that is <see cref="Encode"/>; inside an
    /// open tuple it is one dynamic tuple member (its offset in the head, its encoding in the tail), as in the calldata
    /// of the adjudicator's functions.
    /// </summary>
    /// <param name="writer">The writer.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The enclosing head is full, or a top-level tuple was already written.</exception>
    public void WriteTo(AbiWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.BeginTuple(6);
        writer.WriteUInt256(ChainId);
        writer.WriteAddress(Adjudicator);
        writer.BeginArray(Participants.Length, 1);
        foreach (var participant in Participants)
        {
            writer.WriteAddress(participant);
        }
        writer.EndArray();
        writer.WriteUInt(ChannelNonce, 64);
        writer.WriteAddress(AppDefinition);
        writer.WriteUInt(ChallengeDuration, 48);
        writer.EndTuple();
    }

    /// <summary>Reads a fixed part written by <see cref="WriteTo"/> (top level, or as a tuple member).</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="field">The member's name in error paths.</param>
    /// <exception cref="AbiDecodingException">The data is not a canonical encoding of a fixed part (a chain id above 2^64 − 1 counts as malformed).</exception>
    /// <exception cref="ArgumentException">The encoding is well formed but the fixed part is invalid (see the constructor).</exception>
    /// <exception cref="ArgumentOutOfRangeException">As the constructor.</exception>
    public static FixedPart ReadFrom(ref AbiReader reader, string? field = "fixedPart")
    {
        reader.BeginTuple(6, field);
        var chainId = reader.ReadUInt(64, "chainId");
        var adjudicator = reader.ReadAddress("adjudicator");
        var count = reader.BeginArray(1, "participants");
        var participants = ImmutableArray.CreateBuilder<Address>(count);
        for (var i = 0; i < count; i++)
        {
            participants.Add(reader.ReadAddress());
        }
        reader.EndArray();
        var nonce = reader.ReadUInt(64, "channelNonce");
        var app = reader.ReadAddress("appDefinition");
        var duration = reader.ReadUInt(48, "challengeDuration");
        reader.EndTuple();
        return new FixedPart(chainId, adjudicator, participants.MoveToImmutable(), nonce, app, duration);
    }

    /// <summary>Decodes <see cref="Encode"/>'s output strictly (nothing before or after it).</summary>
    /// <exception cref="AbiDecodingException">The data is not exactly the canonical encoding of a fixed part.</exception>
    /// <exception cref="ArgumentException">As <see cref="ReadFrom"/>.</exception>
    public static FixedPart Decode(ReadOnlySpan<byte> data)
    {
        var reader = new AbiReader(data);
        var fixedPart = ReadFrom(ref reader, null);
        reader.EnsureFullyConsumed();
        return fixedPart;
    }

    /// <summary>Value equality: the same six fields (equivalently, the same <see cref="ChannelId"/>).</summary>
    public bool Equals(FixedPart? other) => other is not null && ChannelId == other.ChannelId;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as FixedPart);

    /// <inheritdoc/>
    public override int GetHashCode() => ChannelId.GetHashCode();

    /// <inheritdoc/>
    public override string ToString() =>
        $"channel {ChannelId} (chain {ChainId}, adjudicator {Adjudicator}, {Participants.Length} participants, nonce {ChannelNonce}, app {AppDefinition}, challenge {ChallengeDuration} s)";
}
