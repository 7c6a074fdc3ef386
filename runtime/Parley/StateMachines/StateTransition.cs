using Parley.Channels;

namespace Parley.StateMachines;

/// <summary>
/// The result of applying one action: the next state's canonical <c>appData</c> (the ABI encoding of the state
/// machine's fields) and the next outcome. The generated Solidity <c>reduce</c> returns the same pair, byte for byte.
/// </summary>
/// <param name="AppData">The canonical ABI encoding of the next state.</param>
/// <param name="Outcome">The next outcome; it conserves every asset's total.</param>
public readonly record struct StateTransition(byte[] AppData, Outcome Outcome);
