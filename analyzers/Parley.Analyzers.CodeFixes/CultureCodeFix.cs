using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using Parley.Analyzers.Rules;

namespace Parley.Analyzers.CodeFixes;

/// <summary>
/// Fixes PARLEY011 with the ordinal or invariant form the diagnostic names: inserts
/// <c>CultureInfo.InvariantCulture</c>, <c>StringComparison.Ordinal</c> or <c>StringComparer.Ordinal</c> as the
/// argument of the overload that takes it (<c>x.ToString()</c> → <c>x.ToString(CultureInfo.InvariantCulture)</c>,
/// <c>string.Compare(a, b)</c> → <c>string.Compare(a, b, StringComparison.Ordinal)</c>); turns
/// <c>ToUpper()</c>/<c>ToLower()</c> into <c>ToUpperInvariant()</c>/<c>ToLowerInvariant()</c>, <c>a.CompareTo(b)</c>
/// into <c>string.CompareOrdinal(a, b)</c>, an <c>ignoreCase</c> flag into <c>StringComparison.Ordinal</c>/
/// <c>OrdinalIgnoreCase</c>, an interpolated string into <c>string.Create(CultureInfo.InvariantCulture, $"…")</c>, a
/// concatenated number into <c>n.ToString(CultureInfo.InvariantCulture)</c>, and the current culture or a
/// culture-aware comparer into the invariant culture or the ordinal comparer.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CultureCodeFix))]
[Shared]
public sealed class CultureCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.CultureSensitiveText.Id);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }
        foreach (var diagnostic in context.Diagnostics)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var properties = diagnostic.Properties;
            properties.TryGetValue(CultureAnalyzer.FixProperty, out var fix);
            var replacement = fix switch
            {
                "InsertArgument" => InsertArgument(node, properties),
                "IgnoreCase" => IgnoreCase(node, properties),
                "Rename" => Rename(node, properties),
                "CompareOrdinal" => CompareOrdinal(node),
                "InterpolatedInvariant" => InterpolatedInvariant(node),
                "ToStringInvariant" => ToStringInvariant(node),
                "ReplaceMember" => ReplaceMember(node, properties),
                _ => null,
            };
            if (replacement is null)
            {
                continue;
            }
            var title = Title(fix!, properties);
            context.RegisterCodeFix(
                CodeAction.Create(title, ct => Replace(context.Document, node, replacement, ct), equivalenceKey: title),
                diagnostic);
        }
    }

    private static string Title(string fix, ImmutableDictionary<string, string?> properties)
    {
        properties.TryGetValue(CultureAnalyzer.ArgumentProperty, out var argument);
        properties.TryGetValue(CultureAnalyzer.NameProperty, out var name);
        return fix switch
        {
            "InsertArgument" when argument == "InvariantCulture" => "Pass CultureInfo.InvariantCulture",
            "InsertArgument" when argument == "Ordinal" => "Pass StringComparison.Ordinal",
            "InsertArgument" => "Pass StringComparer.Ordinal",
            "IgnoreCase" => "Use an ordinal StringComparison",
            "Rename" => $"Use {name}",
            "CompareOrdinal" => "Use string.CompareOrdinal",
            "InterpolatedInvariant" => "Format with string.Create(CultureInfo.InvariantCulture, …)",
            "ToStringInvariant" => "Format with ToString(CultureInfo.InvariantCulture)",
            _ => $"Use {name}",
        };
    }

    private static SyntaxNode? InsertArgument(SyntaxNode node, ImmutableDictionary<string, string?> properties)
    {
        if (!properties.TryGetValue(CultureAnalyzer.IndexProperty, out var indexText)
            || !int.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return null;
        }
        properties.TryGetValue(CultureAnalyzer.ArgumentProperty, out var kind);
        ExpressionSyntax value = kind switch
        {
            "InvariantCulture" => GeneratedSyntax.InvariantCulture(),
            "Ordinal" => GeneratedSyntax.OrdinalComparison(),
            _ => GeneratedSyntax.OrdinalComparer(),
        };
        var argument = SyntaxFactory.Argument(value);
        switch (node)
        {
            case InvocationExpressionSyntax invocation when index <= invocation.ArgumentList.Arguments.Count:
                return invocation.WithArgumentList(invocation.ArgumentList.WithArguments(invocation.ArgumentList.Arguments.Insert(index, argument)));
            case BaseObjectCreationExpressionSyntax creation:
                var list = creation.ArgumentList ?? SyntaxFactory.ArgumentList();
                if (index > list.Arguments.Count)
                {
                    return null;
                }
                return creation.WithArgumentList(list.WithArguments(list.Arguments.Insert(index, argument)));
            default:
                return null;
        }
    }

    private static SyntaxNode? IgnoreCase(SyntaxNode node, ImmutableDictionary<string, string?> properties)
    {
        if (node is not InvocationExpressionSyntax invocation || !properties.TryGetValue(CultureAnalyzer.IndexProperty, out var indexText)
            || !int.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= invocation.ArgumentList.Arguments.Count)
        {
            return null;
        }
        var old = invocation.ArgumentList.Arguments[index];
        ExpressionSyntax comparison = old.Expression.Kind() switch
        {
            SyntaxKind.TrueLiteralExpression => GeneratedSyntax.OrdinalIgnoreCaseComparison(),
            SyntaxKind.FalseLiteralExpression => GeneratedSyntax.OrdinalComparison(),
            _ => SyntaxFactory.ConditionalExpression(
                SyntaxFactory.ParenthesizedExpression(old.Expression.WithoutTrivia()),
                GeneratedSyntax.OrdinalIgnoreCaseComparison(),
                GeneratedSyntax.OrdinalComparison()),
        };
        return invocation.ReplaceNode(old, old.WithExpression(comparison.WithTriviaFrom(old.Expression)));
    }

    private static SyntaxNode? Rename(SyntaxNode node, ImmutableDictionary<string, string?> properties)
    {
        if (node is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation
            || !properties.TryGetValue(CultureAnalyzer.NameProperty, out var name) || name is null
            || !properties.TryGetValue(CultureAnalyzer.IndexProperty, out var keepText)
            || !int.TryParse(keepText, NumberStyles.None, CultureInfo.InvariantCulture, out var keep))
        {
            return null;
        }
        // string.ToUpper(culture) keeps no argument; char.ToUpper(c, culture) keeps the character.
        var arguments = SyntaxFactory.SeparatedList(invocation.ArgumentList.Arguments.Take(keep));
        return invocation
            .WithExpression(access.WithName(SyntaxFactory.IdentifierName(name).WithTriviaFrom(access.Name)))
            .WithArgumentList(invocation.ArgumentList.WithArguments(arguments));
    }

    private static SyntaxNode? CompareOrdinal(SyntaxNode node)
    {
        if (node is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access, ArgumentList.Arguments.Count: 1 } invocation)
        {
            return null;
        }
        var call = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, GeneratedSyntax.StringType(), SyntaxFactory.IdentifierName("CompareOrdinal")),
            SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[]
            {
                SyntaxFactory.Argument(access.Expression.WithoutTrivia()),
                invocation.ArgumentList.Arguments[0].WithoutTrivia(),
            })));
        return call.WithTriviaFrom(invocation);
    }

    private static SyntaxNode? InterpolatedInvariant(SyntaxNode node)
    {
        if (node is not InterpolatedStringExpressionSyntax interpolated)
        {
            return null;
        }
        var call = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, GeneratedSyntax.StringType(), SyntaxFactory.IdentifierName("Create")),
            SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[]
            {
                SyntaxFactory.Argument(GeneratedSyntax.InvariantCulture()),
                SyntaxFactory.Argument(interpolated.WithoutTrivia()),
            })));
        return call.WithTriviaFrom(interpolated);
    }

    private static SyntaxNode? ToStringInvariant(SyntaxNode node) =>
        node is ExpressionSyntax expression
            ? GeneratedSyntax.Call(expression, "ToString", GeneratedSyntax.InvariantCulture()).WithTriviaFrom(expression)
            : null;

    private static SyntaxNode? ReplaceMember(SyntaxNode node, ImmutableDictionary<string, string?> properties)
    {
        if (!properties.TryGetValue(CultureAnalyzer.NameProperty, out var name) || name is null)
        {
            return null;
        }
        return node switch
        {
            MemberAccessExpressionSyntax access => access.WithName(SyntaxFactory.IdentifierName(name).WithTriviaFrom(access.Name)),
            IdentifierNameSyntax identifier => SyntaxFactory.IdentifierName(name).WithTriviaFrom(identifier),
            _ => null,
        };
    }

    private static async Task<Document> Replace(Document document, SyntaxNode target, SyntaxNode replacement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var changed = document.WithSyntaxRoot(root!.ReplaceNode(target, replacement));
        // Adds 'using System.Globalization;' for the inserted qualified names; the clean-up then shortens them.
        return await ImportAdder.AddImportsAsync(changed, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
