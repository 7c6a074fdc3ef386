using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using Parley.Analyzers.Scope;

namespace Parley.Analyzers.Rules;

/// <summary>
/// PARLEY013: a catch clause in state machine code that could catch the <c>Parley.ActionRejectedException</c> a failed
/// <c>Require</c> throws — <c>catch</c>, <c>catch (Exception)</c>, <c>catch (ActionRejectedException)</c> or a catch of
/// any base type of it, with or without a <c>when</c> filter (a filter can be true). Catching exceptions that are not
/// base types of it (<c>catch (OverflowException)</c>) is fine, and so is <c>try</c>/<c>finally</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RequireCatchAnalyzer : DeterminismAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.CatchSwallowsRequire);

    private protected override void Register(CompilationStartAnalysisContext context, StateMachineScope scope)
    {
        // The exception a failed Require throws; when the compilation cannot see it, anything that catches a
        // System.Exception could catch it.
        var rejected = scope.Symbols.ActionRejectedException ?? scope.Symbols.Exception;
        context.RegisterOperationAction(c => Analyze(c, scope, rejected), OperationKind.CatchClause);
    }

    private static void Analyze(OperationAnalysisContext context, StateMachineScope scope, INamedTypeSymbol? rejected)
    {
        var clause = (ICatchClauseOperation)context.Operation;
        if (!CanCatch(clause.ExceptionType, rejected) || clause.Syntax is not CatchClauseSyntax syntax)
        {
            return;
        }
        if (scope.Find(context.ContainingSymbol) is not { } reach)
        {
            return;
        }
        var end = syntax.Declaration?.Span.End ?? syntax.CatchKeyword.Span.End;
        var span = TextSpan.FromBounds(syntax.CatchKeyword.SpanStart, end);
        var text = syntax.SyntaxTree.GetText(context.CancellationToken).ToString(span);
        context.ReportDiagnostic(Report.Create(DiagnosticDescriptors.CatchSwallowsRequire, Location.Create(syntax.SyntaxTree, span), reach, text));
    }

    /// <summary>Whether a clause catching <paramref name="caught"/> catches a <paramref name="rejected"/>: it is that type or a base of it.</summary>
    private static bool CanCatch(ITypeSymbol caught, INamedTypeSymbol? rejected)
    {
        if (caught.SpecialType == SpecialType.System_Object || caught.TypeKind == TypeKind.Error)
        {
            return true; // catch without a declaration (or a type that does not bind)
        }
        for (var type = rejected; type is not null; type = type.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(type, caught))
            {
                return true;
            }
        }
        return false;
    }
}
