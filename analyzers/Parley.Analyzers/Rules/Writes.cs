using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Parley.Analyzers.Rules;

/// <summary>Whether an operation is written to: an assignment target, incremented, or passed by <c>ref</c>/<c>out</c>.</summary>
internal static class Writes
{
    public static bool IsTarget(IOperation operation)
    {
        var parent = operation.Parent;
        switch (parent)
        {
            case IAssignmentOperation assignment when assignment.Target == operation:
            case ICoalesceAssignmentOperation coalesce when coalesce.Target == operation:
            case IIncrementOrDecrementOperation increment when increment.Target == operation:
                return true;
            case IArgumentOperation argument:
                return argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out;
            case ITupleOperation:
                for (var o = parent; o is not null; o = o.Parent)
                {
                    if (o.Parent is IDeconstructionAssignmentOperation deconstruction)
                    {
                        return deconstruction.Target == o;
                    }
                    if (o.Parent is not ITupleOperation)
                    {
                        return false;
                    }
                }
                return false;
            default:
                return false;
        }
    }
}
