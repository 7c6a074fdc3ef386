using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Parley.Generators.Determinism;

/// <summary>
/// Decides whether a construct the generator cannot translate is one that Parley's determinism analyzers already report
/// (<c>PARLEY001</c>–<c>PARLEY013</c>, see docs/diagnostics/README.md). For such a construct the generator reports
/// nothing: the analyzer's error says what is wrong and fails the build, and a second, translation error for the same
/// mistake would only be noise. The machine's Solidity side is then replaced by a contract that cannot be deployed.
/// </summary>
/// <remarks>
/// <para>A construct is covered when the operation the generator reports on (an expression, a local declaration, a
/// parameter or return type, or the header of a statement) contains a determinism violation, or reads a local whose
/// declaration does — so <c>var now = DateTime.Now;</c> and a later <c>now.Hour</c> are both left to PARLEY001. The
/// body of a statement is not looked into: a <c>while</c> loop is untranslatable whatever its body holds.</para>
/// <para>The violations recognised are a subset of what the analyzers report (the screen errs towards reporting):
/// the API tables of <see cref="ForbiddenApis"/>; floating-point values of any origin (PARLEY003 reports every way one
/// can arise: type names, literals, conversions, floating members); <c>lock</c> and <c>await</c> (PARLEY007); dynamic
/// operations and locals declared <c>dynamic</c> (PARLEY009); pointers, <c>&amp;x</c>, <c>fixed</c>, <c>unsafe</c>
/// blocks and locals declared <c>nint</c>/<c>nuint</c> (PARLEY010); writes to static fields and reads of static
/// fields that are not readonly (PARLEY008); <c>foreach</c> over a hash-based collection (PARLEY005); integers
/// formatted without a format provider by <c>ToString()</c>, interpolation or concatenation (PARLEY011); a
/// <c>try</c> whose <c>catch</c> can catch the <c>ActionRejectedException</c> of a failed <c>Require</c>
/// (PARLEY013). PARLEY012 (unchecked arithmetic) needs nothing: the generator translates unchecked code.</para>
/// </remarks>
internal sealed class DeterminismScreen
{
    /// <summary>Hash-based collections (and their key/value views) whose enumeration order is unspecified (PARLEY005).</summary>
    private static readonly HashSet<string> UnorderedCollections = new(System.StringComparer.Ordinal)
    {
        "System.Collections.Generic.Dictionary`2", "System.Collections.Generic.Dictionary`2+KeyCollection",
        "System.Collections.Generic.Dictionary`2+ValueCollection", "System.Collections.Generic.HashSet`1",
        "System.Collections.Generic.IDictionary`2", "System.Collections.Generic.IReadOnlyDictionary`2",
        "System.Collections.Generic.ISet`1", "System.Collections.Generic.IReadOnlySet`1",
        "System.Collections.Concurrent.ConcurrentDictionary`2", "System.Collections.Concurrent.ConcurrentBag`1",
        "System.Collections.Immutable.ImmutableDictionary`2", "System.Collections.Immutable.ImmutableHashSet`1",
        "System.Collections.Frozen.FrozenDictionary`2", "System.Collections.Frozen.FrozenSet`1", "System.Collections.Hashtable",
    };

    private readonly Compilation _compilation;
    private readonly INamedTypeSymbol? _rejected;
    private readonly Dictionary<ISymbol, bool> _taintedLocals = new(SymbolEqualityComparer.Default);

    public DeterminismScreen(Compilation compilation)
    {
        _compilation = compilation;
        // The exception a failed Require throws; without it, any catch of System.Exception could catch it (as PARLEY013).
        _rejected = compilation.GetTypeByMetadataName("Parley.ActionRejectedException") ?? compilation.GetTypeByMetadataName("System.Exception");
    }

    /// <summary>How many diagnostics the generator left to the analyzers.</summary>
    public int Suppressed { get; private set; }

