namespace Parley;

/// <summary>
/// Marks a <c>partial class</c> as a Parley state machine: the rules of one channel application.
/// </summary>
/// <remarks>
/// At build time Parley's generator emits, for the class, the canonical ABI codec of its fields (the channel's
/// <c>appData</c>), the codec of each <see cref="ActionAttribute"/> method (4-byte selector followed by ABI-encoded
/// arguments, as Solidity calldata), the EIP-712 state hashing helpers, the reducer glue
/// (<c>reduce(appData, outcome, action, moverIndex) → (appData', outcome')</c>) and a Solidity contract that enforces
/// the same rules on chain. Parley's analyzers report any non-deterministic construct inside the class, and inside
/// everything it calls, as a compile error (diagnostics <c>PARLEY0xx</c>); constructs the generator cannot translate to
/// Solidity are reported as <c>PARLEY1xx</c>.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class StateMachineAttribute : Attribute
{
    /// <summary>
    /// The state machine's stable name, used for its registration id and for the generated Solidity contract's name.
    /// Defaults to the class name when null.
    /// </summary>
    public string? Name { get; set; }

    /// <summary>
    /// The number of participants of a channel running this state machine: 1 to 255, default 2. The reducer rejects an
    /// outcome whose assets do not have exactly this many balances (<c>"malformed outcome"</c>), and the rules see it as
    /// <c>ParticipantCount</c>.
    /// </summary>
    public int Participants { get; set; } = 2;
}
