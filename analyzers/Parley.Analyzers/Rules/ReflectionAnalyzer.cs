using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Parley.Analyzers.Scope;

namespace Parley.Analyzers.Rules;

/// <summary>
/// PARLEY009: reflection and <c>dynamic</c> — System.Reflection and System.Runtime.Loader, every member of
/// <c>System.Type</c>, <c>object.GetType()</c>, <c>Activator</c>, <c>RuntimeHelpers</c> (its <c>GetHashCode</c> is
/// PARLEY004's), <c>TypeDescriptor</c>, <c>Delegate.DynamicInvoke/Method/Target</c>, the type <c>dynamic</c> written in
/// code and every dynamically bound operation. <c>typeof(T)</c> and <c>nameof</c> alone are fine.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ReflectionAnalyzer : DeterminismAnalyzer
{
    private static readonly ApiTable Apis = new ApiTable()
        .Namespace("System.Reflection")
        .Namespace("System.Runtime.Loader")
        .Type("System.Type")
        .Type("System.Activator")
        .Type("System.Runtime.CompilerServices.RuntimeHelpers")
        .ExceptMembers("System.Runtime.CompilerServices.RuntimeHelpers", "GetHashCode")
        .Type("System.ComponentModel.TypeDescriptor")
        .Members("System.Object", "GetType")
        .Members("System.Delegate", "DynamicInvoke", "Method", "Target");

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.Reflection);

    private protected override void Register(CompilationStartAnalysisContext context, StateMachineScope scope)
    {
        ApiUse.Register(context, scope, DiagnosticDescriptors.Reflection, m => Apis.Matches(m, scope.Names), t => Apis.MatchesWholeType(t, scope.Names));
        TypeMentions.Register(
            context,
            scope,
            DiagnosticDescriptors.Reflection,
            static name => name.Text == "dynamic",
            static type => type.TypeKind == TypeKind.Dynamic ? "Type 'dynamic'" : null);
        context.RegisterOperationAction(
            c =>
            {
                var nested = c.Operation.Parent?.Kind is OperationKind.DynamicInvocation or OperationKind.DynamicMemberReference
                    or OperationKind.DynamicObjectCreation or OperationKind.DynamicIndexerAccess;
                if (!nested && scope.Find(c.ContainingSymbol) is { } reach)
                {
                    c.ReportDiagnostic(Report.Create(DiagnosticDescriptors.Reflection, c.Operation.Syntax.GetLocation(), reach, $"Dynamic operation '{c.Operation.Syntax}'"));
                }
            },
            OperationKind.DynamicInvocation,
            OperationKind.DynamicMemberReference,
            OperationKind.DynamicObjectCreation,
            OperationKind.DynamicIndexerAccess);
    }
}
