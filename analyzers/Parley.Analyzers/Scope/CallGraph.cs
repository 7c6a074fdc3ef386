using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Parley.Analyzers.Scope;

/// <summary>
/// The members of the compilation that a member's code can run: the edges of the walk in
/// <see cref="StateMachineScope"/>. Only members declared in source of this compilation are returned; calls into
/// referenced assemblies end the walk.
/// </summary>
/// <remarks>
/// Used only from the single thread that builds a scope's reachability map; each member is asked for once.
/// </remarks>
internal sealed class CallGraph
{
    private readonly Compilation compilation;
    private readonly Dictionary<SyntaxTree, SemanticModel> models = new();
    private readonly Dictionary<INamedTypeSymbol, IReadOnlyList<ISymbol>> staticInitialization = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<INamedTypeSymbol, IReadOnlyList<ISymbol>> instanceInitializers = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<INamedTypeSymbol, IReadOnlyList<ISymbol>> escapingMembers = new(SymbolEqualityComparer.Default);
    private Dictionary<ISymbol, List<ISymbol>>? overrides;

    public CallGraph(Compilation compilation)
    {
        this.compilation = compilation;
    }

    /// <summary>The source members <paramref name="member"/>'s code calls or otherwise runs, in source order.</summary>
    public IReadOnlyList<ISymbol> Callees(ISymbol member)
    {
        var result = new Edges(this);
        switch (member)
        {
            case IMethodSymbol method:
                AddMethodBody(method, result);
                break;
            case IFieldSymbol field:
                foreach (var syntax in Syntax(field))
                {
                    if (syntax is VariableDeclaratorSyntax { Initializer: { } initializer })
                    {
                        Walk(initializer, result);
                    }
                }
                break;
            case IPropertySymbol property:
                foreach (var syntax in Syntax(property))
                {
                    if (syntax is PropertyDeclarationSyntax { Initializer: { } initializer })
                    {
                        Walk(initializer, result);
                    }
                }
                break;
            case IEventSymbol @event:
                foreach (var syntax in Syntax(@event))
                {
                    if (syntax is VariableDeclaratorSyntax { Initializer: { } initializer })
                    {
                        Walk(initializer, result);
                    }
                }
                break;
        }
        return result.List;
    }

    private void AddMethodBody(IMethodSymbol method, Edges result)
    {
        if (method.MethodKind is MethodKind.Constructor && method.IsImplicitlyDeclared)
        {
            // The implicit constructor runs the instance initializers, then the base type's parameterless constructor.
            AddInstanceInitializers(method.ContainingType, result);
            var baseConstructor = method.ContainingType.BaseType?.InstanceConstructors.FirstOrDefault(c => c.Parameters.Length == 0);
            result.AddMethod(baseConstructor);
            return;
        }
        var chainsToThis = false;
        foreach (var syntax in Syntax(method.PartialImplementationPart ?? method))
        {
            switch (syntax)
            {
                case ConstructorDeclarationSyntax ctor:
                    chainsToThis |= ctor.Initializer is { RawKind: (int)SyntaxKind.ThisConstructorInitializer };
                    Walk(ctor, result);
                    break;
                case TypeDeclarationSyntax type:
                    // A primary constructor: its arguments to the base type's constructor.
                    if (type.BaseList?.Types.OfType<PrimaryConstructorBaseTypeSyntax>().FirstOrDefault() is { } baseCall)
                    {
                        Walk(baseCall, result);
                    }
                    break;
                case ParameterSyntax:
                    break; // accessors of a record's positional property: no code of their own
                default:
                    Walk(syntax, result);
                    break;
            }
        }
        if (method.MethodKind is MethodKind.Constructor && !chainsToThis)
        {
            AddInstanceInitializers(method.ContainingType, result);
        }
    }

    private void AddInstanceInitializers(INamedTypeSymbol type, Edges result)
    {
        type = type.OriginalDefinition;
        if (!IsSourceType(type))
        {
            return;
        }
        if (!instanceInitializers.TryGetValue(type, out var members))
        {
            members = type.GetMembers().Where(m => !m.IsStatic && HasInitializer(m)).ToList();
            instanceInitializers.Add(type, members);
        }
        foreach (var member in members)
        {
            result.Add(member);
        }
    }

