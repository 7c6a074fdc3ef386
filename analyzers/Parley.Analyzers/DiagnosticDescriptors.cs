using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Parley.Analyzers;

/// <summary>
/// Every determinism diagnostic Parley reports (<c>PARLEY001</c>–<c>PARLEY099</c>), in one place, with stable IDs.
/// </summary>
/// <remarks>
/// All are errors: a participant whose rules compute a different next state forks the channel and loses the dispute,
/// so non-determinism must fail the build. Each descriptor's help link points at
/// <c>docs/diagnostics/PARLEYnnn.md</c>, which shows a bad and a good example. The last message argument of every
/// descriptor says which state machine reaches the code and through which call chain (see
/// <see cref="Scope.Reach.Describe"/>). IDs <c>PARLEY100</c>–<c>PARLEY199</c> belong to the generator
/// (translatability to Solidity).
/// </remarks>
public static class DiagnosticDescriptors
{
    /// <summary>The category of every determinism diagnostic.</summary>
    public const string Category = "Parley.Determinism";

    private const string HelpRoot = "https://github.com/parley-dev/parley/blob/main/docs/diagnostics/";

    /// <summary>PARLEY001: a clock is read or a timer is waited on.</summary>
    public static readonly DiagnosticDescriptor Clock = Create(
        "PARLEY001",
        "State machines must not read clocks or wait on timers",
        "'{0}' reads a clock or waits on a timer, which differs between participants: take time from an action argument or use the turn number instead ({1})",
        "DateTime.Now/UtcNow/Today, DateTimeOffset.Now/UtcNow, Stopwatch, Environment.TickCount, TimeProvider, timers, Task.Delay and Thread.Sleep return different values on each participant's machine.");

    /// <summary>PARLEY002: randomness is drawn.</summary>
    public static readonly DiagnosticDescriptor Randomness = Create(
        "PARLEY002",
        "State machines must not draw randomness",
        "'{0}' draws randomness, which differs between participants: use commit–reveal instead — each party first commits Keccak256(value, salt) with a secret salt in one action, reveals value and salt in a later one, and the rules check the hash and combine the revealed values ({1})",
        "System.Random (seeded or not, and Random.Shared), RandomNumberGenerator and Guid.NewGuid give every participant a different value. Fair randomness in a channel comes from commit–reveal: each party commits the Keccak-256 hash of a secret salt and value, and reveals them only after every commitment is in.");

    /// <summary>PARLEY003: floating point is used.</summary>
    public static readonly DiagnosticDescriptor FloatingPoint = Create(
        "PARLEY003",
        "State machines must not use floating point",
        "{0} uses floating point, which the EVM does not have and whose rounding differs across platforms and runtimes: use integers, scaled if needed (basis points, wei) ({1})",
        "float, double, decimal and Half values, literals, conversions and Math/MathF calls on them are rejected anywhere in state machine code: the rules must compute the same integers in C# and in Solidity.");

    /// <summary>PARLEY004: a hash code is computed.</summary>
    public static readonly DiagnosticDescriptor HashCode = Create(
        "PARLEY004",
        "State machines must not use hash codes",
        "'{0}' computes a hash code, which .NET randomizes per process: compare values directly, or hash their canonical encoding with Keccak256 ({1})",
        "GetHashCode, System.HashCode and RuntimeHelpers.GetHashCode differ between processes (string hashing is randomized) and between runtime versions.");

    /// <summary>PARLEY005: an unordered collection is iterated.</summary>
    public static readonly DiagnosticDescriptor UnorderedIteration = Create(
        "PARLEY005",
        "State machines must not iterate unordered collections",
        "{0} iterates '{1}', whose order depends on hashing and insertion history: iterate in sorted key order, with an ordinal comparer for strings ({2})",
        "Dictionary, HashSet, ConcurrentDictionary and the other hash-based collections enumerate in an unspecified order. Looking values up by key is fine; enumerating them (foreach, LINQ, copying into an ordered collection, joining into a string) is not.");

    /// <summary>PARLEY006: I/O or the environment is used.</summary>
    public static readonly DiagnosticDescriptor InputOutput = Create(
        "PARLEY006",
        "State machines must not perform I/O or read the environment",
        "'{0}' performs I/O or reads the environment, which differs between participants: the rules may read only the state and the action ({1})",
        "Files, the console, the network, processes, Environment, AppContext, GC and debug output are outside the channel's state; the chain cannot see them either.");

