using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Parley.Analyzers.Scope;

namespace Parley.Analyzers.Rules;

/// <summary>
/// PARLEY008: static mutable state — declaring, in state machine code, a static field that is not readonly, a static
/// readonly field or get-only auto-property of a mutable type, or a settable static auto-property; writing a static
/// field or property (or an element of a static array) anywhere in scope, except the initialization of a type's own
/// statics in its static constructor or initializers; and reading a static mutable field or settable static
/// auto-property declared outside the scope. Constants and static readonly fields of immutable types are fine.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class StaticStateAnalyzer : DeterminismAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.StaticState);

    private protected override void Register(CompilationStartAnalysisContext context, StateMachineScope scope)
    {
        var verdicts = new ConcurrentDictionary<ISymbol, bool>(SymbolEqualityComparer.Default);
        bool Mutable(ISymbol member) => verdicts.GetOrAdd(member, IsMutableStatic);
        context.RegisterSymbolAction(c => AnalyzeDeclaration(c, scope, Mutable), SymbolKind.Field, SymbolKind.Property);
        context.RegisterOperationAction(c => AnalyzeReference(c, scope, Mutable), OperationKind.FieldReference, OperationKind.PropertyReference);
        context.RegisterOperationAction(c => AnalyzeElementWrite(c, scope), OperationKind.ArrayElementReference);
    }

    private static void AnalyzeDeclaration(SymbolAnalysisContext context, StateMachineScope scope, Func<ISymbol, bool> mutable)
    {
        var symbol = context.Symbol;
        if (!symbol.IsStatic || symbol.IsImplicitlyDeclared || !mutable(symbol) || scope.Find(symbol) is not { } reach)
        {
            return;
        }
        var what = $"'{MemberDisplay.Name(symbol)}' is";
        context.ReportDiagnostic(Report.Create(DiagnosticDescriptors.StaticState, symbol.Locations[0], reach, what));
    }

    /// <summary>
    /// Whether a static field or property holds mutable state: a field that is neither const nor readonly, or readonly
    /// of a mutable type; an auto-property that is settable, or get-only of a mutable type.
    /// </summary>
    private static bool IsMutableStatic(ISymbol symbol)
    {
        switch (symbol)
        {
            case IFieldSymbol field:
                return !field.IsConst && (!field.IsReadOnly || !Immutability.IsImmutable(field.Type));
            case IPropertySymbol property:
                if (property.DeclaringSyntaxReferences.IsEmpty)
                {
                    return false; // a referenced assembly's property: its accessors are that assembly's code
                }
                var backing = property.ContainingType.GetMembers().OfType<IFieldSymbol>()
                    .FirstOrDefault(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, property));
                if (backing is null)
                {
                    return false; // hand-written accessors are code (their writes are checked); referenced assemblies' are other rules'
                }
                return !backing.IsReadOnly || !Immutability.IsImmutable(property.Type);
            default:
                return false;
        }
    }

    private static void AnalyzeReference(OperationAnalysisContext context, StateMachineScope scope, Func<ISymbol, bool> mutable)
    {
        var reference = (IMemberReferenceOperation)context.Operation;
        var member = reference.Member;
        if (!member.IsStatic || member is IFieldSymbol { IsConst: true } || ApiUse.InNameOf(reference))
        {
            return;
        }
        string what;
        if (Writes.IsTarget(reference))
        {
            if (InitializesOwnStatics(context.ContainingSymbol, member.ContainingType))
            {
                return;
            }
            what = $"Assigning '{MemberDisplay.Api(member)}' writes";
        }
        else
        {
            if (!mutable(member) || scope.Find(member) is not null)
            {
                return; // immutable, or declared in scope and reported at its declaration
            }
            what = $"Reading '{MemberDisplay.Api(member)}' reads";
        }
        if (scope.Find(context.ContainingSymbol) is { } reach)
        {
            context.ReportDiagnostic(Report.Create(DiagnosticDescriptors.StaticState, reference.Syntax.GetLocation(), reach, what));
        }
    }

    private static void AnalyzeElementWrite(OperationAnalysisContext context, StateMachineScope scope)
    {
        var element = (IArrayElementReferenceOperation)context.Operation;
        var array = element.ArrayReference;
        while (array is IConversionOperation { IsImplicit: true } conversion)
        {
            array = conversion.Operand;
        }
        if (array is not IMemberReferenceOperation { Member.IsStatic: true } staticArray || !Writes.IsTarget(element)
            || InitializesOwnStatics(context.ContainingSymbol, staticArray.Member.ContainingType))
        {
            return;
        }
        if (scope.Find(context.ContainingSymbol) is { } reach)
        {
            var what = $"Writing an element of '{MemberDisplay.Api(staticArray.Member)}' writes";
            context.ReportDiagnostic(Report.Create(DiagnosticDescriptors.StaticState, element.Syntax.GetLocation(), reach, what));
        }
    }

    /// <summary>A type's static constructor and static initializers may initialize the type's own statics.</summary>
    private static bool InitializesOwnStatics(ISymbol containing, INamedTypeSymbol owner)
    {
        var member = StateMachineScope.Owner(containing);
        var isInitialization = member is IMethodSymbol { MethodKind: MethodKind.StaticConstructor } or IFieldSymbol { IsStatic: true } or IPropertySymbol { IsStatic: true };
        return isInitialization && SymbolEqualityComparer.Default.Equals(member!.ContainingType, owner.OriginalDefinition);
    }
}