    /// <summary>Whether the construct at <paramref name="location"/> is covered; counts it in <see cref="Suppressed"/> if so.</summary>
    public bool Suppress(Location? location, CancellationToken cancellationToken = default)
    {
        if (location is null || !location.IsInSource || location.SourceTree is not { } tree ||
            !_compilation.SyntaxTrees.Contains(tree))
        {
            return false;
        }
        var node = tree.GetRoot(cancellationToken).FindNode(location.SourceSpan, getInnermostNodeForTie: true);
        if (!Covers(node, cancellationToken))
        {
            return false;
        }
        Suppressed++;
        return true;
    }

    /// <summary>
    /// Whether an instance field of the machine (or the backing field of an auto-property) cannot be state because of a
    /// determinism violation: its declared type is floating point, a pointer, <c>nint</c>/<c>nuint</c> or
    /// <c>dynamic</c> (reported as type names), or its initializer contains a violation (<c>new Random()</c>). Counts
    /// it in <see cref="Suppressed"/> if so.
    /// </summary>
    public bool SuppressField(IFieldSymbol field, CancellationToken cancellationToken = default)
    {
        var declared = (ISymbol?)field.AssociatedSymbol ?? field;
        var type = field.Type;
        var covered = IsFloatingOrPointer(type) || type.TypeKind == TypeKind.Dynamic ||
                      type.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr;
        foreach (var reference in declared.DeclaringSyntaxReferences)
        {
            if (covered)
            {
                break;
            }
            var syntax = reference.GetSyntax(cancellationToken);
            var initializer = syntax switch
            {
                VariableDeclaratorSyntax declarator => declarator.Initializer?.Value,
                PropertyDeclarationSyntax property => property.Initializer?.Value,
                _ => null,
            };
            if (initializer is not null && _compilation.GetSemanticModel(syntax.SyntaxTree).GetOperation(initializer, cancellationToken) is { } value)
            {
                covered = ContainsViolation(value, cancellationToken);
            }
        }
        if (covered)
        {
            Suppressed++;
        }
        return covered;
    }

    /// <summary>Whether the analyzers report a determinism violation that explains why <paramref name="node"/> is untranslatable.</summary>
    public bool Covers(SyntaxNode node, CancellationToken cancellationToken = default)
    {
        var model = _compilation.GetSemanticModel(node.SyntaxTree);
        switch (model.GetDeclaredSymbol(node, cancellationToken))
        {
            case ILocalSymbol local:
                return IsTainted(local, cancellationToken);
            case IParameterSymbol parameter:
                return IsFloatingOrPointer(parameter.Type);
            case IMethodSymbol method when node is MethodDeclarationSyntax or PropertyDeclarationSyntax:
                return IsFloatingOrPointer(method.ReturnType);
            case IPropertySymbol property when node is PropertyDeclarationSyntax:
                return IsFloatingOrPointer(property.Type);
        }
        if (node is FixedStatementSyntax or UnsafeStatementSyntax)
        {
            return true; // PARLEY010
        }
        var operation = model.GetOperation(node, cancellationToken);
        if (operation is null)
        {
            return false;
        }
        while (operation.Parent is { } parent && parent.Syntax == operation.Syntax)
        {
            operation = parent; // implicit conversions share their operand's syntax (an int field read as a double)
        }
        if (node is StatementSyntax and not (ExpressionStatementSyntax or LocalDeclarationStatementSyntax))
        {
            return StatementHeaderCovered(operation, cancellationToken);
        }
        return ContainsViolation(operation, cancellationToken);
    }