    /// <summary>PARLEY007: concurrency is used.</summary>
    public static readonly DiagnosticDescriptor Concurrency = Create(
        "PARLEY007",
        "State machines must not use concurrency",
        "{0} makes the result depend on thread scheduling: rules run synchronously on one thread ({1})",
        "Task.Run, threads, the thread pool, Parallel, PLINQ, async/await, lock, volatile fields, Interlocked and the other System.Threading primitives make the outcome depend on timing.");

    /// <summary>PARLEY008: static mutable state is declared, read or written.</summary>
    public static readonly DiagnosticDescriptor StaticState = Create(
        "PARLEY008",
        "State machines must not use static mutable state",
        "{0} static mutable state, which outlives a transition and differs between participants: keep state in the state machine's fields ({1})",
        "Static fields that are not readonly, static readonly fields of mutable types, settable static properties and any write to a static field carry values from one transition (or one channel) into another. Constants and static readonly fields of immutable types are fine.");

    /// <summary>PARLEY009: reflection or <c>dynamic</c> is used.</summary>
    public static readonly DiagnosticDescriptor Reflection = Create(
        "PARLEY009",
        "State machines must not use reflection or dynamic",
        "{0} uses reflection or 'dynamic', whose results depend on the runtime and which Solidity cannot express ({1})",
        "System.Reflection, System.Type members, GetType(), Activator and 'dynamic' bind at run time against whatever the process has loaded.");

    /// <summary>PARLEY010: unsafe code, pointers or native-sized integers are used.</summary>
    public static readonly DiagnosticDescriptor Unsafe = Create(
        "PARLEY010",
        "State machines must not use unsafe code, pointers or nint/nuint",
        "{0} depends on the platform (unsafe code, pointers or native-sized integers): use fixed-width integers and safe code ({1})",
        "Pointers, 'unsafe', 'fixed', nint/nuint (IntPtr/UIntPtr), Unsafe, Marshal, MemoryMarshal and extern methods behave differently on 32- and 64-bit, big- and little-endian platforms.");

    /// <summary>PARLEY011: culture-sensitive text handling.</summary>
    public static readonly DiagnosticDescriptor CultureSensitiveText = Create(
        "PARLEY011",
        "State machines must not depend on the current culture",
        "{0} depends on the current culture: {1} ({2})",
        "Formatting numbers without an IFormatProvider, culture-aware string comparison and casing, and string ordering with the default comparer give different results on machines with different culture settings or ICU versions.");

    /// <summary>PARLEY012: arithmetic that can overflow silently.</summary>
    public static readonly DiagnosticDescriptor UncheckedArithmetic = Create(
        "PARLEY012",
        "State machine arithmetic must be checked",
        "'{0}' can overflow silently: Solidity 0.8 reverts on overflow, so rules must throw at the same points — wrap it in 'checked(...)' or set <CheckForOverflowUnderflow>true</CheckForOverflowUnderflow> in the project ({1})",
        "Integer arithmetic and narrowing conversions wrap around in an unchecked context. The project option CheckForOverflowUnderflow or a 'checked' context makes them throw, as Solidity reverts. An explicit 'unchecked' block or expression states that wrapping is intended and is accepted.");

    /// <summary>PARLEY013: a catch clause that could swallow a failed <c>Require</c>.</summary>
    public static readonly DiagnosticDescriptor CatchSwallowsRequire = Create(
        "PARLEY013",
        "State machines must not catch the exception of a failed Require",
        "'{0}' can catch the ActionRejectedException thrown by a failed Require, so a rejected move could be accepted: catch only exceptions Require never throws, or remove the try/catch ({1})",
        "Require(condition, reason) rejects a move by throwing Parley.ActionRejectedException; on chain the same failure reverts the transaction. A catch-all, catch (Exception) or a catch of ActionRejectedException or any of its base types (with or without a filter) could turn a rejected move into an accepted one.");

    /// <summary>Every descriptor, in ID order.</summary>
    public static ImmutableArray<DiagnosticDescriptor> All { get; } = ImmutableArray.Create(
        Clock, Randomness, FloatingPoint, HashCode, UnorderedIteration, InputOutput, Concurrency,
        StaticState, Reflection, Unsafe, CultureSensitiveText, UncheckedArithmetic, CatchSwallowsRequire);

    /// <summary>The help link of a diagnostic ID: its page under <c>docs/diagnostics/</c> on GitHub.</summary>
    /// <param name="id">A diagnostic ID such as <c>PARLEY001</c>.</param>
    /// <returns>The absolute URL of <c>docs/diagnostics/&lt;id&gt;.md</c>.</returns>
    public static string HelpLink(string id) => HelpRoot + id + ".md";

    private static DiagnosticDescriptor Create(string id, string title, string messageFormat, string description) =>
        new(id, title, messageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, description, HelpLink(id));
}
