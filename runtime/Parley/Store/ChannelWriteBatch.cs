namespace Parley.Store;

/// <summary>
/// Everything one protocol step of one channel asks the store to persist, committed atomically (all or nothing) by
/// <see cref="IChannelStore.CommitAsync"/>. The protocol core builds it; the engine commits it before it sends any
/// message or acknowledgement the step produced.
/// </summary>
/// <remarks>
/// <para>Own signatures (<see cref="AddOwnSignature"/>) are guarded: the store checks, in the same transaction that
/// persists the signature, that its turnNum is strictly greater than the highest turnNum this node has ever signed
/// in the channel, and advances that mark. If the check fails the whole batch is rolled back and the commit throws
/// <see cref="SigningGuardException"/>, so the signature never leaves the process (DESIGN.md: never sign two
/// different states with the same turnNum).</para>
/// <para>Log entries are append-only: committing an entry whose turnNum is already logged fails the batch.</para>
/// <para>Not thread-safe; a batch is built by one step and then handed over. The lists are applied in this order:
/// registration, log entries, signatures, own signatures, snapshots, latest state.</para>
/// </remarks>
public sealed class ChannelWriteBatch
{
    private List<LogEntry>? _entries;
    private List<StoredSignature>? _signatures;
    private List<StoredSignature>? _ownSignatures;
    private List<ChannelSnapshot>? _snapshots;

    /// <summary>Creates an empty batch for one channel.</summary>
    /// <param name="channelId">The channel every record of the batch belongs to.</param>
    public ChannelWriteBatch(Bytes32 channelId) => ChannelId = channelId;

    /// <summary>The channel every record of the batch belongs to.</summary>
    public Bytes32 ChannelId { get; }

    /// <summary>The channel's registration, when this batch creates the channel; null otherwise.</summary>
    public ChannelRegistration? Registration { get; private set; }

    /// <summary>Log entries to append, in increasing turnNum order.</summary>
    public IReadOnlyList<LogEntry> Entries => _entries ?? (IReadOnlyList<LogEntry>)[];

    /// <summary>Other participants' signatures to store (unguarded; storing one twice is a no-op).</summary>
    public IReadOnlyList<StoredSignature> Signatures => _signatures ?? (IReadOnlyList<StoredSignature>)[];

    /// <summary>This node's own signatures, each guarded by the highest-signed-turnNum mark.</summary>
    public IReadOnlyList<StoredSignature> OwnSignatures => _ownSignatures ?? (IReadOnlyList<StoredSignature>)[];

    /// <summary>Snapshots to store.</summary>
    public IReadOnlyList<ChannelSnapshot> Snapshots => _snapshots ?? (IReadOnlyList<ChannelSnapshot>)[];

    /// <summary>The channel's new head, or null when it does not change.</summary>
    public LatestState? Latest { get; private set; }

    /// <summary>Whether the batch holds nothing to persist.</summary>
    public bool IsEmpty => Registration is null && Latest is null && _entries is null && _signatures is null
        && _ownSignatures is null && _snapshots is null;

    /// <summary>Registers a new channel (the first batch of every channel).</summary>
    /// <exception cref="ArgumentException">The registration is for another channel.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The registration's funding deadline is above 2^48 − 1 (not a <c>uint48</c>).</exception>
    /// <exception cref="InvalidOperationException">The batch already registers the channel.</exception>
    public ChannelWriteBatch Register(ChannelRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        RequireSameChannel(registration.ChannelId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(registration.FundingDeadline, (1UL << 48) - 1, nameof(registration));
        if (Registration is not null)
        {
            throw new InvalidOperationException($"The batch already registers channel {ChannelId}.");
        }
        Registration = registration;
        return this;
    }

    /// <summary>Appends a log entry.</summary>
    /// <exception cref="ArgumentException">The entry's turnNum does not increase over the batch's previous entry.</exception>
    public ChannelWriteBatch Append(LogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (_entries is { Count: > 0 } && _entries[^1].TurnNum >= entry.TurnNum)
        {
            throw new ArgumentException(
                $"Log entries must be appended in increasing turnNum order: {entry.TurnNum} after {_entries[^1].TurnNum}.", nameof(entry));
        }
        (_entries ??= []).Add(entry);
        return this;
    }

    /// <summary>Stores another participant's signature.</summary>
    public ChannelWriteBatch AddSignature(StoredSignature signature)
    {
        (_signatures ??= []).Add(signature);
        return this;
    }

    /// <summary>Stores this node's own signature, guarded by the never-sign-twice mark (see the remarks).</summary>
    /// <exception cref="ArgumentException">The turnNum does not increase over the batch's previous own signature.</exception>
    public ChannelWriteBatch AddOwnSignature(StoredSignature signature)
    {
        if (_ownSignatures is { Count: > 0 } && _ownSignatures[^1].TurnNum >= signature.TurnNum)
        {
            throw new ArgumentException(
                $"Own signatures must have increasing turnNums within a batch: {signature.TurnNum} after {_ownSignatures[^1].TurnNum}.",
                nameof(signature));
        }
        (_ownSignatures ??= []).Add(signature);
        return this;
    }

    /// <summary>Stores a snapshot.</summary>
    public ChannelWriteBatch AddSnapshot(ChannelSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        (_snapshots ??= []).Add(snapshot);
        return this;
    }

    /// <summary>Sets the channel's new head (the last call wins).</summary>
    public ChannelWriteBatch SetLatest(LatestState latest)
    {
        ArgumentNullException.ThrowIfNull(latest);
        Latest = latest;
        return this;
    }

    /// <summary>
    /// Appends every record of <paramref name="later"/>, a batch of the same channel produced by a later step, so
    /// that consecutive steps of one channel commit in one transaction.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="later"/> is for another channel, or breaks the ordering rules.</exception>
    /// <exception cref="InvalidOperationException">Both batches register the channel.</exception>
    public void Merge(ChannelWriteBatch later)
    {
        ArgumentNullException.ThrowIfNull(later);
        RequireSameChannel(later.ChannelId);
        if (later.Registration is not null)
        {
            Register(later.Registration);
        }
        foreach (var entry in later.Entries)
        {
            Append(entry);
        }
        foreach (var signature in later.Signatures)
        {
            AddSignature(signature);
        }
        foreach (var signature in later.OwnSignatures)
        {
            AddOwnSignature(signature);
        }
        foreach (var snapshot in later.Snapshots)
        {
            AddSnapshot(snapshot);
        }
        if (later.Latest is not null)
        {
            Latest = later.Latest;
        }
    }

    private void RequireSameChannel(Bytes32 channelId)
    {
        if (channelId != ChannelId)
        {
            throw new ArgumentException($"Record for channel {channelId} in a batch for channel {ChannelId}.");
        }
    }
}
