using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Parley.Analyzers.Scope;

namespace Parley.Analyzers.Rules;

/// <summary>
/// PARLEY010: unsafe code, pointers and native-sized integers — the <c>unsafe</c> modifier and blocks, <c>fixed</c>,
/// pointer and function pointer types, <c>&amp;x</c>, <c>*p</c>, <c>p-&gt;f</c>, <c>stackalloc</c> into a pointer,
/// <c>sizeof</c> of a non-primitive type, <c>extern</c> methods, <c>nint</c>/<c>nuint</c> (<c>IntPtr</c>/<c>UIntPtr</c>)
/// and the members of <c>Unsafe</c>, <c>Marshal</c>, <c>MemoryMarshal</c>, <c>CollectionsMarshal</c>,
/// <c>NativeMemory</c>, <c>NativeLibrary</c>, <c>GCHandle</c> and <c>Buffer.MemoryCopy</c>. <c>stackalloc</c> into a
/// <c>Span&lt;T&gt;</c> is safe code and fine.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnsafeCodeAnalyzer : DeterminismAnalyzer
{
    private static readonly ApiTable Apis = new ApiTable()
        .Type("System.Runtime.CompilerServices.Unsafe")
        .Type("System.Runtime.InteropServices.Marshal")
        .Type("System.Runtime.InteropServices.MemoryMarshal")
        .Type("System.Runtime.InteropServices.CollectionsMarshal")
        .Type("System.Runtime.InteropServices.NativeMemory")
        .Type("System.Runtime.InteropServices.NativeLibrary")
        .Type("System.Runtime.InteropServices.GCHandle")
        .Type("System.IntPtr")
        .Type("System.UIntPtr")
        .Members("System.Buffer", "MemoryCopy");

    private static readonly SyntaxKind[] DeclarationKinds =
    {
        SyntaxKind.ClassDeclaration, SyntaxKind.StructDeclaration, SyntaxKind.RecordDeclaration, SyntaxKind.RecordStructDeclaration,
        SyntaxKind.InterfaceDeclaration, SyntaxKind.MethodDeclaration, SyntaxKind.ConstructorDeclaration, SyntaxKind.DestructorDeclaration,
        SyntaxKind.OperatorDeclaration, SyntaxKind.ConversionOperatorDeclaration, SyntaxKind.PropertyDeclaration,
        SyntaxKind.IndexerDeclaration, SyntaxKind.EventDeclaration, SyntaxKind.FieldDeclaration, SyntaxKind.EventFieldDeclaration,
        SyntaxKind.DelegateDeclaration, SyntaxKind.LocalFunctionStatement,
    };

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.Unsafe);

    private protected override void Register(CompilationStartAnalysisContext context, StateMachineScope scope)
    {
        ApiUse.Register(context, scope, DiagnosticDescriptors.Unsafe, m => Apis.Matches(m, scope.Names), t => Apis.MatchesWholeType(t, scope.Names));
        TypeMentions.Register(
            context,
            scope,
            DiagnosticDescriptors.Unsafe,
            static name => name.Text is "nint" or "nuint" or "IntPtr" or "UIntPtr",
            static type => type.SpecialType switch
            {
                SpecialType.System_IntPtr => "Type 'nint'",
                SpecialType.System_UIntPtr => "Type 'nuint'",
                _ => null,
            });
        context.RegisterSyntaxNodeAction(c => AnalyzeModifiers(c, scope), DeclarationKinds);
        context.RegisterSyntaxNodeAction(
            c => AnalyzeConstruct(c, scope),
            SyntaxKind.UnsafeStatement,
            SyntaxKind.FixedStatement,
            SyntaxKind.PointerType,
            SyntaxKind.FunctionPointerType,
            SyntaxKind.AddressOfExpression,
            SyntaxKind.PointerIndirectionExpression,
            SyntaxKind.PointerMemberAccessExpression,
            SyntaxKind.StackAllocArrayCreationExpression,
            SyntaxKind.ImplicitStackAllocArrayCreationExpression,
            SyntaxKind.SizeOfExpression);
    }

    private static void AnalyzeModifiers(SyntaxNodeAnalysisContext context, StateMachineScope scope)
    {
        var modifiers = context.Node switch
        {
            MemberDeclarationSyntax member => member.Modifiers,
            LocalFunctionStatementSyntax local => local.Modifiers,
            _ => default,
        };
        foreach (var modifier in modifiers)
        {
            if (!modifier.IsKind(SyntaxKind.UnsafeKeyword) && !modifier.IsKind(SyntaxKind.ExternKeyword))
            {
                continue;
            }
            var owner = context.Node switch
            {
                BaseFieldDeclarationSyntax field => context.SemanticModel.GetDeclaredSymbol(field.Declaration.Variables.First(), context.CancellationToken),
                LocalFunctionStatementSyntax => context.ContainingSymbol,
                _ => context.SemanticModel.GetDeclaredSymbol(context.Node, context.CancellationToken),
            };
            if (scope.Find(owner) is { } reach)
            {
                context.ReportDiagnostic(Report.Create(DiagnosticDescriptors.Unsafe, modifier.GetLocation(), reach, $"'{modifier.ValueText}'"));
            }
        }
    }

    private static void AnalyzeConstruct(SyntaxNodeAnalysisContext context, StateMachineScope scope)
    {
        var node = context.Node;
        Location location;
        string what;
        switch (node)
        {
            case UnsafeStatementSyntax unsafeStatement:
                (location, what) = (unsafeStatement.UnsafeKeyword.GetLocation(), "'unsafe' block");
                break;
            case FixedStatementSyntax fixedStatement:
                (location, what) = (fixedStatement.FixedKeyword.GetLocation(), "'fixed'");
                break;
            case PointerTypeSyntax or FunctionPointerTypeSyntax:
                (location, what) = (node.GetLocation(), $"Pointer type '{node}'");
                break;
            case StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax:
                if (context.SemanticModel.GetTypeInfo(node, context.CancellationToken).ConvertedType is not IPointerTypeSymbol)
                {
                    return;
                }
                (location, what) = (node.GetLocation(), "'stackalloc' into a pointer");
                break;
            case SizeOfExpressionSyntax:
                if (context.SemanticModel.GetConstantValue(node, context.CancellationToken).HasValue)
                {
                    return;
                }
                (location, what) = (node.GetLocation(), $"'{node}'");
                break;
            default:
                (location, what) = (node.GetLocation(), $"Pointer operation '{node}'");
                break;
        }
        if (scope.Find(context.ContainingSymbol) is { } reach)
        {
            context.ReportDiagnostic(Report.Create(DiagnosticDescriptors.Unsafe, location, reach, what));
        }
    }
}
