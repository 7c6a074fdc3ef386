using Microsoft.CodeAnalysis;

namespace Parley.Generators.Translation;

/// <summary>The Parley types the generator recognises, resolved once per compilation by metadata name.</summary>
internal sealed class KnownSymbols
{
    public const string StateMachineAttributeName = "Parley.StateMachineAttribute";

    public KnownSymbols(Compilation compilation)
    {
        StateMachineBase = compilation.GetTypeByMetadataName("Parley.StateMachines.StateMachine");
        UInt256 = compilation.GetTypeByMetadataName("Parley.UInt256");
        Address = compilation.GetTypeByMetadataName("Parley.Address");
        Bytes32 = compilation.GetTypeByMetadataName("Parley.Bytes32");
        AbiValue = compilation.GetTypeByMetadataName("Parley.StateMachines.AbiValue");
        ActionAttribute = compilation.GetTypeByMetadataName("Parley.ActionAttribute");
        FixedLengthAttribute = compilation.GetTypeByMetadataName("Parley.FixedLengthAttribute");
    }

    public INamedTypeSymbol? StateMachineBase { get; }

    public INamedTypeSymbol? UInt256 { get; }

    public INamedTypeSymbol? Address { get; }

    public INamedTypeSymbol? Bytes32 { get; }

    public INamedTypeSymbol? AbiValue { get; }

    public INamedTypeSymbol? ActionAttribute { get; }

    public INamedTypeSymbol? FixedLengthAttribute { get; }

    public bool Is(ITypeSymbol? type, INamedTypeSymbol? known) =>
        type is not null && known is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, known);

    /// <summary>Whether <paramref name="symbol"/> is a member declared on Parley's <c>StateMachine</c> base class.</summary>
    public bool IsRuleApi(ISymbol symbol) =>
        StateMachineBase is not null && SymbolEqualityComparer.Default.Equals(symbol.ContainingType?.OriginalDefinition, StateMachineBase);
}
