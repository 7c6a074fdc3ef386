namespace Parley.Protocol;

/// <summary>Why a message or request was refused: a specific reason and a human-readable detail.</summary>
/// <param name="Reason">The reason code.</param>
/// <param name="Detail">What exactly failed (field, expected and actual values).</param>
public sealed record Rejection(RejectionReason Reason, string Detail)
{
    /// <inheritdoc />
    public override string ToString() => $"{Reason}: {Detail}";
}