    /// <summary>Touching a static member of a source type runs its static constructor and static initializers.</summary>
    private void AddStaticInitialization(INamedTypeSymbol? type, Edges result)
    {
        if (type is null)
        {
            return;
        }
        type = type.OriginalDefinition;
        if (!IsSourceType(type))
        {
            return;
        }
        if (!staticInitialization.TryGetValue(type, out var members))
        {
            members = type.GetMembers()
                .Where(m => m.IsStatic && (HasInitializer(m) || m is IMethodSymbol { MethodKind: MethodKind.StaticConstructor }))
                .ToList();
            staticInitialization.Add(type, members);
        }
        foreach (var member in members)
        {
            result.Add(member);
        }
    }

    /// <summary>
    /// The overrides and interface implementations of a source type and its source base types: what referenced code
    /// may call on an object of the type that escapes to it.
    /// </summary>
    private IReadOnlyList<ISymbol> EscapingMembers(INamedTypeSymbol type)
    {
        type = type.OriginalDefinition;
        if (escapingMembers.TryGetValue(type, out var members))
        {
            return members;
        }
        var list = new List<ISymbol>();
        for (var t = type; t is not null && IsSourceType(t); t = t.BaseType?.OriginalDefinition)
        {
            foreach (var member in t.GetMembers())
            {
                if (member is IMethodSymbol { IsStatic: false } method
                    && (method.IsOverride || method.ExplicitInterfaceImplementations.Length > 0 || ImplementsInterface(t, method)))
                {
                    list.Add(method);
                }
            }
        }
        escapingMembers.Add(type, list);
        return list;
    }

