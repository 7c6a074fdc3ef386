using System.Collections.Immutable;
using System.Linq;
using System.Numerics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Parley.Analyzers.Scope;

namespace Parley.Analyzers.Rules;

/// <summary>
/// PARLEY012: integer arithmetic that can overflow silently — <c>+</c>, <c>-</c>, <c>*</c>, unary <c>-</c>,
/// <c>++</c>, <c>--</c>, compound assignments and explicit narrowing conversions of integers, and user-defined
/// operators that have a <c>checked</c> variant (<c>UInt128</c>, <c>UInt256</c>) — when the project does not set
/// <c>CheckForOverflowUnderflow</c> and the code is in no <c>checked</c> context. An explicit <c>unchecked</c> block or
/// expression is accepted (wrapping is then intended), and so is arithmetic whose operand ranges cannot overflow
/// (constants, <c>byte + byte</c> in <c>int</c>, <c>x &amp; 0xFF</c>). Nested arithmetic is reported once, at the
/// outermost expression, so that one <c>checked(...)</c> fixes it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class OverflowAnalyzer : DeterminismAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.UncheckedArithmetic);

    private protected override void Register(CompilationStartAnalysisContext context, StateMachineScope scope)
    {
        if (context.Compilation.Options.CheckOverflow)
        {
            return; // the project checks every context that is not explicitly unchecked
        }
        context.RegisterOperationAction(
            c => Analyze(c, scope),
            OperationKind.Binary,
            OperationKind.Unary,
            OperationKind.Increment,
            OperationKind.Decrement,
            OperationKind.CompoundAssignment,
            OperationKind.Conversion);
    }

    private static void Analyze(OperationAnalysisContext context, StateMachineScope scope)
    {
        var operation = context.Operation;
        if (!CanOverflowSilently(operation) || InExplicitUnchecked(operation.Syntax) || OuterAlsoReported(operation))
        {
            return;
        }
        if (scope.Find(context.ContainingSymbol) is not { } reach)
        {
            return;
        }
        var text = operation.Syntax.ToString();
        if (text.Length > 60)
        {
            text = text.Substring(0, 57) + "...";
        }
        context.ReportDiagnostic(Report.Create(DiagnosticDescriptors.UncheckedArithmetic, operation.Syntax.GetLocation(), reach, text));
    }

    private static bool OuterAlsoReported(IOperation operation)
    {
        var parent = operation.Parent;
        while (parent is IConversionOperation { IsImplicit: true } conversion && !CanOverflowSilently(conversion))
        {
            parent = parent.Parent;
        }
        return parent is not null && CanOverflowSilently(parent);
    }

    /// <summary>Whether the syntax lies in an explicit <c>unchecked</c> expression or block (the nearest such context decides).</summary>
    private static bool InExplicitUnchecked(SyntaxNode syntax)
    {
        for (var node = syntax.Parent; node is not null; node = node.Parent)
        {
            switch (node.Kind())
            {
                case SyntaxKind.UncheckedExpression:
                case SyntaxKind.UncheckedStatement:
                    return true;
                case SyntaxKind.CheckedExpression:
                case SyntaxKind.CheckedStatement:
                    return false;
            }
        }
        return false;
    }

    private static bool CanOverflowSilently(IOperation operation)
    {
        if (operation.ConstantValue.HasValue)
        {
            return false; // folded by the compiler, which rejects constant overflow outside 'unchecked'
        }
        switch (operation)
        {
            case IBinaryOperation binary when binary.OperatorKind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply:
                if (binary.IsChecked)
                {
                    return false;
                }
                if (binary.OperatorMethod is { } binaryMethod)
                {
                    return HasUncheckedVariantChosen(binaryMethod);
                }
                return IsIntegral(binary.Type) && !Fits(Combine(binary.OperatorKind, Range(binary.LeftOperand), Range(binary.RightOperand)), binary.Type!);
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus } unary:
                if (unary.IsChecked)
                {
                    return false;
                }
                if (unary.OperatorMethod is { } unaryMethod)
                {
                    return HasUncheckedVariantChosen(unaryMethod);
                }
                return IsIntegral(unary.Type) && !Fits(Negate(Range(unary.Operand)), unary.Type!);
            case IIncrementOrDecrementOperation increment:
                if (increment.IsChecked)
                {
                    return false;
                }
                return increment.OperatorMethod is { } incrementMethod ? HasUncheckedVariantChosen(incrementMethod) : IsIntegral(increment.Type);
            case ICompoundAssignmentOperation compound when compound.OperatorKind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply:
                if (compound.IsChecked)
                {
                    return false;
                }
                return compound.OperatorMethod is { } compoundMethod ? HasUncheckedVariantChosen(compoundMethod) : IsIntegral(compound.Target.Type);
            case IConversionOperation conversion when !conversion.Conversion.IsImplicit && !conversion.IsChecked:
                if (conversion.OperatorMethod is { } conversionMethod)
                {
                    return HasUncheckedVariantChosen(conversionMethod);
                }
                return conversion.Conversion.IsNumeric && IsIntegral(conversion.Type) && IsIntegral(conversion.Operand.Type)
                    && !Fits(Range(conversion.Operand), conversion.Type!);
            default:
                return false;
        }
    }

    /// <summary>A user-defined operator whose type also declares a <c>checked</c> variant that an unchecked context did not pick.</summary>
    private static bool HasUncheckedVariantChosen(IMethodSymbol method)
    {
        if (method.Name.StartsWith("op_Checked", System.StringComparison.Ordinal) || !method.Name.StartsWith("op_", System.StringComparison.Ordinal))
        {
            return false;
        }
        if (FloatingTypes.Is(method.ReturnType) || method.Parameters.Any(p => FloatingTypes.Is(p.Type)))
        {
            return false; // floating point is PARLEY003's
        }
        var checkedName = "op_Checked" + method.Name.Substring(3);
        foreach (var candidate in method.ContainingType.GetMembers(checkedName))
        {
            if (candidate is IMethodSymbol variant && SymbolEqualityComparer.Default.Equals(variant.ReturnType, method.ReturnType)
                && variant.Parameters.Length == method.Parameters.Length
                && variant.Parameters.Zip(method.Parameters, (a, b) => SymbolEqualityComparer.Default.Equals(a.Type, b.Type)).All(same => same))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsIntegral(ITypeSymbol? type) => type?.SpecialType is SpecialType.System_SByte or SpecialType.System_Byte
        or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
        or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Char;

    /// <summary>The values an integer operand can take, as far as a local look can tell; null when unknown.</summary>
    private static Interval? Range(IOperation operation)
    {
        if (operation.ConstantValue is { HasValue: true, Value: { } constant } && ToBigInteger(constant) is { } value)
        {
            return new Interval(value, value);
        }
        switch (operation)
        {
            case IConversionOperation { Conversion.IsImplicit: true, Conversion.IsNumeric: true } widening:
                return Range(widening.Operand);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.And } and:
                var mask = NonNegativeConstant(and.LeftOperand) ?? NonNegativeConstant(and.RightOperand);
                if (mask is { } m)
                {
                    return new Interval(BigInteger.Zero, m);
                }
                break;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Remainder } remainder when NonNegativeConstant(remainder.RightOperand) is { } divisor && divisor > 0:
                return new Interval(-(divisor - 1), divisor - 1);
        }
        return TypeRange(operation.Type);
    }

    private static BigInteger? NonNegativeConstant(IOperation operation) =>
        operation.ConstantValue is { HasValue: true, Value: { } value } && ToBigInteger(value) is { } big && big >= 0 ? big : null;

    private static BigInteger? ToBigInteger(object value) => value switch
    {
        sbyte v => v,
        byte v => v,
        short v => v,
        ushort v => v,
        int v => v,
        uint v => v,
        long v => v,
        ulong v => v,
        char v => (int)v,
        _ => null,
    };

    private static Interval? TypeRange(ITypeSymbol? type) => type?.SpecialType switch
    {
        SpecialType.System_SByte => new Interval(sbyte.MinValue, sbyte.MaxValue),
        SpecialType.System_Byte => new Interval(byte.MinValue, byte.MaxValue),
        SpecialType.System_Int16 => new Interval(short.MinValue, short.MaxValue),
        SpecialType.System_UInt16 => new Interval(ushort.MinValue, ushort.MaxValue),
        SpecialType.System_Char => new Interval(char.MinValue, char.MaxValue),
        SpecialType.System_Int32 => new Interval(int.MinValue, int.MaxValue),
        SpecialType.System_UInt32 => new Interval(uint.MinValue, uint.MaxValue),
        SpecialType.System_Int64 => new Interval(long.MinValue, long.MaxValue),
        SpecialType.System_UInt64 => new Interval(ulong.MinValue, ulong.MaxValue),
        _ => null,
    };

    private static Interval? Combine(BinaryOperatorKind kind, Interval? left, Interval? right)
    {
        if (left is not { } a || right is not { } b)
        {
            return null;
        }
        switch (kind)
        {
            case BinaryOperatorKind.Add:
                return new Interval(a.Low + b.Low, a.High + b.High);
            case BinaryOperatorKind.Subtract:
                return new Interval(a.Low - b.High, a.High - b.Low);
            default:
                var p1 = a.Low * b.Low;
                var p2 = a.Low * b.High;
                var p3 = a.High * b.Low;
                var p4 = a.High * b.High;
                return new Interval(BigInteger.Min(BigInteger.Min(p1, p2), BigInteger.Min(p3, p4)), BigInteger.Max(BigInteger.Max(p1, p2), BigInteger.Max(p3, p4)));
        }
    }

    private static Interval? Negate(Interval? range) => range is { } r ? new Interval(-r.High, -r.Low) : null;

    private static bool Fits(Interval? range, ITypeSymbol type) =>
        range is { } r && TypeRange(type) is { } bounds && r.Low >= bounds.Low && r.High <= bounds.High;

    private readonly struct Interval
    {
        public Interval(BigInteger low, BigInteger high)
        {
            Low = low;
            High = high;
        }

        public BigInteger Low { get; }

        public BigInteger High { get; }
    }
}
