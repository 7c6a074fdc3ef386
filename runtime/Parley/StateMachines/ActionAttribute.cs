namespace Parley;

/// <summary>
/// Marks a method of a <see cref="StateMachineAttribute"/> class as an action: a move a participant can make.
/// </summary>
/// <remarks>
/// An action is encoded exactly as Solidity calldata (Solidity ABI specification, "Function Selector and Argument
/// Encoding"): the first 4 bytes of keccak256 of the canonical signature (for example <c>play(uint8)</c>), followed by
/// the ABI encoding of the arguments. The method body is the rule: it may read and write the state fields, call
/// <c>Require(condition, reason)</c> to reject the move, and change the outcome; the generator translates it to
/// Solidity.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ActionAttribute : Attribute
{
    /// <summary>
    /// The action's name in its canonical signature and in Solidity. Defaults to the method name with its first letter
    /// in lower case (<c>Play</c> → <c>play</c>) when null.
    /// </summary>
    public string? Name { get; set; }
}
