using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Parley.Analyzers.Scope;

namespace Parley.Analyzers.Rules;

/// <summary>
/// Reports every use of a forbidden API in state machine code: calls, object creations, property, field and event
/// references and method groups — and creations of source types that derive from a wholly forbidden type. A member
/// used on a receiver that is itself a forbidden use (<c>Random.Shared.Next()</c>) is reported once, at the receiver.
/// </summary>
internal static class ApiUse
{
    /// <summary>Registers the API check of one rule.</summary>
    /// <param name="context">The compilation start context.</param>
    /// <param name="scope">The compilation's scope.</param>
    /// <param name="descriptor">The rule; its first message argument is the API as written (<c>DateTime.Now</c>).</param>
    /// <param name="matches">Whether a member is forbidden.</param>
    /// <param name="matchesWholeType">Whether every member of a type is forbidden (for creations of derived types).</param>
    public static void Register(
        CompilationStartAnalysisContext context,
        StateMachineScope scope,
        DiagnosticDescriptor descriptor,
        Func<ISymbol, bool> matches,
        Func<INamedTypeSymbol, bool>? matchesWholeType = null)
    {
        context.RegisterOperationAction(
            c => Analyze(c, scope, descriptor, matches, matchesWholeType),
            OperationKind.Invocation,
            OperationKind.ObjectCreation,
            OperationKind.PropertyReference,
            OperationKind.FieldReference,
            OperationKind.EventReference,
            OperationKind.MethodReference);
    }

    /// <summary>The member an operation uses, or null.</summary>
    public static ISymbol? MemberOf(IOperation operation) => operation switch
    {
        IInvocationOperation invocation => invocation.TargetMethod,
        IObjectCreationOperation creation => creation.Constructor,
        IMemberReferenceOperation reference => reference.Member,
        _ => null,
    };

    /// <summary>Whether the operation sits inside a <c>nameof(...)</c>, which runs nothing.</summary>
    public static bool InNameOf(IOperation operation)
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

    /// <summary>The receiver of an instance member use (or of an extension method), without conversions; null for static members.</summary>
    public static IOperation? Receiver(IOperation operation)
    {
        var instance = operation switch
        {
            IInvocationOperation { Instance: null, TargetMethod.IsExtensionMethod: true, Arguments.Length: > 0 } extension => extension.Arguments[0].Value,
            IInvocationOperation invocation => invocation.Instance,
            IMemberReferenceOperation reference => reference.Instance,
            _ => null,
        };
        while (instance is IConversionOperation { IsImplicit: true } conversion)
        {
            instance = conversion.Operand;
        }
        return instance;
    }

    private static void Analyze(
        OperationAnalysisContext context,
        StateMachineScope scope,
        DiagnosticDescriptor descriptor,
        Func<ISymbol, bool> matches,
        Func<INamedTypeSymbol, bool>? matchesWholeType)
    {
        var operation = context.Operation;
        if (MemberOf(operation) is not { } member || member is IFieldSymbol { IsConst: true })
        {
            return; // a constant (an enum member such as BindingFlags.Public) runs nothing
        }
        if (!IsForbidden(operation, member, matches, matchesWholeType))
        {
            return;
        }
        if (Receiver(operation) is { } receiver && MemberOf(receiver) is { } receiverMember
            && IsForbidden(receiver, receiverMember, matches, matchesWholeType))
        {
            return;
        }
        if (InNameOf(operation) || scope.Find(context.ContainingSymbol) is not { } reach)
        {
            return;
        }
        var api = operation is IObjectCreationOperation { Type: INamedTypeSymbol created }
            ? "new " + MemberDisplay.TypeName(created)
            : MemberDisplay.Api(member);
        context.ReportDiagnostic(Report.Create(descriptor, operation.Syntax.GetLocation(), reach, api));
    }

    private static bool IsForbidden(IOperation operation, ISymbol member, Func<ISymbol, bool> matches, Func<INamedTypeSymbol, bool>? matchesWholeType)
    {
        if (matches(member))
        {
            return true;
        }
        if (matchesWholeType is not null && operation is IObjectCreationOperation { Type: INamedTypeSymbol created })
        {
            for (var type = created.BaseType; type is not null; type = type.BaseType)
            {
                if (matchesWholeType(type))
                {
                    return true;
                }
            }
        }
        return false;
    }
}
