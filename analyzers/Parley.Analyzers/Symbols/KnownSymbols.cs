using Microsoft.CodeAnalysis;

namespace Parley.Analyzers.Symbols;

/// <summary>
/// Types the analyzers look for, resolved by metadata name once per compilation (the analyzers never reference the
/// Parley runtime assembly: they are netstandard2.0 Roslyn components loaded into the compiler).
/// </summary>
internal sealed class KnownSymbols
{
    public KnownSymbols(Compilation compilation)
    {
        StateMachineAttribute = compilation.GetTypeByMetadataName("Parley.StateMachineAttribute");
        ActionRejectedException = compilation.GetTypeByMetadataName("Parley.ActionRejectedException");
        Exception = compilation.GetTypeByMetadataName("System.Exception");
        FormatProvider = compilation.GetTypeByMetadataName("System.IFormatProvider");
        Formattable = compilation.GetTypeByMetadataName("System.IFormattable");
        StringComparison = compilation.GetTypeByMetadataName("System.StringComparison");
        CultureInfo = compilation.GetTypeByMetadataName("System.Globalization.CultureInfo");
        GenericComparer = compilation.GetTypeByMetadataName("System.Collections.Generic.IComparer`1");
        GenericEnumerable = compilation.GetTypeByMetadataName("System.Collections.Generic.IEnumerable`1");
        KeyValuePair = compilation.GetTypeByMetadataName("System.Collections.Generic.KeyValuePair`2");
        GenericComparable = compilation.GetTypeByMetadataName("System.IComparable`1");
    }

    /// <summary><c>Parley.StateMachineAttribute</c>; null when the compilation cannot see it (then nothing is analyzed).</summary>
    public INamedTypeSymbol? StateMachineAttribute { get; }

    /// <summary><c>Parley.ActionRejectedException</c>, thrown by a failed <c>Require</c>; null when not visible.</summary>
    public INamedTypeSymbol? ActionRejectedException { get; }

    public INamedTypeSymbol? Exception { get; }

    public INamedTypeSymbol? FormatProvider { get; }

    public INamedTypeSymbol? Formattable { get; }

    public INamedTypeSymbol? StringComparison { get; }

    public INamedTypeSymbol? CultureInfo { get; }

    public INamedTypeSymbol? GenericComparer { get; }

    public INamedTypeSymbol? GenericEnumerable { get; }

    public INamedTypeSymbol? KeyValuePair { get; }

    public INamedTypeSymbol? GenericComparable { get; }
}
