using Microsoft.CodeAnalysis;

namespace Parley.Generators.Diagnostics;

/// <summary>
/// Every diagnostic of the <c>[StateMachine]</c> generator (IDs <c>PARLEY100</c>–<c>PARLEY199</c>: constructs the
/// generator cannot translate to Solidity or to the canonical codec). All are errors; each has a page under
/// <c>docs/diagnostics/</c>. The determinism rules (<c>PARLEY001</c>–<c>PARLEY099</c>) live in Parley.Analyzers.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "Parley.StateMachine";

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: "https://github.com/parley-dev/parley/blob/main/docs/diagnostics/" + id + ".md");

    public static readonly DiagnosticDescriptor NotPartial = Error(
        "PARLEY100", "A state machine must be a partial class",
        "State machine '{0}' must be declared 'partial' so the generator can add its codec and reducer");

    public static readonly DiagnosticDescriptor UnsupportedShape = Error(
        "PARLEY101", "A state machine must be a top-level, non-generic, non-static class",
        "State machine '{0}' {1}: declare it as a top-level, non-generic, non-static 'public partial class' (or internal)");

    public static readonly DiagnosticDescriptor BaseClass = Error(
        "PARLEY102", "A state machine cannot derive from another class",
        "State machine '{0}' derives from '{1}': remove the base class; the generator makes it derive from Parley.StateMachines.StateMachine");

    public static readonly DiagnosticDescriptor UnsupportedFieldType = Error(
        "PARLEY103", "Unsupported state type",
        "'{0}' has type '{1}', which has no canonical encoding: use bool, byte, sbyte, short, ushort, int, uint, long, ulong, UInt256, Address, Bytes32, an enum, a [FixedLength(k)] array or a struct of these");

    public static readonly DiagnosticDescriptor MissingFixedLength = Error(
        "PARLEY104", "Arrays need a fixed length",
        "Array '{0}' needs [FixedLength(k)] (Solidity T[k]); nested (jagged) arrays are not supported: use an array of structs");

    public static readonly DiagnosticDescriptor BadAction = Error(
        "PARLEY105", "Unsupported action signature",
        "Action '{0}' {1}");

    public static readonly DiagnosticDescriptor DuplicateAction = Error(
        "PARLEY106", "Duplicate action",
        "Action '{0}' has the canonical signature '{1}', which another action already uses: give it a different [Action(Name = ...)] or parameters");

    public static readonly DiagnosticDescriptor ReservedMember = Error(
        "PARLEY107", "Member name reserved by the generator",
        "State machine '{0}' declares '{1}', a name the generated code uses: rename it");

    public static readonly DiagnosticDescriptor NoParameterlessConstructor = Error(
        "PARLEY108", "A state machine needs a parameterless constructor",
        "State machine '{0}' has no parameterless constructor: the initial state is what 'new {0}()' builds from field initialisers and that constructor");

    public static readonly DiagnosticDescriptor BadHook = Error(
        "PARLEY109", "Invalid IsFinal or NextMover",
        "'{0}' {1}");

    public static readonly DiagnosticDescriptor UnsupportedStatement = Error(
        "PARLEY110", "Statement cannot be translated to Solidity",
        "A '{0}' statement cannot be translated to Solidity: {1}");

    public static readonly DiagnosticDescriptor UnboundedLoop = Error(
        "PARLEY111", "Loops must be bounded",
        "This loop is not visibly bounded: write 'for (int i = start; i < N; i++)' with a constant N (or an array's Length), do not assign the counter in the body, or use 'foreach' over a fixed-length array");

    public static readonly DiagnosticDescriptor UnsupportedExpression = Error(
        "PARLEY112", "Expression cannot be translated to Solidity",
        "'{0}' cannot be translated to Solidity: {1}");

    public static readonly DiagnosticDescriptor UnsupportedType = Error(
        "PARLEY113", "Type cannot be used in rules",
        "Type '{0}' cannot be used in rules: use bool, a fixed-width integer type, UInt256, Address, Bytes32, an enum or a state struct");

    public static readonly DiagnosticDescriptor ExternalCall = Error(
        "PARLEY114", "Call cannot be translated to Solidity",
        "'{0}' is not part of the state machine and cannot be translated: move the logic into a method of the state machine, or use the rule API (Require, Mover, ParticipantCount, Balance, Transfer, PayAll, Keccak256)");

    public static readonly DiagnosticDescriptor NonConstantReason = Error(
        "PARLEY115", "Require reason must be a constant string",
        "The reason of Require must be a constant string (it becomes the Solidity revert reason): write a string literal or a const");

    public static readonly DiagnosticDescriptor EvaluationOrder = Error(
        "PARLEY116", "Evaluation order differs between C# and Solidity",
        "Both '{0}' and '{1}' can fail in different ways, and Solidity does not evaluate them in C#'s order: assign '{0}' to a local first");

    public static readonly DiagnosticDescriptor ArrayValue = Error(
        "PARLEY117", "Arrays are only used in place",
        "{0}: in rules, arrays are state fields used in place (element access, Length, foreach); they cannot be created, assigned, passed or returned");

    public static readonly DiagnosticDescriptor SideEffectAsValue = Error(
        "PARLEY118", "Assignment used as a value",
        "'{0}' is used as a value: write assignments, increments and decrements as separate statements");

    public static readonly DiagnosticDescriptor ActionContextOutsideAction = Error(
        "PARLEY119", "Action context used outside an action",
        "'{0}' uses '{1}', which only exists while an action is applied: IsFinal and NextMover may only read the state");

    public static readonly DiagnosticDescriptor Recursion = Error(
        "PARLEY120", "Recursion is not allowed",
        "'{0}' calls itself (directly or through other methods): recursion has no bound; write a bounded loop");

    public static readonly DiagnosticDescriptor NegativeShift = Error(
        "PARLEY121", "UInt256 shift count may be negative",
        "The shift count of a UInt256 must be a non-negative constant or come from an unsigned type (byte, ushort, uint): Solidity shift counts are unsigned");

    public static readonly DiagnosticDescriptor ConstantIndexOutOfRange = Error(
        "PARLEY122", "Constant index out of range",
        "Index {0} is outside the array's fixed length {1}");

    public static readonly DiagnosticDescriptor GeneratorFailure = Error(
        "PARLEY199", "The state machine generator failed",
        "The [StateMachine] generator failed on '{0}': {1}. Please report this with the state machine's source.");
}