    /// <summary>A statement judged by its own construct and header only, never by its body.</summary>
    private bool StatementHeaderCovered(IOperation statement, CancellationToken cancellationToken)
    {
        switch (statement)
        {
            case ILockOperation:
                return true; // PARLEY007
            case ITryOperation tryOperation:
                return tryOperation.Catches.Any(c => CanCatchRejection(c.ExceptionType)); // PARLEY013
            case IForEachLoopOperation forEach:
                return IsUnordered(Unconverted(forEach.Collection).Type) || ContainsViolation(forEach.Collection, cancellationToken);
            case IForLoopOperation forLoop:
                return forLoop.Before.Any(b => ContainsViolation(b, cancellationToken)) ||
                       forLoop.Condition is { } condition && ContainsViolation(condition, cancellationToken) ||
                       forLoop.AtLoopBottom.Any(b => ContainsViolation(b, cancellationToken));
            default:
                return false;
        }
    }

    private bool ContainsViolation(IOperation root, CancellationToken cancellationToken)
    {
        foreach (var operation in root.DescendantsAndSelf())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (IsViolation(operation) || operation is ILocalReferenceOperation reference && IsTainted(reference.Local, cancellationToken))
            {
                return true;
            }
            if (operation is IForEachLoopOperation or ILockOperation or ITryOperation && StatementHeaderCovered(operation, cancellationToken))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Whether one operation, by itself, is something a determinism analyzer reports (or only arises from one).</summary>
    private bool IsViolation(IOperation operation)
    {
        if (IsFloating(operation.Type) || operation.Type is IPointerTypeSymbol or IFunctionPointerTypeSymbol)
        {
            return true; // PARLEY003 / PARLEY010: every way to such a value is reported
        }
        switch (operation)
        {
            case ILockOperation or IAwaitOperation:
                return true; // PARLEY007 ('await' needs an 'async' member, which is reported)
            case IDynamicInvocationOperation or IDynamicMemberReferenceOperation or IDynamicObjectCreationOperation or IDynamicIndexerAccessOperation:
                return true; // PARLEY009
            case IAddressOfOperation:
                return true; // PARLEY010
            case IInterpolatedStringOperation interpolated:
                return interpolated.Type?.SpecialType == SpecialType.System_String &&
                       interpolated.Parent is not (IInterpolatedStringHandlerCreationOperation or IConversionOperation { Type.SpecialType: not SpecialType.System_String }) &&
                       interpolated.Parts.OfType<IInterpolationOperation>().Any(p => IsFormattedInteger(Unconverted(p.Expression).Type)); // PARLEY011
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, OperatorMethod: null, Type.SpecialType: SpecialType.System_String } concatenation:
                return IsFormattedInteger(Unconverted(concatenation.LeftOperand).Type) || IsFormattedInteger(Unconverted(concatenation.RightOperand).Type); // PARLEY011
        }
        var member = operation switch
        {
            IInvocationOperation invocation => invocation.TargetMethod,
            IObjectCreationOperation creation => creation.Constructor,
            IMemberReferenceOperation reference => reference.Member,
            _ => null,
        };
        if (member is null || member is IFieldSymbol { IsConst: true } || InNameOf(operation))
        {
            return false;
        }
        if (ForbiddenApis.Matches(member))
        {
            return true; // PARLEY001/002/004/006/007/009/010
        }
        if (operation is IObjectCreationOperation { Type: INamedTypeSymbol created })
        {
            for (var type = created.BaseType; type is not null; type = type.BaseType)
            {
                if (ForbiddenApis.MatchesWholeType(type))
                {
                    return true; // a subclass of Random, Stopwatch, ...
                }
            }
        }
        if (member is IFieldSymbol { IsStatic: true } field && operation is IFieldReferenceOperation fieldReference &&
            (!field.IsReadOnly || IsWritten(fieldReference)))
        {
            return true; // PARLEY008
        }
        if (member is IMethodSymbol { Name: "ToString", IsStatic: false, Parameters.Length: 0 } toString && IsFormattedInteger(toString.ContainingType))
        {
            return true; // PARLEY011: ToString() of a number, without a format provider
        }
        return false;
    }

