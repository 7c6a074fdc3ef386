using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace Parley.Analyzers.CodeFixes;

/// <summary>
/// Syntax the fixes insert: fully qualified names annotated so that the code action's clean-up shortens them and adds
/// the <c>using</c> they need (<c>global::System.Globalization.CultureInfo.InvariantCulture</c> →
/// <c>CultureInfo.InvariantCulture</c> with <c>using System.Globalization;</c>).
/// </summary>
internal static class GeneratedSyntax
{
    public static ExpressionSyntax InvariantCulture() => Qualified("global::System.Globalization.CultureInfo.InvariantCulture");

    public static ExpressionSyntax OrdinalComparison() => Qualified("global::System.StringComparison.Ordinal");

    public static ExpressionSyntax OrdinalIgnoreCaseComparison() => Qualified("global::System.StringComparison.OrdinalIgnoreCase");

    public static ExpressionSyntax OrdinalComparer() => Qualified("global::System.StringComparer.Ordinal");

    public static ExpressionSyntax StringType() => SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.StringKeyword));

    /// <summary>A parsed expression whose names the clean-up simplifies and imports.</summary>
    public static ExpressionSyntax Qualified(string text) =>
        SyntaxFactory.ParseExpression(text).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

    /// <summary>The expression as a receiver of a member access: parenthesized unless it already binds tighter.</summary>
    public static ExpressionSyntax AsReceiver(ExpressionSyntax expression) =>
        expression is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax
            or ParenthesizedExpressionSyntax or ThisExpressionSyntax or LiteralExpressionSyntax or ObjectCreationExpressionSyntax
            or GenericNameSyntax or PredefinedTypeSyntax
            ? expression.WithoutTrivia()
            : SyntaxFactory.ParenthesizedExpression(expression.WithoutTrivia());

    /// <summary><c>receiver.Name(arguments)</c>.</summary>
    public static InvocationExpressionSyntax Call(ExpressionSyntax receiver, string name, params ExpressionSyntax[] arguments) =>
        SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, AsReceiver(receiver), SyntaxFactory.IdentifierName(name)),
            SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(System.Linq.Enumerable.Select(arguments, SyntaxFactory.Argument))));
}
