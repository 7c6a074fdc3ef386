using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Parley.Analyzers.Scope;

namespace Parley.Analyzers.Rules;

/// <summary>
/// PARLEY005: enumerating an unordered collection — <c>foreach</c> over a Dictionary, HashSet, ConcurrentDictionary,
/// ImmutableDictionary, FrozenSet, Hashtable, the <c>IDictionary</c>/<c>ISet</c> interfaces (or their <c>Keys</c> and
/// <c>Values</c>); passing one where an <c>IEnumerable</c> is enumerated (LINQ operators whose result depends on order,
/// <c>string.Join</c>, <c>new List&lt;T&gt;(…)</c>, <c>AddRange</c>, a helper's <c>IEnumerable&lt;T&gt;</c>
/// parameter); spreading one into a collection expression; calling its <c>GetEnumerator</c>. Lookups by key
/// (<c>TryGetValue</c>, the indexer, <c>ContainsKey</c>, <c>Count</c>), set operations, order-insensitive LINQ
/// (<c>Count</c>, <c>Any</c>, <c>All</c>, <c>Contains</c>, <c>Min</c>, <c>Max</c>, <c>OrderBy</c>…) and copies into
/// other hash-based or sorted collections are fine.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnorderedIterationAnalyzer : DeterminismAnalyzer
{
    /// <summary>Diagnostic property: what the flagged expression yields (<c>Pairs</c>, <c>Items</c>, <c>Keys</c>, <c>Values</c>).</summary>
    public const string ShapeProperty = "Shape";

    /// <summary>Diagnostic property: the deterministic comparer for the sort key (<c>Ordinal</c>, <c>Default</c>, or <c>None</c>: no automatic fix).</summary>
    public const string ComparerProperty = "Comparer";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.UnorderedIteration);

    private protected override void Register(CompilationStartAnalysisContext context, StateMachineScope scope)
    {
        var collections = new UnorderedCollections(scope);
        context.RegisterOperationAction(
            c =>
            {
                if (c.Operation is IForEachLoopOperation loop)
                {
                    Check(c, scope, collections, loop.Collection, loop.IsAsynchronous ? "'await foreach'" : "'foreach'");
                }
            },
            OperationKind.Loop);
        context.RegisterOperationAction(c => AnalyzeArgument(c, scope, collections), OperationKind.Argument);
        context.RegisterOperationAction(
            c => Check(c, scope, collections, ((ISpreadOperation)c.Operation).Operand, "A spread '..'"),
            OperationKind.Spread);
        context.RegisterOperationAction(
            c =>
            {
                var invocation = (IInvocationOperation)c.Operation;
                if (invocation.TargetMethod.Name == "GetEnumerator" && invocation.Instance is { } instance)
                {
                    Check(c, scope, collections, instance, "'GetEnumerator'");
                }
            },
            OperationKind.Invocation);
    }

    private static void AnalyzeArgument(OperationAnalysisContext context, StateMachineScope scope, UnorderedCollections collections)
    {
        var argument = (IArgumentOperation)context.Operation;
        if (argument.Parameter is not { } parameter || !collections.IsEnumerableParameter(parameter.OriginalDefinition.Type))
        {
            return;
        }
        var (method, what) = argument.Parent switch
        {
            IInvocationOperation invocation => (invocation.TargetMethod, $"'{MemberDisplay.Api(invocation.TargetMethod)}'"),
            IObjectCreationOperation { Constructor: { } ctor } creation => (ctor, $"'new {MemberDisplay.TypeName(creation.Type!)}'"),
            _ => ((IMethodSymbol?)null, ""),
        };
        if (method is null || collections.IsOrderInsensitive(method))
        {
            return;
        }
        Check(context, scope, collections, argument.Value, what);
    }

    private static void Check(OperationAnalysisContext context, StateMachineScope scope, UnorderedCollections collections, IOperation value, string what)
    {
        if (collections.Classify(value) is { } source && scope.Find(context.ContainingSymbol) is { } reach)
        {
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(ShapeProperty, source.Shape.ToString())
                .Add(ComparerProperty, source.Comparer.ToString());
            context.ReportDiagnostic(Report.Create(
                DiagnosticDescriptors.UnorderedIteration, source.Expression.Syntax.GetLocation(), reach, properties, what, source.Display));
        }
    }
}