    /// <summary>Whether a local holds (or is declared to hold) a value only a determinism violation produces.</summary>
    private bool IsTainted(ILocalSymbol local, CancellationToken cancellationToken)
    {
        if (_taintedLocals.TryGetValue(local, out var known))
        {
            return known;
        }
        _taintedLocals[local] = false; // cycles (a local read in its own initializer) end here
        var tainted = IsFloatingOrPointer(local.Type);
        foreach (var reference in local.DeclaringSyntaxReferences)
        {
            if (tainted)
            {
                break;
            }
            var syntax = reference.GetSyntax(cancellationToken);
            var model = _compilation.GetSemanticModel(syntax.SyntaxTree);
            switch (syntax)
            {
                case VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } declarator:
                    // 'dynamic x' and 'nint x' written out are reported as type names (a 'var' is judged by its initializer).
                    tainted = !declaration.Type.IsVar && (local.Type.TypeKind == TypeKind.Dynamic || local.Type.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr);
                    if (!tainted && model.GetOperation(declarator, cancellationToken) is IVariableDeclaratorOperation { } operation &&
                        (operation.GetVariableInitializer() ?? (operation.Parent as IVariableDeclarationOperation)?.Initializer) is { } initializer)
                    {
                        tainted = ContainsViolation(initializer.Value, cancellationToken);
                    }
                    break;
                case ForEachStatementSyntax forEach when model.GetOperation(forEach, cancellationToken) is IForEachLoopOperation loop:
                    tainted = StatementHeaderCovered(loop, cancellationToken);
                    break;
            }
        }
        _taintedLocals[local] = tainted;
        return tainted;
    }

    private bool CanCatchRejection(ITypeSymbol caught)
    {
        if (caught.SpecialType == SpecialType.System_Object || caught.TypeKind == TypeKind.Error)
        {
            return true; // 'catch' without a declaration
        }
        for (var type = _rejected; type is not null; type = type.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(type, caught))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsUnordered(ITypeSymbol? type) =>
        type is INamedTypeSymbol named && UnorderedCollections.Contains(ForbiddenApis.MetadataName(named, out _));

    /// <summary>Integer types format with the culture's negative sign (PARLEY011); <c>Parley.UInt256</c> and enums do not.</summary>
    private static bool IsFormattedInteger(ITypeSymbol? type) =>
        type is not null && type.TypeKind != TypeKind.Enum && type.SpecialType is SpecialType.System_SByte or SpecialType.System_Byte or
            SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32 or
            SpecialType.System_Int64 or SpecialType.System_UInt64;

    private static bool IsFloatingOrPointer(ITypeSymbol? type) => IsFloating(type) || type is IPointerTypeSymbol or IFunctionPointerTypeSymbol;

    /// <summary>float, double, decimal, Half, or a type built from one (arrays, nullables, generic arguments), as PARLEY003.</summary>
    private static bool IsFloating(ITypeSymbol? type, int depth = 0)
    {
        if (type is null || depth > 8)
        {
            return false;
        }
        if (type.SpecialType is SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Decimal ||
            type is INamedTypeSymbol { Name: "Half", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
        {
            return true;
        }
        return type switch
        {
            IArrayTypeSymbol array => IsFloating(array.ElementType, depth + 1),
            IPointerTypeSymbol pointer => IsFloating(pointer.PointedAtType, depth + 1),
            INamedTypeSymbol named => named.TypeArguments.Any(a => IsFloating(a, depth + 1)),
            _ => false,
        };
    }

    private static IOperation Unconverted(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }
        return operation;
    }

    private static bool IsWritten(IOperation reference) => reference.Parent switch
    {
        IAssignmentOperation assignment => assignment.Target == reference,
        IIncrementOrDecrementOperation => true,
        _ => false,
    };

    private static bool InNameOf(IOperation operation)
    {
        for (var o = operation.Parent; o is not null; o = o.Parent)
        {
            if (o is INameOfOperation)
            {
                return true;
            }
        }
        return false;
    }
}
