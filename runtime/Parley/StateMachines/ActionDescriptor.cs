namespace Parley.StateMachines;

/// <summary>
/// One action of a state machine: the C# method, its canonical Solidity signature and its 4-byte selector (the first
/// 4 bytes of keccak256 of the signature, Solidity ABI specification "Function Selector").
/// </summary>
/// <param name="MethodName">The C# method name, e.g. <c>Play</c>.</param>
/// <param name="Signature">The canonical signature, e.g. <c>play(uint8)</c>.</param>
/// <param name="Selector">The selector as a big-endian 32-bit number, e.g. <c>0x…</c> of <c>play(uint8)</c>.</param>
public sealed record ActionDescriptor(string MethodName, string Signature, uint Selector);
