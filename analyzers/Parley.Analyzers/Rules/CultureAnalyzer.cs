using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Parley.Analyzers.Scope;

namespace Parley.Analyzers.Rules;

/// <summary>
/// PARLEY011: culture-sensitive text — formatting or parsing numbers without an <c>IFormatProvider</c>
/// (<c>ToString()</c>, <c>Parse</c>, <c>string.Format</c>, <c>Convert</c>…, found like CA1305 by the existence of an
/// overload taking one), string interpolation and concatenation of numbers, culture-aware comparison and casing
/// (<c>string.Compare</c>, <c>CompareTo</c>, <c>StartsWith</c>/<c>EndsWith</c>/<c>IndexOf</c> of a string,
/// <c>ToUpper</c>/<c>ToLower</c>), string ordering with the default comparer (<c>OrderBy</c> of a string key,
/// <c>List&lt;string&gt;.Sort()</c>, <c>new SortedSet&lt;string&gt;()</c>, <c>Comparer&lt;string&gt;.Default</c>), the
/// current culture itself and the culture-aware <c>StringComparer</c>/<c>StringComparison</c> values (invariant-culture
/// comparison too: its collation comes from the ICU version installed). Ordinal comparison and invariant formatting
/// are fine.
/// </summary>
/// <remarks>
/// Each diagnostic carries the fix in its properties (<see cref="FixProperty"/>): <c>InsertArgument</c> at
/// <see cref="IndexProperty"/> (an index into the written argument list) of <see cref="ArgumentProperty"/>
/// (<c>InvariantCulture</c>, <c>Ordinal</c> for <c>StringComparison.Ordinal</c>, <c>OrdinalComparer</c> for
/// <c>StringComparer.Ordinal</c>); <c>Rename</c> to <see cref="NameProperty"/> (dropping the arguments after the
/// receiver's, e.g. <c>ToUpper(culture)</c> → <c>ToUpperInvariant()</c>); <c>CompareOrdinal</c>
/// (<c>a.CompareTo(b)</c> → <c>string.CompareOrdinal(a, b)</c>); <c>IgnoreCase</c> (the <c>bool ignoreCase</c>
/// argument at <see cref="IndexProperty"/> becomes a <c>StringComparison</c>); <c>InterpolatedInvariant</c>;
/// <c>ToStringInvariant</c>; <c>ReplaceMember</c> with <see cref="NameProperty"/>; or <c>None</c>.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CultureAnalyzer : DeterminismAnalyzer
{
    /// <summary>Diagnostic property: the kind of fix.</summary>
    public const string FixProperty = "Fix";

    /// <summary>Diagnostic property: an argument position.</summary>
    public const string IndexProperty = "Index";

    /// <summary>Diagnostic property: the argument to insert.</summary>
    public const string ArgumentProperty = "Argument";

    /// <summary>Diagnostic property: the member name to use instead.</summary>
    public const string NameProperty = "Name";

    /// <summary>IFormattable types that format the same in every culture.</summary>
    private static readonly HashSet<string> InvariantFormattables = new(System.StringComparer.Ordinal)
    {
        "System.Guid", "System.Version", "System.Char", "System.Boolean", "System.String", "System.Enum",
        "System.IntPtr", "System.UIntPtr", "System.Text.Rune", "Parley.UInt256", "Parley.Address", "Parley.Bytes32",
    };

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.CultureSensitiveText);

    private protected override void Register(CompilationStartAnalysisContext context, StateMachineScope scope)
    {
        var analysis = new Analysis(scope);
        context.RegisterOperationAction(analysis.AnalyzeMemberReference, OperationKind.PropertyReference, OperationKind.FieldReference);
        context.RegisterOperationAction(analysis.AnalyzeCall, OperationKind.Invocation, OperationKind.ObjectCreation);
        context.RegisterOperationAction(analysis.AnalyzeInterpolation, OperationKind.InterpolatedString);
        context.RegisterOperationAction(analysis.AnalyzeConcatenation, OperationKind.Binary, OperationKind.CompoundAssignment);
    }

    private sealed class Analysis
    {
        private readonly StateMachineScope scope;

        /// <summary>Per method: where an overload inserts an IFormatProvider, and a string IComparer (memoized: overload search is the costly part).</summary>
        private readonly ConcurrentDictionary<IMethodSymbol, (int? Provider, int? Comparer)> insertions = new(SymbolEqualityComparer.Default);

        private readonly Func<IMethodSymbol, (int? Provider, int? Comparer)> computeInsertions;

        public Analysis(StateMachineScope scope)
        {
            this.scope = scope;
            computeInsertions = Insertions;
        }

        private Symbols.KnownSymbols Known => scope.Symbols;

        public void AnalyzeMemberReference(OperationAnalysisContext context)
        {
            var reference = (IMemberReferenceOperation)context.Operation;
            var member = reference.Member;
            if (member.ContainingType is not { } type || !IsCandidateMember(member.Name, type.Name) || ApiUse.InNameOf(reference))
            {
                return;
            }
            var typeName = scope.Names.Of(type);
            string? replacement = null;
            string advice;
            switch (typeName, member.Name)
            {
                case ("System.Globalization.CultureInfo", "CurrentCulture" or "CurrentUICulture"):
                    (replacement, advice) = ("InvariantCulture", "use CultureInfo.InvariantCulture");
                    break;
                case ("System.Globalization.CultureInfo", "DefaultThreadCurrentCulture" or "DefaultThreadCurrentUICulture" or "CompareInfo" or "TextInfo"):
                    advice = "use CultureInfo.InvariantCulture and ordinal comparison";
                    break;
                case ("System.StringComparer" or "System.StringComparison", "CurrentCulture" or "InvariantCulture"):
                    (replacement, advice) = ("Ordinal", $"use {type.Name}.Ordinal");
                    break;
                case ("System.StringComparer" or "System.StringComparison", "CurrentCultureIgnoreCase" or "InvariantCultureIgnoreCase"):
                    (replacement, advice) = ("OrdinalIgnoreCase", $"use {type.Name}.OrdinalIgnoreCase");
                    break;
                case ("System.Collections.Generic.Comparer`1", "Default") when type.TypeArguments[0].SpecialType == SpecialType.System_String:
                    advice = "use StringComparer.Ordinal";
                    break;
                case ("System.Globalization.CompareInfo" or "System.Globalization.TextInfo", _):
                    advice = "use ordinal comparison and invariant casing";
                    break;
                default:
                    return;
            }
            var properties = replacement is null ? Fix("None") : Fix("ReplaceMember").Add(NameProperty, replacement);
            Report(context, reference.Syntax, properties, $"'{MemberDisplay.Api(member)}'", advice);
        }

        /// <summary>A cheap test by name before the type's full name is looked at.</summary>
        private static bool IsCandidateMember(string member, string type) =>
            member is "CurrentCulture" or "CurrentUICulture" or "DefaultThreadCurrentCulture" or "DefaultThreadCurrentUICulture"
                or "CompareInfo" or "TextInfo" or "InvariantCulture" or "InvariantCultureIgnoreCase" or "CurrentCultureIgnoreCase" or "Default"
            || type is "CompareInfo" or "TextInfo";

        public void AnalyzeCall(OperationAnalysisContext context)
        {
            var operation = context.Operation;
            var method = operation switch
            {
                IInvocationOperation invocation => invocation.TargetMethod,
                IObjectCreationOperation creation => creation.Constructor,
                _ => null,
            };
            if (method is null || SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, scope.Compilation.Assembly) || ApiUse.InNameOf(operation))
            {
                return; // source methods are followed by the scope instead
            }
            if (StringComparisonCall(operation, method) is { } comparison)
            {
                Report(context, operation.Syntax, comparison.Properties, $"'{MemberDisplay.Api(method)}'", comparison.Advice);
                return;
            }
            if (ImplicitFormattingCall(operation, method))
            {
                Report(context, operation.Syntax, Fix("None"), $"'{MemberDisplay.Api(method)}'", "it formats its arguments with the current culture; format them with CultureInfo.InvariantCulture first");
                return;
            }
            var (providerIndex, comparerIndex) = insertions.GetOrAdd(method, computeInsertions);
            if (providerIndex is { } p)
            {
                Report(context, operation.Syntax, Insert(operation, method, p, "InvariantCulture"), $"'{MemberDisplay.Api(method)}'", "pass CultureInfo.InvariantCulture");
                return;
            }
            if (comparerIndex is { } c)
            {
                Report(context, operation.Syntax, Insert(operation, method, c, "OrdinalComparer"), $"'{MemberDisplay.Api(method)}'", "it orders strings with the current culture; pass StringComparer.Ordinal");
            }
        }

        /// <summary>
        /// Where an overload of <paramref name="method"/> takes one more parameter: an IFormatProvider (for formatting and
        /// parsing methods that lack one), or an <c>IComparer&lt;string&gt;</c> (for ordering methods that lack one).
        /// </summary>
        private (int? Provider, int? Comparer) Insertions(IMethodSymbol method)
        {
            int? provider = null;
            int? comparer = null;
            if (Known.FormatProvider is { } formatProvider && NeedsProvider(method))
            {
                provider = FindInsertion(method, t => SymbolEqualityComparer.Default.Equals(t, formatProvider));
            }
            if (provider is null && Known.GenericComparer is { } genericComparer && !method.Parameters.Any(p => IsComparer(p.Type, genericComparer)))
            {
                comparer = FindInsertion(method, t => IsComparer(t, genericComparer) && ((INamedTypeSymbol)t).TypeArguments[0].SpecialType == SpecialType.System_String);
            }
            return (provider, comparer);
        }

        public void AnalyzeInterpolation(OperationAnalysisContext context)
        {
            var interpolated = (IInterpolatedStringOperation)context.Operation;
            if (!interpolated.Parts.OfType<IInterpolationOperation>().Any(p => IsCultureSensitive(Unconverted(p.Expression).Type)))
            {
                return;
            }
            var parent = interpolated.Parent;
            if (parent is IInterpolatedStringHandlerCreationOperation)
            {
                return; // formatted by the method taking the handler: that call is checked for a provider overload
            }
            if (interpolated.Type?.SpecialType != SpecialType.System_String
                || parent is IConversionOperation { Type: INamedTypeSymbol target } && (SymbolEqualityComparer.Default.Equals(target, Known.Formattable)
                    || scope.Names.Of(target) == "System.FormattableString"))
            {
                return; // a FormattableString or IFormattable: formatted later, with a provider or not (that call is checked)
            }
            Report(context, interpolated.Syntax, Fix("InterpolatedInvariant"), "Interpolated string", "format it with string.Create(CultureInfo.InvariantCulture, $\"…\")");
        }

        public void AnalyzeConcatenation(OperationAnalysisContext context)
        {
            switch (context.Operation)
            {
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String, OperatorMethod: null } binary:
                    CheckOperand(context, binary.LeftOperand);
                    CheckOperand(context, binary.RightOperand);
                    break;
                case ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add, Target.Type.SpecialType: SpecialType.System_String } compound:
                    CheckOperand(context, compound.Value);
                    break;
            }
        }

        private void CheckOperand(OperationAnalysisContext context, IOperation operand)
        {
            var value = Unconverted(operand);
            if (IsCultureSensitive(value.Type))
            {
                var fix = value.Type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } ? Fix("None") : Fix("ToStringInvariant");
                Report(context, value.Syntax, fix, $"Concatenating '{value.Syntax}'", "format it with ToString(CultureInfo.InvariantCulture)");
            }
        }

        private (ImmutableDictionary<string, string?> Properties, string Advice)? StringComparisonCall(IOperation operation, IMethodSymbol method)
        {
            var type = method.ContainingType;
            if (type.SpecialType == SpecialType.System_Char && method.Name is "ToUpper" or "ToLower")
            {
                return CultureArgumentIsInvariant(operation, method) ? null : (Rename(method), $"use char.{method.Name}Invariant");
            }
            if (type.SpecialType != SpecialType.System_String)
            {
                return null;
            }
            var stringComparison = Known.StringComparison;
            if (method.Parameters.Any(p => SymbolEqualityComparer.Default.Equals(p.Type, stringComparison)))
            {
                return null;
            }
            switch (method.Name)
            {
                case "ToUpper" or "ToLower":
                    return CultureArgumentIsInvariant(operation, method) ? null : (Rename(method), $"use {method.Name}Invariant()");
                case "CompareTo":
                    var fix = method.Parameters[0].Type.SpecialType == SpecialType.System_String ? Fix("CompareOrdinal") : Fix("None");
                    return (fix, "use string.CompareOrdinal");
                case "Compare":
                    var ignoreCase = method.Parameters.FirstOrDefault(p => p.Type.SpecialType == SpecialType.System_Boolean);
                    if (method.Parameters.Any(p => SymbolEqualityComparer.Default.Equals(p.Type, Known.CultureInfo)))
                    {
                        return (Fix("None"), "pass StringComparison.Ordinal");
                    }
                    if (ignoreCase is not null)
                    {
                        var replaced = FindReplacement(method, ignoreCase.Ordinal, stringComparison);
                        return (replaced ? Insert(operation, method, ignoreCase.Ordinal, "", "IgnoreCase") : Fix("None"), "pass StringComparison.Ordinal or OrdinalIgnoreCase");
                    }
                    break;
                case "StartsWith" or "EndsWith" or "IndexOf" or "LastIndexOf":
                    if (method.Parameters.Length == 0 || method.Parameters[0].Type.SpecialType != SpecialType.System_String)
                    {
                        return null; // the char overloads compare ordinally
                    }
                    if (method.Parameters.Any(p => p.Type.SpecialType == SpecialType.System_Boolean))
                    {
                        return (Fix("None"), "pass StringComparison.Ordinal");
                    }
                    break;
                default:
                    return null;
            }
            if (stringComparison is not null && FindInsertion(method, t => SymbolEqualityComparer.Default.Equals(t, stringComparison)) is { } index)
            {
                return (Insert(operation, method, index, "Ordinal"), "pass StringComparison.Ordinal");
            }
            return (Fix("None"), "pass StringComparison.Ordinal");
        }

        /// <summary><c>ToUpper(CultureInfo.InvariantCulture)</c> is the invariant casing already.</summary>
        private bool CultureArgumentIsInvariant(IOperation operation, IMethodSymbol method)
        {
            if (method.Parameters.Length == (method.IsStatic ? 1 : 0))
            {
                return false;
            }
            var arguments = operation is IInvocationOperation invocation ? invocation.Arguments : ImmutableArray<IArgumentOperation>.Empty;
            return arguments.Any(a => a.Parameter is { } p && SymbolEqualityComparer.Default.Equals(p.Type, Known.CultureInfo)
                && Unconverted(a.Value) is IPropertyReferenceOperation { Property.Name: "InvariantCulture" });
        }

        /// <summary>string.Concat, string.Join, StringBuilder.Append/Insert/AppendJoin of numbers: formatted with the current culture.</summary>
        private bool ImplicitFormattingCall(IOperation operation, IMethodSymbol method)
        {
            if (method.Name is not ("Concat" or "Join" or "Append" or "Insert" or "AppendJoin"))
            {
                return false;
            }
            var typeName = scope.Names.Of(method.ContainingType);
            var relevant = (typeName, method.Name) is ("System.String", "Concat" or "Join")
                or ("System.Text.StringBuilder", "Append" or "Insert" or "AppendJoin");
            if (!relevant)
            {
                return false;
            }
            var arguments = operation is IInvocationOperation invocation ? invocation.Arguments : ImmutableArray<IArgumentOperation>.Empty;
            foreach (var argument in arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is IArrayCreationOperation { Initializer: { } initializer })
                {
                    if (initializer.ElementValues.Any(e => IsCultureSensitive(Unconverted(e).Type)))
                    {
                        return true;
                    }
                    continue;
                }
                var type = Unconverted(argument.Value).Type;
                if (IsCultureSensitive(type) || IsCultureSensitive(ElementType(type)))
                {
                    return true;
                }
            }
            return false;
        }

        private ITypeSymbol? ElementType(ITypeSymbol? type)
        {
            if (type is IArrayTypeSymbol array)
            {
                return array.ElementType;
            }
            if (type is INamedTypeSymbol named && Known.GenericEnumerable is { } enumerable)
            {
                if (SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, enumerable))
                {
                    return named.TypeArguments[0];
                }
                foreach (var @interface in named.AllInterfaces)
                {
                    if (SymbolEqualityComparer.Default.Equals(@interface.OriginalDefinition, enumerable))
                    {
                        return @interface.TypeArguments[0];
                    }
                }
            }
            return null;
        }

        /// <summary>
        /// Formatting and parsing methods that would accept a provider: <c>ToString</c> only on culture-sensitive
        /// types, <c>Convert.ToString</c> not of bool/char/string; anything else that has a provider overload.
        /// </summary>
        private bool NeedsProvider(IMethodSymbol method)
        {
            if (method.Parameters.Any(p => SymbolEqualityComparer.Default.Equals(p.Type, Known.FormatProvider)
                || SymbolEqualityComparer.Default.Equals(p.Type, Known.CultureInfo)))
            {
                return false;
            }
            if (method.Name == "ToString" && !method.IsStatic)
            {
                return IsCultureSensitive(method.ContainingType);
            }
            if (scope.Names.Of(method.ContainingType) == "System.Convert" && method.Name == "ToString" && method.Parameters.Length > 0)
            {
                return method.Parameters[0].Type.SpecialType is not (SpecialType.System_Boolean or SpecialType.System_Char or SpecialType.System_String);
            }
            // Parsing an invariant type (Guid.Parse) ignores the provider; string.Format does not.
            return method.ContainingType.SpecialType == SpecialType.System_String || !InvariantFormattables.Contains(scope.Names.Of(method.ContainingType));
        }

        /// <summary>Whether values of the type format differently per culture: IFormattable, and not known to ignore the provider.</summary>
        private bool IsCultureSensitive(ITypeSymbol? type)
        {
            if (type is null || type.TypeKind == TypeKind.Enum || Known.Formattable is not { } formattable)
            {
                return false;
            }
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
            {
                type = nullable.TypeArguments[0];
            }
            if (type is INamedTypeSymbol named && InvariantFormattables.Contains(scope.Names.Of(named)))
            {
                return false;
            }
            return SymbolEqualityComparer.Default.Equals(type, formattable)
                || type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, formattable));
        }

        /// <summary>
        /// The overload of <paramref name="method"/> with the same parameters plus one accepted by
        /// <paramref name="isExtra"/>: the index of that extra parameter, or null.
        /// </summary>
        private static int? FindInsertion(IMethodSymbol method, System.Func<ITypeSymbol, bool> isExtra)
        {
            foreach (var candidate in Overloads(method))
            {
                if (candidate.Parameters.Length != method.Parameters.Length + 1)
                {
                    continue;
                }
                for (var k = 0; k < candidate.Parameters.Length; k++)
                {
                    if (isExtra(candidate.Parameters[k].Type) && SameParametersExcept(method, candidate, k, k))
                    {
                        return k;
                    }
                }
            }
            return null;
        }

        /// <summary>Whether an overload has the same parameters except that the one at <paramref name="index"/> has the given type.</summary>
        private static bool FindReplacement(IMethodSymbol method, int index, ITypeSymbol? replacement)
        {
            foreach (var candidate in Overloads(method))
            {
                if (candidate.Parameters.Length == method.Parameters.Length
                    && SymbolEqualityComparer.Default.Equals(candidate.Parameters[index].Type, replacement)
                    && SameParametersExcept(method, candidate, index, index, sameLength: true))
                {
                    return true;
                }
            }
            return false;
        }

        private static IEnumerable<IMethodSymbol> Overloads(IMethodSymbol method)
        {
            var members = method.MethodKind == MethodKind.Constructor
                ? method.ContainingType.InstanceConstructors.Cast<ISymbol>()
                : method.ContainingType.GetMembers(method.Name);
            foreach (var member in members)
            {
                if (member is not IMethodSymbol candidate || candidate.IsStatic != method.IsStatic || candidate.Arity != method.Arity
                    || SymbolEqualityComparer.Default.Equals(candidate, method.OriginalDefinition))
                {
                    continue;
                }
                yield return method.Arity > 0 ? candidate.Construct(method.TypeArguments.ToArray()) : candidate;
            }
        }

        private static bool SameParametersExcept(IMethodSymbol method, IMethodSymbol candidate, int skipInMethod, int skipInCandidate, bool sameLength = false)
        {
            for (int i = 0, j = 0; i < method.Parameters.Length; i++, j++)
            {
                if (sameLength && i == skipInMethod)
                {
                    continue;
                }
                if (!sameLength && j == skipInCandidate)
                {
                    j++;
                }
                var a = method.Parameters[i];
                var b = candidate.Parameters[j];
                if (a.RefKind != b.RefKind || !SymbolEqualityComparer.Default.Equals(a.Type, b.Type))
                {
                    return false;
                }
            }
            return true;
        }

        private static bool IsComparer(ITypeSymbol type, INamedTypeSymbol comparer) =>
            type is INamedTypeSymbol named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, comparer);

        /// <summary>
        /// An <c>InsertArgument</c> fix at the parameter index, translated to an index into the written argument list
        /// (an extension method called on its receiver has one argument fewer); <c>None</c> when arguments are named,
        /// omitted or expanded before that position.
        /// </summary>
        private static ImmutableDictionary<string, string?> Insert(IOperation operation, IMethodSymbol method, int parameterIndex, string argument, string fix = "InsertArgument")
        {
            var arguments = operation switch
            {
                IInvocationOperation invocation => invocation.Arguments,
                IObjectCreationOperation creation => creation.Arguments,
                _ => ImmutableArray<IArgumentOperation>.Empty,
            };
            var syntaxIndex = parameterIndex;
            if (method.IsExtensionMethod && arguments.Length > 0 && arguments[0].Syntax is not ArgumentSyntax)
            {
                syntaxIndex--; // the receiver is written before the dot
            }
            foreach (var a in arguments)
            {
                var position = a.Parameter?.Ordinal ?? int.MaxValue;
                if (a.Syntax is ArgumentSyntax { NameColon: not null }
                    || position < parameterIndex && a.ArgumentKind is ArgumentKind.DefaultValue or ArgumentKind.ParamArray or ArgumentKind.ParamCollection)
                {
                    return Fix("None");
                }
            }
            return Fix(fix).Add(IndexProperty, syntaxIndex.ToString(System.Globalization.CultureInfo.InvariantCulture)).Add(ArgumentProperty, argument);
        }

        /// <summary>A <c>Rename</c> to the invariant method, keeping only the arguments before the culture (the character of <c>char.ToUpper</c>).</summary>
        private static ImmutableDictionary<string, string?> Rename(IMethodSymbol method) =>
            Fix("Rename").Add(NameProperty, method.Name + "Invariant").Add(IndexProperty, method.IsStatic ? "1" : "0");

        private static ImmutableDictionary<string, string?> Fix(string kind) => ImmutableDictionary<string, string?>.Empty.Add(FixProperty, kind);

        private static IOperation Unconverted(IOperation operation)
        {
            while (operation is IConversionOperation { IsImplicit: true } conversion)
            {
                operation = conversion.Operand;
            }
            return operation;
        }

        private void Report(OperationAnalysisContext context, SyntaxNode syntax, ImmutableDictionary<string, string?> properties, string what, string advice)
        {
            if (scope.Find(context.ContainingSymbol) is { } reach)
            {
                context.ReportDiagnostic(Rules.Report.Create(DiagnosticDescriptors.CultureSensitiveText, syntax.GetLocation(), reach, properties, what, advice));
            }
        }
    }
}
