using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Parley.Analyzers.Scope;

namespace Parley.Analyzers.Rules;

/// <summary>
/// Reports the type names written in state machine code that denote a forbidden type: in declarations of fields,
/// properties, parameters, return types and locals, in casts, <c>typeof</c>, <c>default</c>, generic arguments,
/// array creations and patterns. <c>var</c> is not a mention (the initializer is checked instead), and neither is the
/// type in a static member access such as <c>double.Parse</c> (the member use is).
/// </summary>
internal static class TypeMentions
{
    /// <summary>Registers the type-mention check of one rule.</summary>
    /// <param name="context">The compilation start context.</param>
    /// <param name="scope">The compilation's scope.</param>
    /// <param name="descriptor">The rule; its first message argument is the description returned by <paramref name="describe"/>.</param>
    /// <param name="candidate">A cheap syntactic pre-test of a name (its identifier or keyword), before binding.</param>
    /// <param name="describe">The description of a forbidden type (<c>type 'double'</c>), or null when the type is allowed.</param>
    public static void Register(
        CompilationStartAnalysisContext context,
        StateMachineScope scope,
        DiagnosticDescriptor descriptor,
        Func<SimpleNameOrKeyword, bool> candidate,
        Func<ITypeSymbol, string?> describe)
    {
        context.RegisterSyntaxNodeAction(
            c => Analyze(c, scope, descriptor, candidate, describe),
            SyntaxKind.PredefinedType,
            SyntaxKind.IdentifierName,
            SyntaxKind.QualifiedName,
            SyntaxKind.AliasQualifiedName);
    }

    private static void Analyze(
        SyntaxNodeAnalysisContext context,
        StateMachineScope scope,
        DiagnosticDescriptor descriptor,
        Func<SimpleNameOrKeyword, bool> candidate,
        Func<ITypeSymbol, string?> describe)
    {
        var node = (TypeSyntax)context.Node;
        if (node.Parent is QualifiedNameSyntax or AliasQualifiedNameSyntax)
        {
            return; // part of a longer name: the whole name is checked
        }
        var name = node switch
        {
            PredefinedTypeSyntax predefined => new SimpleNameOrKeyword(predefined.Keyword.Kind(), predefined.Keyword.ValueText),
            QualifiedNameSyntax qualified => new SimpleNameOrKeyword(SyntaxKind.IdentifierToken, qualified.Right.Identifier.ValueText),
            AliasQualifiedNameSyntax aliased => new SimpleNameOrKeyword(SyntaxKind.IdentifierToken, aliased.Name.Identifier.ValueText),
            IdentifierNameSyntax identifier => new SimpleNameOrKeyword(SyntaxKind.IdentifierToken, identifier.Identifier.ValueText),
            _ => default,
        };
        var isCandidate = candidate(name);
        if (!isCandidate && !scope.HasUsingAliases)
        {
            return; // the common case: a name that cannot denote a forbidden type, decided by its text alone
        }
        if (node.IsVar || !InTypePosition(node) || !isCandidate && !IsAlias(node, context))
        {
            return;
        }
        if (scope.Find(context.ContainingSymbol) is not { } reach)
        {
            return;
        }
        if (context.SemanticModel.GetSymbolInfo(node, context.CancellationToken).Symbol is not ITypeSymbol type || describe(type) is not { } what)
        {
            return;
        }
        context.ReportDiagnostic(Report.Create(descriptor, node.GetLocation(), reach, what));
    }

    private static bool InTypePosition(TypeSyntax node)
    {
        if (SyntaxFacts.IsInTypeOnlyContext(node))
        {
            return true;
        }
        return node.Parent switch
        {
            DeclarationPatternSyntax or TypePatternSyntax or RecursivePatternSyntax => true,
            BinaryExpressionSyntax binary => binary.Right == node && binary.Kind() is SyntaxKind.IsExpression or SyntaxKind.AsExpression,
            _ => false,
        };
    }

    /// <summary>Whether a simple name might be a using alias (then the candidate pre-test cannot judge it by its text).</summary>
    private static bool IsAlias(TypeSyntax node, SyntaxNodeAnalysisContext context) =>
        node is IdentifierNameSyntax && context.SemanticModel.GetAliasInfo(node, context.CancellationToken) is not null;
}

/// <summary>The last identifier or the keyword of a type name, for a cheap pre-test before binding.</summary>
internal readonly struct SimpleNameOrKeyword
{
    public SimpleNameOrKeyword(SyntaxKind kind, string text)
    {
        Kind = kind;
        Text = text;
    }

    /// <summary>The keyword kind (<c>DoubleKeyword</c>) or <c>IdentifierToken</c>.</summary>
    public SyntaxKind Kind { get; }

    /// <summary>The identifier's or keyword's text.</summary>
    public string Text { get; }
}
