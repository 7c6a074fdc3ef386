using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Parley.StateMachines;

namespace Parley.Generators.Tests.Infrastructure;

/// <summary>
/// Compiles a state machine written inside a test (with the generator), loads the assembly, and returns its generated
/// definition — so the differential test can run machines that are not among the examples.
/// </summary>
internal static class InMemoryMachine
{
    public static IStateMachineDefinition Load(string source, string typeName)
    {
        var assemblyName = "InMemory" + typeName;
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.Compile(source, assemblyName: assemblyName));
        Assert.Empty(result.Diagnostics);
        using var image = new MemoryStream();
        var emit = output.Emit(image);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        image.Position = 0;
        var assembly = new AssemblyLoadContext(assemblyName).LoadFromStream(image);
        var type = assembly.GetType(typeName) ?? throw new InvalidOperationException($"{typeName} is not in the compiled assembly.");
        var property = type.GetProperty("Definition", BindingFlags.Public | BindingFlags.Static)
                       ?? throw new InvalidOperationException($"{typeName} has no generated Definition.");
        return (IStateMachineDefinition)property.GetValue(null)!;
    }
}
