using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Parley.Analyzers.Scope;

namespace Parley.Analyzers.Rules;

/// <summary>
/// PARLEY003: floating point anywhere in state machine code — <c>float</c>, <c>double</c>, <c>decimal</c> and
/// <c>Half</c> written as types (fields, properties, parameters, return types, locals, casts, generic arguments),
/// floating literals, implicit conversions of integers to floating point, and uses of members outside the scope whose
/// type or parameters are floating (<c>Math.Sqrt</c>, <c>MathF</c>, <c>TimeSpan.TotalSeconds</c>, a helper's
/// <c>double</c> field). Each expression is reported once, at its outermost floating use.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FloatingPointAnalyzer : DeterminismAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.FloatingPoint);

    private protected override void Register(CompilationStartAnalysisContext context, StateMachineScope scope)
    {
        TypeMentions.Register(
            context,
            scope,
            DiagnosticDescriptors.FloatingPoint,
            static name => name.Kind is SyntaxKind.DoubleKeyword or SyntaxKind.FloatKeyword or SyntaxKind.DecimalKeyword
                || name.Text is "Double" or "Single" or "Decimal" or "Half",
            static type => FloatingTypes.Is(type) ? $"Type '{FloatingTypes.Keyword(type)}'" : null);

        context.RegisterOperationAction(c => AnalyzeLiteral(c, scope), OperationKind.Literal);
        context.RegisterOperationAction(c => AnalyzeConversion(c, scope), OperationKind.Conversion);
        context.RegisterOperationAction(
            c => AnalyzeMemberUse(c, scope),
            OperationKind.Invocation,
            OperationKind.ObjectCreation,
            OperationKind.PropertyReference,
            OperationKind.FieldReference,
            OperationKind.MethodReference);
    }

    private static void AnalyzeLiteral(OperationAnalysisContext context, StateMachineScope scope)
    {
        var literal = (ILiteralOperation)context.Operation;
        if (!FloatingTypes.Is(literal.Type) || InsideFlaggedMemberUse(literal, scope))
        {
            return;
        }
        Report(context, scope, $"Literal '{literal.Syntax}'");
    }

    private static void AnalyzeConversion(OperationAnalysisContext context, StateMachineScope scope)
    {
        var conversion = (IConversionOperation)context.Operation;
        if (!conversion.IsImplicit || conversion.Operand.ConstantValue.HasValue
            || !FloatingTypes.Is(conversion.Type) || FloatingTypes.Contains(conversion.Operand.Type) || conversion.Operand.Type is null
            || InsideFlaggedMemberUse(conversion, scope))
        {
            return;
        }
        Report(context, scope, $"Conversion of '{conversion.Operand.Syntax}' to '{FloatingTypes.Keyword(conversion.Type!)}'");
    }

    private static void AnalyzeMemberUse(OperationAnalysisContext context, StateMachineScope scope)
    {
        var operation = context.Operation;
        if (!IsFlaggedMemberUse(operation, scope) || InsideFlaggedMemberUse(operation, scope) || ApiUse.InNameOf(operation))
        {
            return;
        }
        var member = ApiUse.MemberOf(operation)!;
        Report(context, scope, $"'{MemberDisplay.Api(member)}'");
    }

    private static void Report(OperationAnalysisContext context, StateMachineScope scope, string what)
    {
        if (scope.Find(context.ContainingSymbol) is { } reach)
        {
            context.ReportDiagnostic(Rules.Report.Create(DiagnosticDescriptors.FloatingPoint, context.Operation.Syntax.GetLocation(), reach, what));
        }
    }

    /// <summary>
    /// A use of a member whose declaration is not itself in the scope (there its types are reported) and whose type
    /// or parameters are floating.
    /// </summary>
    private static bool IsFlaggedMemberUse(IOperation operation, StateMachineScope scope)
    {
        if (ApiUse.MemberOf(operation) is not { } member)
        {
            return false;
        }
        var floating = member switch
        {
            IMethodSymbol method => FloatingTypes.Contains(method.ReturnType) || AnyFloatingParameter(method.Parameters),
            IPropertySymbol property => FloatingTypes.Contains(property.Type) || AnyFloatingParameter(property.Parameters),
            IFieldSymbol field => FloatingTypes.Contains(field.Type),
            _ => false,
        };
        return floating && scope.Find(member) is null;
    }

    private static bool AnyFloatingParameter(ImmutableArray<IParameterSymbol> parameters)
    {
        foreach (var parameter in parameters)
        {
            if (FloatingTypes.Contains(parameter.Type))
            {
                return true;
            }
        }
        return false;
    }

    private static bool InsideFlaggedMemberUse(IOperation operation, StateMachineScope scope)
    {
        for (var ancestor = operation.Parent; ancestor is not null; ancestor = ancestor.Parent)
        {
            if (ancestor.Kind is OperationKind.Block or OperationKind.ExpressionStatement or OperationKind.VariableDeclarationGroup
                or OperationKind.Return or OperationKind.AnonymousFunction or OperationKind.LocalFunction)
            {
                return false;
            }
            if (IsFlaggedMemberUse(ancestor, scope))
            {
                return true;
            }
        }
        return false;
    }
}
