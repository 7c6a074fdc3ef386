using System.Collections.Concurrent;

namespace Parley.StateMachines;

/// <summary>
/// The state machines of the loaded assemblies, by id. Generated code registers each <c>[StateMachine]</c> from a
/// <c>[ModuleInitializer]</c> when its assembly loads, so the runtime finds a machine by the id carried in a channel
/// without reflection. Thread-safe.
/// </summary>
public static class StateMachineRegistry
{
    private static readonly ConcurrentDictionary<string, IStateMachineDefinition> Definitions = new(StringComparer.Ordinal);

    /// <summary>Registers a definition under its <see cref="IStateMachineDefinition.Id"/>. Registering the same instance twice is a no-op.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="definition"/> is null.</exception>
    /// <exception cref="InvalidOperationException">Another definition already uses the id.</exception>
    public static void Register(IStateMachineDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var existing = Definitions.GetOrAdd(definition.Id, definition);
        if (!ReferenceEquals(existing, definition))
        {
            throw new InvalidOperationException(
                $"Two state machines use the id '{definition.Id}' ({existing.GetType().FullName} and {definition.GetType().FullName}): give one a different [StateMachine(Name = ...)].");
        }
    }

    /// <summary>Finds the definition with <paramref name="id"/>.</summary>
    public static bool TryGet(string id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IStateMachineDefinition? definition)
    {
        ArgumentNullException.ThrowIfNull(id);
        return Definitions.TryGetValue(id, out definition);
    }

    /// <summary>The definition with <paramref name="id"/>.</summary>
    /// <exception cref="KeyNotFoundException">No loaded assembly registered that id; the message lists the registered ids.</exception>
    public static IStateMachineDefinition Get(string id) =>
        TryGet(id, out var definition)
            ? definition
            : throw new KeyNotFoundException(
                $"No state machine with id '{id}' is registered. Registered: {(Definitions.IsEmpty ? "none" : string.Join(", ", Definitions.Keys.Order(StringComparer.Ordinal)))}. " +
                "Make sure the assembly defining it is loaded (reference a type from it).");

    /// <summary>All registered definitions, ordered by id.</summary>
    public static IReadOnlyList<IStateMachineDefinition> All =>
        Definitions.Values.OrderBy(d => d.Id, StringComparer.Ordinal).ToArray();
}
