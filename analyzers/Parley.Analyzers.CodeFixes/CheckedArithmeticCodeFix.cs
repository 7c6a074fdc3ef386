using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace Parley.Analyzers.CodeFixes;

/// <summary>
/// Fixes PARLEY012 by making the arithmetic checked: an expression becomes <c>checked(expression)</c>; an expression
/// statement (<c>x++;</c>, <c>x += y;</c>) becomes a <c>checked { … }</c> block, and a <c>for</c> loop whose
/// incrementor or initializer overflows is wrapped whole in <c>checked { … }</c>. The code means the same for every
/// input that does not overflow; an overflow now throws <see cref="System.OverflowException"/>, as Solidity 0.8 reverts.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CheckedArithmeticCodeFix))]
[Shared]
public sealed class CheckedArithmeticCodeFix : CodeFixProvider
{
    /// <summary>The title of the code action.</summary>
    public const string Title = "Make the arithmetic checked";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.UncheckedArithmetic.Id);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is not ExpressionSyntax expression)
        {
            return;
        }
        var (target, replacement) = Wrap(expression);
        if (target is null || replacement is null)
        {
            return;
        }
        context.RegisterCodeFix(
            CodeAction.Create(Title, ct => Replace(context.Document, target, replacement, ct), equivalenceKey: Title),
            context.Diagnostics);
    }

    /// <summary>The node to replace and its checked replacement, or nulls when the position has no safe checked form.</summary>
    private static (SyntaxNode? Target, SyntaxNode? Replacement) Wrap(ExpressionSyntax expression)
    {
        switch (expression.Parent)
        {
            case ExpressionStatementSyntax statement:
                return (statement, CheckedBlock(statement));
            case ForStatementSyntax loop when loop.Incrementors.Contains(expression) || loop.Initializers.Contains(expression):
                return (loop, CheckedBlock(loop));
            case ArrowExpressionClauseSyntax or LambdaExpressionSyntax when IsStatementExpression(expression):
                return (null, null); // 'checked(x++)' is no statement: a body of its own would be needed
            default:
                var inner = expression.WithoutTrivia();
                var wrapped = SyntaxFactory.CheckedExpression(SyntaxKind.CheckedExpression, inner).WithTriviaFrom(expression);
                return (expression, wrapped);
        }
    }

    private static bool IsStatementExpression(ExpressionSyntax expression) =>
        expression is AssignmentExpressionSyntax or PostfixUnaryExpressionSyntax
        || expression.IsKind(SyntaxKind.PreIncrementExpression) || expression.IsKind(SyntaxKind.PreDecrementExpression);

    private static CheckedStatementSyntax CheckedBlock(StatementSyntax statement) =>
        SyntaxFactory.CheckedStatement(SyntaxKind.CheckedStatement, SyntaxFactory.Block(statement.WithoutTrivia()))
            .WithTriviaFrom(statement)
            .WithAdditionalAnnotations(Formatter.Annotation);

    private static async Task<Document> Replace(Document document, SyntaxNode target, SyntaxNode replacement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return document.WithSyntaxRoot(root!.ReplaceNode(target, replacement));
    }
}
