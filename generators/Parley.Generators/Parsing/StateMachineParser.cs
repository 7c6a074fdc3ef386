using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Parley.Generators.Determinism;
using Parley.Generators.Diagnostics;
using Parley.Generators.Hashing;
using Parley.Generators.Model;
using Parley.Generators.Translation;

namespace Parley.Generators.Parsing;

/// <summary>
/// Reads one <c>[StateMachine]</c> class — its shape, state fields, actions and hooks — and translates the rules it
/// reaches into Solidity, producing an equatable <see cref="StateMachineModel"/> with every problem as a diagnostic.
/// </summary>
internal static class StateMachineParser
{
    /// <summary>Member names the generated partial class declares.</summary>
    internal static readonly string[] ReservedNames =
    {
        "Definition", "Actions", "ToAppData", "FromAppData", "SoliditySource", "SolidityContractName", "ParleyDefinition",
        "ParleyRegister",
    };

    /// <summary>
    /// <see cref="Parse"/>, with any unexpected exception turned into a PARLEY199 diagnostic rather than the compiler's
    /// generic "generator failed" warning (which would leave the user with unbound Require/Mover errors instead).
    /// </summary>
    public static StateMachineModel SafeParse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        try
        {
            return Parse(context, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var type = (INamedTypeSymbol)context.TargetSymbol;
            var syntax = (TypeDeclarationSyntax)context.TargetNode;
            var ns = type.ContainingNamespace.IsGlobalNamespace ? string.Empty : type.ContainingNamespace.ToDisplayString();
            var addBase = type.ContainingType is null && !type.IsRecord && (type.BaseType is null || type.BaseType.SpecialType == SpecialType.System_Object) &&
                          syntax.Modifiers.Any(SyntaxKind.PartialKeyword);
            var diagnostic = new DiagnosticInfo(DiagnosticDescriptors.GeneratorFailure, LocationInfo.From(syntax.Identifier.GetLocation()),
                new[] { type.Name, e.GetType().Name + ": " + e.Message }.ToEquatableArray());
            return new StateMachineModel(ns, type.Name, (ns.Length == 0 ? string.Empty : ns + ".") + type.Name, "public", addBase, false, false,
                type.Name, type.Name + "App", 2, default, default, default, default, default, null, false, null, null,
                new[] { diagnostic }.ToEquatableArray());
        }
    }

    public static StateMachineModel Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var compilation = context.SemanticModel.Compilation;
        var known = new KnownSymbols(compilation);
        var diagnostics = new List<DiagnosticInfo>();
        var syntax = (TypeDeclarationSyntax)context.TargetNode;
        var identifier = syntax.Identifier.GetLocation();

        void Report(DiagnosticDescriptor descriptor, Location? location, params string[] args) =>
            diagnostics.Add(new DiagnosticInfo(descriptor, LocationInfo.From(location), args.ToEquatableArray()));

        var ns = type.ContainingNamespace.IsGlobalNamespace ? string.Empty : type.ContainingNamespace.ToDisplayString();
        var hintName = (ns.Length == 0 ? string.Empty : ns + ".") + type.Name;
        var accessibility = type.DeclaredAccessibility == Accessibility.Public ? "public" : "internal";

