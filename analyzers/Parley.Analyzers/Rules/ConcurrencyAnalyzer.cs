using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using Parley.Analyzers.Scope;

namespace Parley.Analyzers.Rules;

/// <summary>
/// PARLEY007: concurrency — every API of System.Threading and its sub-namespaces (Task.Run, Task.Factory, threads,
/// the thread pool, Parallel, Interlocked, Volatile, Monitor, semaphores, channels, cancellation; the clock and timer
/// members are PARLEY001's), PLINQ, the <c>async</c> modifier on methods, lambdas and local functions,
/// <c>lock</c> statements and <c>volatile</c> fields.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConcurrencyAnalyzer : DeterminismAnalyzer
{
    private static readonly ApiTable Apis = new ApiTable()
        .Namespace("System.Threading")
        .Type("System.Linq.ParallelEnumerable")
        .Type("System.Linq.ParallelQuery")
        .Type("System.Linq.ParallelQuery`1")
        .Type("System.Linq.OrderedParallelQuery`1");

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.Concurrency);

    private protected override void Register(CompilationStartAnalysisContext context, StateMachineScope scope)
    {
        ApiUse.Register(
            context,
            scope,
            DiagnosticDescriptors.Concurrency,
            m => Apis.Matches(m, scope.Names) && !ClockAnalyzer.Apis.Matches(m, scope.Names),
            t => Apis.MatchesWholeType(t, scope.Names) && !ClockAnalyzer.Apis.MatchesWholeType(t, scope.Names));

        context.RegisterSymbolAction(c => AnalyzeMember(c, scope), SymbolKind.Method, SymbolKind.Field);
        context.RegisterOperationAction(c => AnalyzeLocalAsync(c, scope), OperationKind.AnonymousFunction, OperationKind.LocalFunction);
        context.RegisterOperationAction(c => AnalyzeLock(c, scope), OperationKind.Lock);
    }

    private static void AnalyzeMember(SymbolAnalysisContext context, StateMachineScope scope)
    {
        var (token, what) = context.Symbol switch
        {
            IMethodSymbol { IsAsync: true } method => (Modifier(method, SyntaxKind.AsyncKeyword), "'async' method " + MemberDisplay.Name(method)),
            IFieldSymbol { IsVolatile: true } field => (Modifier(field, SyntaxKind.VolatileKeyword), "volatile field " + MemberDisplay.Name(field)),
            _ => (default, ""),
        };
        if (token.RawKind == 0 || scope.Find(context.Symbol) is not { } reach)
        {
            return;
        }
        context.ReportDiagnostic(Report.Create(DiagnosticDescriptors.Concurrency, token.GetLocation(), reach, what));
    }

    private static SyntaxToken Modifier(ISymbol symbol, SyntaxKind kind)
    {
        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            var node = reference.GetSyntax();
            if (node is VariableDeclaratorSyntax { Parent.Parent: BaseFieldDeclarationSyntax field })
            {
                node = field;
            }
            if (node is MemberDeclarationSyntax member && member.Modifiers.FirstOrDefault(m => m.IsKind(kind)) is { RawKind: not 0 } token)
            {
                return token;
            }
        }
        return default;
    }

    private static void AnalyzeLocalAsync(OperationAnalysisContext context, StateMachineScope scope)
    {
        var (isAsync, token) = context.Operation switch
        {
            IAnonymousFunctionOperation lambda => (lambda.Symbol.IsAsync, (lambda.Syntax as AnonymousFunctionExpressionSyntax)?.AsyncKeyword ?? default),
            ILocalFunctionOperation local => (local.Symbol.IsAsync,
                (local.Syntax as LocalFunctionStatementSyntax)?.Modifiers.FirstOrDefault(m => m.IsKind(SyntaxKind.AsyncKeyword)) ?? default),
            _ => (false, default),
        };
        if (!isAsync || token.RawKind == 0 || scope.Find(context.ContainingSymbol) is not { } reach)
        {
            return;
        }
        var what = context.Operation is ILocalFunctionOperation f ? "'async' local function " + f.Symbol.Name : "'async' lambda";
        context.ReportDiagnostic(Report.Create(DiagnosticDescriptors.Concurrency, token.GetLocation(), reach, what));
    }

    private static void AnalyzeLock(OperationAnalysisContext context, StateMachineScope scope)
    {
        if (context.Operation.Syntax is not LockStatementSyntax syntax || scope.Find(context.ContainingSymbol) is not { } reach)
        {
            return;
        }
        var location = Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(syntax.LockKeyword.SpanStart, syntax.CloseParenToken.Span.End));
        context.ReportDiagnostic(Report.Create(DiagnosticDescriptors.Concurrency, location, reach, "'lock'"));
    }
}
