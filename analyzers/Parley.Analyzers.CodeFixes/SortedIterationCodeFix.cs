using System.Collections.Immutable;
using System.Composition;
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
/// Fixes PARLEY005 by enumerating in sorted key order: a dictionary <c>d</c> becomes
/// <c>d.OrderBy(entry =&gt; entry.Key, StringComparer.Ordinal)</c> (no comparer argument for integer, enum and
/// comparable struct keys, whose default order is deterministic), a set <c>s</c> becomes <c>s.OrderBy(item =&gt; item)</c>,
/// <c>d.Keys</c> becomes <c>d.Keys.OrderBy(key =&gt; key)</c> and <c>d.Values</c> becomes
/// <c>d.OrderBy(entry =&gt; entry.Key).Select(entry =&gt; entry.Value)</c>. Adds <c>using System.Linq;</c> when needed.
/// Offered only when the diagnostic names a deterministic comparer for the key type.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SortedIterationCodeFix))]
[Shared]
public sealed class SortedIterationCodeFix : CodeFixProvider
{
    /// <summary>The title of the code action.</summary>
    public const string Title = "Iterate in sorted key order";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.UnorderedIteration.Id);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            var properties = diagnostic.Properties;
            if (!properties.TryGetValue(UnorderedIterationAnalyzer.ShapeProperty, out var shape)
                || !properties.TryGetValue(UnorderedIterationAnalyzer.ComparerProperty, out var comparer)
                || comparer is not ("Ordinal" or "Default"))
            {
                continue;
            }
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax expression
                || shape == "Values" && expression is not MemberAccessExpressionSyntax)
            {
                continue;
            }
            context.RegisterCodeFix(
                CodeAction.Create(Title, ct => Sort(context.Document, expression, shape!, comparer == "Ordinal", ct), equivalenceKey: Title),
                diagnostic);
        }
    }

    private static async Task<Document> Sort(Document document, ExpressionSyntax expression, string shape, bool ordinal, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var root = (CompilationUnitSyntax)(await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        var position = expression.SpanStart;
        ExpressionSyntax sorted;
        switch (shape)
        {
            case "Pairs":
                var entry = FreeName(model!, position, "entry");
                sorted = OrderBy(expression, entry, Member(entry, "Key"), ordinal);
                break;
            case "Values":
                var dictionary = ((MemberAccessExpressionSyntax)expression).Expression;
                var pair = FreeName(model!, position, "entry");
                sorted = GeneratedSyntax.Call(
                    OrderBy(dictionary, pair, Member(pair, "Key"), ordinal),
                    "Select",
                    Lambda(pair, Member(pair, "Value")));
                break;
            default:
                var item = FreeName(model!, position, shape == "Keys" ? "key" : "item");
                sorted = OrderBy(expression, item, SyntaxFactory.IdentifierName(item), ordinal);
                break;
        }
        root = root.ReplaceNode(expression, sorted.WithTriviaFrom(expression));
        if (!root.Usings.Any(u => u.Name?.ToString() == "System.Linq") && !ImportsLinq(model!, position))
        {
            root = root.AddUsings(SyntaxFactory.UsingDirective(SyntaxFactory.ParseName("System.Linq")).NormalizeWhitespace().WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed));
        }
        return await ImportAdder.AddImportsAsync(document.WithSyntaxRoot(root), Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether <c>OrderBy</c> already binds at the position (a global using or an enclosing namespace's using).</summary>
    private static bool ImportsLinq(SemanticModel model, int position) =>
        model.LookupNamespacesAndTypes(position, name: "Enumerable")
            .Any(s => s is INamedTypeSymbol { ContainingNamespace: { Name: "Linq", ContainingNamespace.Name: "System" } })
        || model.LookupSymbols(position, name: "OrderBy", includeReducedExtensionMethods: true).Length > 0;

    private static ExpressionSyntax OrderBy(ExpressionSyntax source, string parameter, ExpressionSyntax key, bool ordinal) =>
        ordinal
            ? GeneratedSyntax.Call(source, "OrderBy", Lambda(parameter, key), GeneratedSyntax.OrdinalComparer())
            : GeneratedSyntax.Call(source, "OrderBy", Lambda(parameter, key));

    private static SimpleLambdaExpressionSyntax Lambda(string parameter, ExpressionSyntax body) =>
        SyntaxFactory.SimpleLambdaExpression(SyntaxFactory.Parameter(SyntaxFactory.Identifier(parameter)), body);

    private static MemberAccessExpressionSyntax Member(string receiver, string name) =>
        SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(receiver), SyntaxFactory.IdentifierName(name));

    /// <summary>A lambda parameter name that shadows nothing in scope at the position: <c>entry</c>, else <c>entry2</c>, ….</summary>
    private static string FreeName(SemanticModel model, int position, string stem)
    {
        for (var i = 1; ; i++)
        {
            var name = i == 1 ? stem : stem + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (model.LookupSymbols(position, name: name).IsEmpty)
            {
                return name;
            }
        }
    }
}