        // Attribute arguments.
        string? id = null;
        var participants = 2;
        foreach (var attribute in context.Attributes)
        {
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == "Name" && named.Value.Value is string name && name.Length > 0)
                {
                    id = name;
                }
                else if (named.Key == "Participants" && named.Value.Value is int count)
                {
                    participants = count;
                }
            }
        }
        id ??= type.Name;
        var contractName = SanitizeIdentifier(id) + "App";

        var isPartial = type.DeclaringSyntaxReferences.All(r => r.GetSyntax(cancellationToken) is TypeDeclarationSyntax t && t.Modifiers.Any(SyntaxKind.PartialKeyword));
        if (!isPartial)
        {
            Report(DiagnosticDescriptors.NotPartial, identifier, type.Name);
        }
        if (type.ContainingType is not null)
        {
            Report(DiagnosticDescriptors.UnsupportedShape, identifier, type.Name, "is nested in another type");
        }
        else if (type.IsGenericType)
        {
            Report(DiagnosticDescriptors.UnsupportedShape, identifier, type.Name, "is generic");
        }
        else if (type.IsStatic || type.IsAbstract || type.TypeKind != TypeKind.Class)
        {
            Report(DiagnosticDescriptors.UnsupportedShape, identifier, type.Name, "is static, abstract or not a class");
        }
        else if (type.IsRecord)
        {
            Report(DiagnosticDescriptors.UnsupportedShape, identifier, type.Name, "is a record (records bring generated equality members and their own base)");
        }
        var addBaseClass = false;
        if (type.IsRecord)
        {
            addBaseClass = false;
        }
        else if (type.BaseType is null || type.BaseType.SpecialType == SpecialType.System_Object)
        {
            addBaseClass = true;
        }
        else if (!known.Is(type.BaseType, known.StateMachineBase))
        {
            Report(DiagnosticDescriptors.BaseClass, identifier, type.Name, type.BaseType.ToDisplayString());
        }
        if (known.StateMachineBase is null)
        {
            // The runtime is not referenced: nothing sensible can be generated (the attribute itself lives there).
            addBaseClass = false;
        }
        if (participants < 1 || participants > 255)
        {
            Report(DiagnosticDescriptors.UnsupportedShape, identifier, type.Name, "declares Participants = " + participants.ToString(CultureInfo.InvariantCulture) + " (it must be 1 to 255)");
        }
        foreach (var reserved in ReservedNames)
        {
            foreach (var member in type.GetMembers(reserved))
            {
                if (!member.IsImplicitlyDeclared && member.Locations.Any(l => l.IsInSource))
                {
                    Report(DiagnosticDescriptors.ReservedMember, member.Locations[0], type.Name, reserved);
                }
            }
        }
        if (!type.InstanceConstructors.Any(c => c.Parameters.Length == 0))
        {
            Report(DiagnosticDescriptors.NoParameterlessConstructor, identifier, type.Name);
        }

        if (addBaseClass && isPartial && known.StateMachineBase is not null && type.ContainingType is null)
        {
            // The rules call the base class's API (Require, Mover, ...), but the base class is added by the code this
            // generator is about to emit, so in the compilation it was given they do not bind. Analyse the class in a
            // compilation that also has the base-class declaration (binding is lazy: only the rules are bound).
            var stub = (ns.Length == 0 ? string.Empty : "namespace " + ns + " {\n") +
                       "partial class " + type.Name + " : global::Parley.StateMachines.StateMachine { }\n" +
                       (ns.Length == 0 ? string.Empty : "}\n");
            var options = (CSharpParseOptions)syntax.SyntaxTree.Options;
            compilation = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(stub, options, cancellationToken: cancellationToken));
            type = compilation.GetTypeByMetadataName((ns.Length == 0 ? string.Empty : ns + ".") + type.MetadataName) ?? type;
            known = new KnownSymbols(compilation);
        }

        // State fields. A field whose type or initializer is a determinism violation (a 'double', a 'new Random()') is
        // left to the analyzers: it is not state, and the contract becomes the undeployable placeholder.
        var screen = new DeterminismScreen(compilation);
        var types = new TypeMapper(known);
        var fields = new List<FieldModel>();
        foreach (var member in type.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (member is IFieldSymbol field && !field.IsStatic && !field.IsConst)
            {
                var location = (field.AssociatedSymbol ?? field).Locations.FirstOrDefault();
                if (screen.SuppressField(field, cancellationToken))
                {
                    continue;
                }
                if (field.AssociatedSymbol is not null)
                {
                    Report(DiagnosticDescriptors.UnsupportedFieldType, location, field.AssociatedSymbol.Name, "auto-property (declare the state as a field)");
                    continue;
                }
                if (field.IsReadOnly)
                {
                    Report(DiagnosticDescriptors.UnsupportedFieldType, location, field.Name, "readonly " + field.Type.ToDisplayString() + " (state fields are decoded into, so they cannot be readonly)");
                    continue;
                }
                var mapped = types.MapStorage(field, field.Type, out var error, out var missingLength);
                if (mapped is null)
                {
                    if (missingLength)
                    {
                        Report(DiagnosticDescriptors.MissingFixedLength, location, field.Name);
                    }
                    else
                    {
                        Report(DiagnosticDescriptors.UnsupportedFieldType, location, field.Name, error ?? field.Type.ToDisplayString());
                    }
                    continue;
                }
                fields.Add(new FieldModel(field.Name, SolidityNames.Member(field.Name), mapped));
            }
        }

        // Actions.
        var actions = new List<(IMethodSymbol Method, ActionModel Model)>();
        var signatures = new HashSet<string>();
        var selectors = new HashSet<uint>();
        foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
        {
            var attribute = method.GetAttributes().FirstOrDefault(a => known.Is(a.AttributeClass, known.ActionAttribute));
            if (attribute is null)
            {
                continue;
            }
            var location = method.Locations.FirstOrDefault();
            string? problem = null;
            if (method.IsStatic)
            {
                problem = "must be an instance method";
            }
            else if (method.IsGenericMethod)
            {
                problem = "must not be generic";
            }
            else if (!method.ReturnsVoid)
            {
                problem = "must return void (it changes the state in place)";
            }
            var parameters = new List<ParameterModel>();
            foreach (var parameter in method.Parameters)
            {
                if (parameter.RefKind != RefKind.None || parameter.IsParams)
                {
                    problem = "has a ref/out/in/params parameter '" + parameter.Name + "'";
                    continue;
                }
                var mapped = types.MapValue(parameter.Type, out _);
                if (mapped is null || mapped.Kind is ValueKind.Struct or ValueKind.FixedArray)
                {
                    problem = "has parameter '" + parameter.Name + "' of type '" + parameter.Type.ToDisplayString() +
                              "': action arguments are bool, integers, UInt256, Address, Bytes32 or enums";
                    continue;
                }
                parameters.Add(new ParameterModel(parameter.Name, SolidityNames.Local(parameter.Name), mapped));
            }
            if (problem is not null)
            {
                Report(DiagnosticDescriptors.BadAction, location, method.Name, problem);
                continue;
            }
            var abiName = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Name").Value.Value as string;
            abiName = string.IsNullOrEmpty(abiName) ? char.ToLowerInvariant(method.Name[0]) + method.Name.Substring(1) : abiName!;
            var signature = abiName + "(" + string.Join(",", parameters.Select(p => p.Type.SolidityName)) + ")";
            var selector = Keccak256.Selector(signature);
            if (!signatures.Add(signature) || !selectors.Add(selector))
            {
                Report(DiagnosticDescriptors.DuplicateAction, location, method.Name, signature);
                continue;
            }
            actions.Add((method, new ActionModel(method.Name, abiName, signature, selector, parameters.ToEquatableArray(), SolidityNames.Method(method.Name))));
        }

        // Hooks.
        ISymbol? isFinal = null;
        var isFinalIsProperty = false;
        foreach (var member in type.GetMembers("IsFinal"))
        {
            if (member is IPropertySymbol { Type.SpecialType: SpecialType.System_Boolean, GetMethod: not null, IsStatic: false, Parameters.Length: 0 } p && BackingFieldOf(p) is null)
            {
                isFinal = p;
                isFinalIsProperty = true;
            }
            else if (member is IMethodSymbol { ReturnType.SpecialType: SpecialType.System_Boolean, Parameters.Length: 0, IsStatic: false, IsGenericMethod: false } m)
            {
                isFinal = m;
            }
            else
            {
                Report(DiagnosticDescriptors.BadHook, member.Locations.FirstOrDefault(), "IsFinal", "must be 'bool IsFinal => ...' (a computed instance property) or 'bool IsFinal()'");
            }
        }
        IMethodSymbol? nextMover = null;
        foreach (var member in type.GetMembers("NextMover"))
        {
            if (member is IMethodSymbol { ReturnType.SpecialType: SpecialType.System_Int32, IsStatic: false, IsGenericMethod: false, Parameters.Length: 1 } m &&
                m.Parameters[0].Type.SpecialType == SpecialType.System_UInt64 && m.Parameters[0].RefKind == RefKind.None)
            {
                nextMover = m;
            }
            else
            {
                Report(DiagnosticDescriptors.BadHook, member.Locations.FirstOrDefault(), "NextMover", "must be 'int NextMover(ulong turnNum)' (an instance method returning the participant index)");
            }
        }

        // Rules: everything reachable from the actions and hooks. Problems found from here on concern only the
        // Solidity side; the C# side (codec, Definition, Actions) needs just the shape, fields, actions and hooks above.
        var shapeProblems = diagnostics.Count;
        var functions = new List<SolidityFunctionModel>();
        var helpers = new SortedSet<string>(StringComparer.Ordinal);
        string? isFinalFunction = null;
        string? nextMoverFunction = null;
        if (known.StateMachineBase is not null)
        {
            var graph = new RuleGraph(type, known, compilation);
            var roots = actions.Select(a => (ISymbol)a.Method).ToList();
            if (isFinal is not null)
            {
                roots.Add(isFinal);
            }
            if (nextMover is not null)
            {
                roots.Add(nextMover);
            }
            var reachable = graph.Reach(roots, cancellationToken);
            foreach (var cyclic in graph.Recursive(reachable))
            {
                Report(DiagnosticDescriptors.Recursion, cyclic.Locations.FirstOrDefault(), cyclic.Name);
            }
            var actionSymbols = new HashSet<ISymbol>(actions.Select(a => (ISymbol)a.Method), SymbolEqualityComparer.Default);
            Func<ISymbol, bool> needsContext = s => actionSymbols.Contains(s) || graph.UsesContext(s);
            foreach (var hook in new[] { isFinal, nextMover })
            {
                if (hook is not null && graph.UsesContext(hook))
                {
                    Report(DiagnosticDescriptors.ActionContextOutsideAction, hook.Locations.FirstOrDefault(), hook.Name, graph.ContextApiUsedBy(hook) ?? "Mover");
                }
            }
            // Solidity function names: m_<Method>, p_<Property>; C# overloads get _1, _2… (their Solidity parameter
            // types may coincide, e.g. an enum and its underlying type).
            var names = new Dictionary<ISymbol, string>(SymbolEqualityComparer.Default);
            foreach (var group in reachable.GroupBy(m => m is IPropertySymbol ? SolidityNames.Property(m.Name) : SolidityNames.Method(m.Name)))
            {
                var index = 0;
                foreach (var member in group)
                {
                    names[member] = index == 0 ? group.Key : group.Key + "_" + index.ToString(CultureInfo.InvariantCulture);
                    index++;
                }
            }
            string FunctionName(ISymbol symbol) => names.TryGetValue(symbol, out var n) ? n : (symbol is IPropertySymbol ? SolidityNames.Property(symbol.Name) : SolidityNames.Method(symbol.Name));
            for (var i = 0; i < actions.Count; i++)
            {
                actions[i] = (actions[i].Method, actions[i].Model with { SolidityFunction = FunctionName(actions[i].Method) });
            }
            var translator = new SolidityTranslator(known, types, type, compilation, participants, diagnostics, helpers, needsContext, FunctionName, screen);
            foreach (var member in reachable)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var method = member as IMethodSymbol ?? ((IPropertySymbol)member).GetMethod!;
                var body = SolidityTranslator.BodyOf(method, compilation);
                var name = FunctionName(member);
                if (body is null)
                {
                    Report(DiagnosticDescriptors.UnsupportedExpression, member.Locations.FirstOrDefault(), member.Name, "it has no body to translate");
                    continue;
                }
                functions.Add(translator.Translate(method, body, name));
            }
            if (isFinal is not null)
            {
                isFinalFunction = FunctionName(isFinal);
            }
            if (nextMover is not null)
            {
                nextMoverFunction = FunctionName(nextMover);
            }
        }
        else
        {
            Report(DiagnosticDescriptors.UnsupportedShape, identifier, type.Name, "cannot be generated because the Parley runtime (Parley.StateMachines.StateMachine) is not referenced");
        }

        var canEmitCSharp = shapeProblems == 0 && known.StateMachineBase is not null;
        var translated = diagnostics.Count == 0 && screen.Suppressed == 0;
        return new StateMachineModel(
            ns, type.Name, hintName, accessibility, addBaseClass && isPartial, canEmitCSharp, translated, id, contractName, participants,
            fields.ToEquatableArray(), types.Structs.ToEquatableArray(), actions.Select(a => a.Model).ToEquatableArray(),
            functions.ToEquatableArray(), helpers.ToEquatableArray(),
            isFinal?.Name, isFinalIsProperty, isFinalFunction, nextMoverFunction, diagnostics.ToEquatableArray());
    }

    internal static IFieldSymbol? BackingFieldOf(IPropertySymbol property) =>
        property.ContainingType.GetMembers().OfType<IFieldSymbol>().FirstOrDefault(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, property));

    private static string SanitizeIdentifier(string name)
    {
        var chars = name.Where(c => char.IsLetterOrDigit(c) || c == '_').Where(c => c < 128).ToArray();
        var text = new string(chars);
        return text.Length == 0 || char.IsDigit(text[0]) ? "M" + text : text;
    }
}