    private static bool ImplementsInterface(INamedTypeSymbol type, IMethodSymbol method)
    {
        foreach (var @interface in type.AllInterfaces)
        {
            foreach (var interfaceMember in @interface.GetMembers(method.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(interfaceMember), method))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private bool IsSourceType(INamedTypeSymbol type) => SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, compilation.Assembly);

    private static bool HasInitializer(ISymbol member) => member switch
    {
        IFieldSymbol { IsImplicitlyDeclared: false, IsConst: false } field =>
            field.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is VariableDeclaratorSyntax { Initializer: not null }),
        IPropertySymbol property =>
            property.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is PropertyDeclarationSyntax { Initializer: not null }),
        IEventSymbol @event =>
            @event.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is VariableDeclaratorSyntax { Initializer: not null }),
        _ => false,
    };

    private static IEnumerable<SyntaxNode> Syntax(ISymbol symbol) => symbol.DeclaringSyntaxReferences.Select(r => r.GetSyntax());

    private SemanticModel Model(SyntaxTree tree)
    {
        if (!models.TryGetValue(tree, out var model))
        {
            // The analyzer driver gives the compilation a caching semantic model provider, so this returns the model the
            // driver already built for the tree when there is one.
#pragma warning disable RS1030 // The call chain crosses files: the callee's tree is not the one being analyzed.
            model = compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
            models.Add(tree, model);
        }
        return model;
    }

    private void Walk(SyntaxNode syntax, Edges result)
    {
        var model = Model(syntax.SyntaxTree);
        var root = model.GetOperation(syntax);
        if (root is null)
        {
            return;
        }
        foreach (var operation in root.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IInvocationOperation invocation:
                    result.AddMethod(invocation.TargetMethod, invocation.IsVirtual || invocation.TargetMethod.IsAbstract);
                    break;
                case IObjectCreationOperation creation:
                    result.AddMethod(creation.Constructor);
                    result.AddCreatedType(creation.Type as INamedTypeSymbol);
                    break;
                case IPropertyReferenceOperation property:
                    var usage = Usage(property);
                    if (usage.Reads)
                    {
                        result.AddMethod(property.Property.GetMethod, virtualDispatch: true);
                    }
                    if (usage.Writes)
                    {
                        result.AddMethod(property.Property.SetMethod, virtualDispatch: true);
                    }
                    if (property.Property.IsStatic)
                    {
                        AddStaticInitialization(property.Property.ContainingType, result);
                    }
                    break;
                case IFieldReferenceOperation { Field.IsStatic: true } field:
                    AddStaticInitialization(field.Field.ContainingType, result);
                    break;
                case IEventAssignmentOperation { EventReference: IEventReferenceOperation eventReference } assignment:
                    result.AddMethod(assignment.Adds ? eventReference.Event.AddMethod : eventReference.Event.RemoveMethod, virtualDispatch: true);
                    break;
                case IMethodReferenceOperation methodReference:
                    result.AddMethod(methodReference.Method, methodReference.IsVirtual);
                    break;
                case IBinaryOperation binary:
                    result.AddMethod(binary.OperatorMethod);
                    break;
                case IUnaryOperation unary:
                    result.AddMethod(unary.OperatorMethod);
                    break;
                case ICompoundAssignmentOperation compound:
                    result.AddMethod(compound.OperatorMethod);
                    result.AddMethod(compound.InConversion.MethodSymbol);
                    result.AddMethod(compound.OutConversion.MethodSymbol);
                    break;
                case IIncrementOrDecrementOperation increment:
                    result.AddMethod(increment.OperatorMethod);
                    break;
                case IConversionOperation conversion:
                    result.AddMethod(conversion.OperatorMethod);
                    break;
                case IWithOperation with:
                    result.AddMethod(with.CloneMethod);
                    break;
                case ICollectionExpressionOperation collection:
                    result.AddMethod(collection.ConstructMethod);
                    break;
                case IForEachLoopOperation forEach when forEach.Syntax is CommonForEachStatementSyntax forEachSyntax:
                    var info = model.GetForEachStatementInfo(forEachSyntax);
                    result.AddMethod(info.GetEnumeratorMethod, virtualDispatch: true);
                    result.AddMethod(info.MoveNextMethod, virtualDispatch: true);
                    result.AddMethod(info.CurrentProperty?.GetMethod, virtualDispatch: true);
                    result.AddMethod(info.DisposeMethod, virtualDispatch: true);
                    break;
                case IDeconstructionAssignmentOperation deconstruction when deconstruction.Syntax is AssignmentExpressionSyntax assignmentSyntax:
                    AddDeconstruction(model.GetDeconstructionInfo(assignmentSyntax), result);
                    break;
            }
        }
    }

    private static void AddDeconstruction(DeconstructionInfo info, Edges result)
    {
        result.AddMethod(info.Method);
        result.AddMethod(info.Conversion?.MethodSymbol);
        foreach (var nested in info.Nested)
        {
            AddDeconstruction(nested, result);
        }
    }

    private static (bool Reads, bool Writes) Usage(IPropertyReferenceOperation property) => property.Parent switch
    {
        ISimpleAssignmentOperation assignment when assignment.Target == property => (false, true),
        ICompoundAssignmentOperation compound when compound.Target == property => (true, true),
        ICoalesceAssignmentOperation coalesce when coalesce.Target == property => (true, true),
        IIncrementOrDecrementOperation increment when increment.Target == property => (true, true),
        ITupleOperation tuple when tuple.Parent is IDeconstructionAssignmentOperation => (false, true),
        _ => (true, false),
    };

    /// <summary>Source overrides and implementations of each virtual, abstract or interface member (built on first need).</summary>
    private IReadOnlyList<ISymbol> Implementations(ISymbol member)
    {
        if (overrides is null)
        {
            overrides = new Dictionary<ISymbol, List<ISymbol>>(SymbolEqualityComparer.Default);
            IndexOverrides(compilation.Assembly.GlobalNamespace, overrides);
        }
        return overrides.TryGetValue(member, out var list) ? list : (IReadOnlyList<ISymbol>)System.Array.Empty<ISymbol>();
    }

    private static void IndexOverrides(INamespaceOrTypeSymbol container, Dictionary<ISymbol, List<ISymbol>> index)
    {
        foreach (var member in container.GetMembers())
        {
            if (member is INamespaceSymbol ns)
            {
                IndexOverrides(ns, index);
                continue;
            }
            if (member is not INamedTypeSymbol type)
            {
                continue;
            }
            IndexOverrides(type, index);
            foreach (var typeMember in type.GetMembers())
            {
                if (typeMember is IMethodSymbol { OverriddenMethod: { } overridden } method)
                {
                    Add(index, overridden, method);
                }
            }
            foreach (var @interface in type.AllInterfaces)
            {
                foreach (var interfaceMember in @interface.GetMembers())
                {
                    if (interfaceMember is IMethodSymbol && type.FindImplementationForInterfaceMember(interfaceMember) is IMethodSymbol implementation
                        && SymbolEqualityComparer.Default.Equals(implementation.ContainingType, type))
                    {
                        Add(index, interfaceMember, implementation);
                    }
                }
            }
        }
    }

    private static void Add(Dictionary<ISymbol, List<ISymbol>> index, ISymbol baseMember, ISymbol implementation)
    {
        var key = StateMachineScope.Canonical(baseMember)!;
        if (!index.TryGetValue(key, out var list))
        {
            index.Add(key, list = new List<ISymbol>());
        }
        list.Add(implementation);
    }

    /// <summary>The edges of one member, deduplicated, in the order found.</summary>
    private sealed class Edges
    {
        private readonly CallGraph graph;
        private readonly HashSet<ISymbol> seen = new(SymbolEqualityComparer.Default);

        public Edges(CallGraph graph)
        {
            this.graph = graph;
        }

        public List<ISymbol> List { get; } = new();

        public void Add(ISymbol member)
        {
            var key = StateMachineScope.Canonical(member)!;
            if (InSource(key) && seen.Add(key))
            {
                List.Add(key);
            }
        }

        public void AddMethod(IMethodSymbol? method, bool virtualDispatch = false)
        {
            if (method is null || method.MethodKind is MethodKind.AnonymousFunction or MethodKind.LocalFunction)
            {
                return;
            }
            var key = (IMethodSymbol)StateMachineScope.Canonical(method)!;
            if (key.IsStatic || key.MethodKind is MethodKind.Constructor)
            {
                graph.AddStaticInitialization(key.ContainingType, this);
            }
            Add(key);
            if (virtualDispatch)
            {
                AddImplementations(key);
            }
        }

        /// <summary>The source overrides and implementations a virtual or interface call can dispatch to, transitively.</summary>
        private void AddImplementations(IMethodSymbol method)
        {
            var pending = new Stack<IMethodSymbol>();
            var visited = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            pending.Push(method);
            while (pending.Count > 0)
            {
                var current = pending.Pop();
                if (!visited.Add(current) || !InSource(current)
                    || !(current.IsVirtual || current.IsAbstract || current.IsOverride || current.ContainingType.TypeKind == TypeKind.Interface))
                {
                    continue;
                }
                foreach (var implementation in graph.Implementations(current))
                {
                    Add(implementation);
                    if (implementation is IMethodSymbol next)
                    {
                        pending.Push(next);
                    }
                }
            }
        }

        /// <summary>
        /// An object of a source type escapes into code that may call any of its overrides and interface
        /// implementations (a comparer handed to a sort, a formattable handed to string.Format): they are reached too.
        /// </summary>
        public void AddCreatedType(INamedTypeSymbol? type)
        {
            if (type is null)
            {
                return;
            }
            foreach (var member in graph.EscapingMembers(type))
            {
                Add(member);
            }
        }

        /// <summary>Declared in this compilation with code to walk (an implicit constructor runs the field initializers).</summary>
        private bool InSource(ISymbol symbol)
        {
            if (!SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, graph.compilation.Assembly))
            {
                return false;
            }
            return symbol.DeclaringSyntaxReferences.Length > 0
                || symbol is IMethodSymbol { MethodKind: MethodKind.Constructor, IsImplicitlyDeclared: true };
        }
    }
}
