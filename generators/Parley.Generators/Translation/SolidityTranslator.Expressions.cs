using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Parley.Generators.Diagnostics;
using Parley.Generators.Model;

namespace Parley.Generators.Translation;

internal sealed partial class SolidityTranslator
{
    // ------------------------------------------------------------------ values and places

    /// <summary>
    /// An expression whose value is stored (initialiser, assigned value, argument, return value): a struct read from a
    /// place is copied, because C# structs are values while Solidity memory structs are references.
    /// </summary>
    private string Value(IOperation operation)
    {
        if (operation is IConditionalOperation { WhenFalse: not null } conditional && conditional.Type is { } t && t.TypeKind == TypeKind.Struct && !IsPrimitive(t))
        {
            return "(" + Expression(conditional.Condition) + " ? " + Value(conditional.WhenTrue) + " : " + Value(conditional.WhenFalse) + ")";
        }
        var text = Expression(operation);
        var type = operation.Type is null ? null : _types.MapValue(operation.Type, out _);
        if (operation.Type is IArrayTypeSymbol)
        {
            Report(DiagnosticDescriptors.ArrayValue, operation.Syntax, "An array is used as a value");
            return text;
        }
        if (type?.Kind == ValueKind.Struct && IsPlace(operation))
        {
            return Copy(type, text);
        }
        return text;
    }

    private bool IsPrimitive(ITypeSymbol type) =>
        type.SpecialType != SpecialType.None || _known.Is(type, _known.UInt256) || _known.Is(type, _known.Address) || _known.Is(type, _known.Bytes32);

    private static bool IsPlace(IOperation operation) =>
        operation is ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or
            IArrayElementReferenceOperation or IPropertyReferenceOperation;

    private string Copy(TypeModel type, string text)
    {
        _helpers.Add("copy:" + type.StructName);
        return "_pl_copy_" + type.StructName + "(" + text + ")";
    }

    /// <summary>Whether evaluating the expression twice gives the same value and has no effect.</summary>
    private bool IsStable(IOperation operation) => operation switch
    {
        _ when operation.ConstantValue.HasValue => true,
        ILocalReferenceOperation or IParameterReferenceOperation or IInstanceReferenceOperation => true,
        IFieldReferenceOperation field => field.Instance is null || IsStable(field.Instance),
        IPropertyReferenceOperation property => _known.IsRuleApi(property.Property) ||
            (property.Instance is not null && IsStable(property.Instance) && BackingField(property.Property) is not null),
        IArrayElementReferenceOperation element => IsStable(element.ArrayReference) && element.Indices.All(IsStable),
        IConversionOperation { OperatorMethod: null } conversion => IsStable(conversion.Operand),
        _ => false,
    };

    private static IFieldSymbol? BackingField(IPropertySymbol property) =>
        property.ContainingType?.GetMembers().OfType<IFieldSymbol>()
            .FirstOrDefault(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, property));

    /// <summary>The fixed-length array type of an array-valued expression (a state field or a struct field).</summary>
    private TypeModel? ArrayTypeOf(IOperation operation)
    {
        operation = Unwrap(operation);
        ISymbol? declaration = operation switch
        {
            IFieldReferenceOperation field => field.Field,
            IPropertyReferenceOperation property => BackingField(property.Property),
            _ => null,
        };
        if (declaration is null)
        {
            Report(DiagnosticDescriptors.ArrayValue, operation.Syntax, "This array is not a state field");
            return null;
        }
        var mapped = _types.MapStorage(declaration, ((IFieldSymbol)declaration).Type, out _, out _);
        if (mapped?.Kind != ValueKind.FixedArray)
        {
            Report(DiagnosticDescriptors.MissingFixedLength, operation.Syntax, declaration.Name);
            return null;
        }
        return mapped;
    }

    // ------------------------------------------------------------------ expressions

    private string Expression(IOperation operation)
    {
        if (operation.ConstantValue.HasValue)
        {
            return Constant(operation);
        }
        switch (operation)
        {
            case ILocalReferenceOperation local:
                return Local(local.Local.Name);
            case IParameterReferenceOperation parameter:
                return Local(parameter.Parameter.Name);
            case IFieldReferenceOperation field:
                return Field(field);
            case IPropertyReferenceOperation property:
                return Property(property);
            case IArrayElementReferenceOperation element:
                return Element(element);
            case IBinaryOperation binary:
                return Binary(binary);
            case IUnaryOperation unary:
                return Unary(unary);
            case IConversionOperation conversion:
                return Conversion(conversion);
            case IInvocationOperation invocation:
                if (invocation.TargetMethod.ReturnsVoid)
                {
                    Report(DiagnosticDescriptors.UnsupportedExpression, operation.Syntax, operation.Syntax.ToString(), "it has no value");
                    return "0";
                }
                return Invocation(invocation);
            case IConditionalOperation { WhenFalse: not null } conditional:
                return "(" + Expression(conditional.Condition) + " ? " + Value(conditional.WhenTrue) + " : " + Value(conditional.WhenFalse) + ")";
            case IIsPatternOperation isPattern:
                return IsPattern(isPattern);
            case ISwitchExpressionOperation switchExpression:
                return SwitchExpression(switchExpression);
            case IObjectCreationOperation creation:
                return StructCreation(creation);
            case IDefaultValueOperation defaultValue:
                return Zero(defaultValue.Type, defaultValue.Syntax);
            case IAssignmentOperation or IIncrementOrDecrementOperation:
                Report(DiagnosticDescriptors.SideEffectAsValue, operation.Syntax, operation.Syntax.ToString());
                return "0";
            case IArrayCreationOperation or ICollectionExpressionOperation:
                Report(DiagnosticDescriptors.ArrayValue, operation.Syntax, "An array is created");
                return "0";
            case IAnonymousFunctionOperation or IDelegateCreationOperation:
                return Unsupported(operation, "lambdas and delegates have no Solidity counterpart; write a private method");
            case IInterpolatedStringOperation:
                return Unsupported(operation, "strings exist only as Require reasons");
            case ITupleOperation:
                return Unsupported(operation, "tuples are not supported; use a struct or separate locals");
            case IThrowOperation:
                return Unsupported(operation, "reject the action with Require(condition, \"reason\")");
            case IInstanceReferenceOperation:
                return Unsupported(operation, "'this' can only be used to reach fields and methods");
            default:
                return Unsupported(operation, "it is outside the translatable subset (docs/generator.md lists it)");
        }
    }

    private string Unsupported(IOperation operation, string why)
    {
        Report(DiagnosticDescriptors.UnsupportedExpression, operation.Syntax, operation.Syntax.ToString(), why);
        return "0";
    }

    private string Constant(IOperation operation)
    {
        var value = operation.ConstantValue.Value;
        if (value is bool b)
        {
            return b ? "true" : "false";
        }
        if (value is null || value is string || value is char || value is float || value is double || value is decimal)
        {
            Report(DiagnosticDescriptors.UnsupportedExpression, operation.Syntax, operation.Syntax.ToString(),
                value is string ? "strings exist only as Require reasons" : "use an integer or bool constant");
            return "0";
        }
        var type = MapType(operation.Type, operation.Syntax.GetLocation());
        if (type is null || type.Kind != ValueKind.Integer)
        {
            return "0";
        }
        return Literal(type, ToBigInteger(value));
    }

    private static BigInteger ToBigInteger(object value) => value switch
    {
        ulong u => new BigInteger(u),
        _ => new BigInteger(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
    };

    private static string Literal(TypeModel type, BigInteger value) =>
        type.SolidityName + "(" + value.ToString(CultureInfo.InvariantCulture) + ")";

    private string Field(IFieldReferenceOperation field)
    {
        if (field.Field.IsStatic)
        {
            return Unsupported(field, "only 'const' fields can be read from rules; static fields are not state");
        }
        if (SymbolEqualityComparer.Default.Equals(field.Field.ContainingType, _machine))
        {
            if (field.Instance is not IInstanceReferenceOperation)
            {
                return Unsupported(field, "only this state machine's own fields can be used");
            }
            _usesSelf = true;
            return "self." + SolidityNames.Member(field.Field.Name);
        }
        if (field.Instance is not null && _types.StructOf(field.Field.ContainingType) is not null)
        {
            return Expression(field.Instance) + "." + SolidityNames.Member(TypeMapper.SourceName(field.Field));
        }
        return Unsupported(field, "it is not a field of the state or of a state struct");
    }

    private string Property(IPropertyReferenceOperation property)
    {
        var symbol = property.Property;
        if (_known.IsRuleApi(symbol))
        {
            switch (symbol.Name)
            {
                case "Mover":
                    _usesContext = true;
                    return "ctx.mover";
                case "ParticipantCount":
                    return "int32(" + _participants.ToString(CultureInfo.InvariantCulture) + ")";
            }
            return Unsupported(property, "this member of StateMachine is not part of the rule API");
        }
        if (symbol.IsStatic && (_known.Is(symbol.ContainingType, _known.UInt256) || _known.Is(symbol.ContainingType, _known.Address) || _known.Is(symbol.ContainingType, _known.Bytes32)))
        {
            switch (symbol.ContainingType.Name + "." + symbol.Name)
            {
                case "UInt256.Zero":
                case "UInt256.MinValue":
                    return "uint256(0)";
                case "UInt256.One":
                    return "uint256(1)";
                case "UInt256.MaxValue":
                    return "type(uint256).max";
                case "Address.Zero":
                    return "address(0)";
                case "Bytes32.Zero":
                    return "bytes32(0)";
            }
        }
        if (symbol.Name == "Length" && property.Instance?.Type is IArrayTypeSymbol)
        {
            var array = ArrayTypeOf(property.Instance);
            return "int32(" + (array?.Length ?? 0).ToString(CultureInfo.InvariantCulture) + ")";
        }
        if (property.Instance is not null && _types.StructOf(symbol.ContainingType) is not null && BackingField(symbol) is not null)
        {
            return Expression(property.Instance) + "." + SolidityNames.Member(symbol.Name);
        }
        if (SymbolEqualityComparer.Default.Equals(symbol.ContainingType, _machine) && symbol.GetMethod is not null &&
            symbol.Parameters.Length == 0 && BackingField(symbol) is null)
        {
            var args = new List<string>();
            if (!symbol.IsStatic)
            {
                _usesSelf = true;
                args.Add("self");
            }
            if (_needsContext(symbol))
            {
                _usesContext = true;
                args.Add("ctx");
            }
            return _functionName(symbol) + "(" + string.Join(", ", args) + ")";
        }
        if (SymbolEqualityComparer.Default.Equals(symbol.ContainingType, _machine))
        {
            return Unsupported(property, "state must be held in fields, not auto-properties");
        }
        Report(DiagnosticDescriptors.ExternalCall, property.Syntax, symbol.ToDisplayString());
        return "0";
    }

    private string Element(IArrayElementReferenceOperation element)
    {
        var array = ArrayTypeOf(element.ArrayReference);
        if (element.Indices.Length != 1 || array is null)
        {
            return "0";
        }
        var index = element.Indices[0];
        CheckOrder(Failure(element.ArrayReference), element.ArrayReference, Failure(index), index);
        if (index.ConstantValue is { HasValue: true, Value: var constant } && constant is not null)
        {
            var k = ToBigInteger(constant);
            if (k < 0 || k >= array.Length)
            {
                Report(DiagnosticDescriptors.ConstantIndexOutOfRange, index.Syntax, k.ToString(CultureInfo.InvariantCulture), array.Length.ToString(CultureInfo.InvariantCulture));
                return "0";
            }
            return Expression(element.ArrayReference) + "[" + k.ToString(CultureInfo.InvariantCulture) + "]";
        }
        return Expression(element.ArrayReference) + "[" + IndexText(index) + "]";
    }

    /// <summary>
    /// An array index as an unsigned Solidity value. A negative C# index (IndexOutOfRangeException) reinterprets to a
    /// huge unsigned value, which Solidity's bounds check rejects with Panic(0x32) as well.
    /// </summary>
    private string IndexText(IOperation index)
    {
        if (index is IConversionOperation { IsImplicit: true, OperatorMethod: null } widening &&
            _types.MapValue(widening.Operand.Type!, out _) is { Kind: ValueKind.Integer, Signed: false })
        {
            return Expression(widening.Operand);
        }
        var type = MapType(index.Type, index.Syntax.GetLocation());
        if (type is null || type.Kind != ValueKind.Integer)
        {
            return "0";
        }
        var text = Expression(index);
        return type.Signed ? "uint" + type.Bits + "(" + text + ")" : text;
    }

    // ------------------------------------------------------------------ operators

    private string Binary(IBinaryOperation binary)
    {
        if (binary.OperatorKind is BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr)
        {
            var op = binary.OperatorKind == BinaryOperatorKind.ConditionalAnd ? " && " : " || ";
            return "(" + Expression(binary.LeftOperand) + op + Expression(binary.RightOperand) + ")";
        }
        CheckOrder(Failure(binary.LeftOperand), binary.LeftOperand, Failure(binary.RightOperand), binary.RightOperand);
        var operandType = MapType(binary.LeftOperand.Type, binary.LeftOperand.Syntax.GetLocation());
        if (operandType is null)
        {
            return "0";
        }
        var left = Expression(binary.LeftOperand);
        var right = Expression(binary.RightOperand);
        return BinaryText(binary.OperatorKind, binary.OperatorMethod, binary.IsChecked, left, right, operandType, binary.RightOperand, binary.Syntax);
    }

    private string BinaryText(
        BinaryOperatorKind kind, IMethodSymbol? method, bool isChecked, string left, string right, TypeModel type,
        IOperation rightOperation, SyntaxNode syntax)
    {
        var comparison = kind switch
        {
            BinaryOperatorKind.Equals => "==",
            BinaryOperatorKind.NotEquals => "!=",
            BinaryOperatorKind.LessThan => "<",
            BinaryOperatorKind.LessThanOrEqual => "<=",
            BinaryOperatorKind.GreaterThan => ">",
            BinaryOperatorKind.GreaterThanOrEqual => ">=",
            _ => null,
        };
        if (method is not null)
        {
            isChecked = method.Name.StartsWith("op_Checked", StringComparison.Ordinal);
            if (type.Kind == ValueKind.Struct)
            {
                return UnsupportedAt(syntax, "structs cannot be compared with operators; compare their fields");
            }
        }
        if (comparison is not null)
        {
            if (type.Kind is ValueKind.Bytes32 or ValueKind.Bool && comparison is not ("==" or "!="))
            {
                return UnsupportedAt(syntax, "only == and != are defined for this type in Solidity");
            }
            return "(" + left + " " + comparison + " " + right + ")";
        }
        if (type.Kind == ValueKind.Bool)
        {
            return kind switch
            {
                BinaryOperatorKind.ExclusiveOr => "(" + left + " != " + right + ")",
                _ => UnsupportedAt(syntax, "use && and || (Solidity has no non-short-circuit boolean operators)"),
            };
        }
        if (type.Kind != ValueKind.Integer || type.IsEnum)
        {
            return UnsupportedAt(syntax, "arithmetic is only defined on integer types");
        }
        var sol = type.SolidityName;
        switch (kind)
        {
            case BinaryOperatorKind.Add:
            case BinaryOperatorKind.Subtract:
            case BinaryOperatorKind.Multiply:
                var symbol = kind == BinaryOperatorKind.Add ? "+" : kind == BinaryOperatorKind.Subtract ? "-" : "*";
                if (isChecked)
                {
                    return "(" + left + " " + symbol + " " + right + ")";
                }
                var name = kind == BinaryOperatorKind.Add ? "add" : kind == BinaryOperatorKind.Subtract ? "sub" : "mul";
                return Helper(name + "u:" + sol, left, right);
            case BinaryOperatorKind.Divide:
                // Solidity's checked division already reverts with Panic(0x11) on MIN / -1; C# throws there in any context.
                return type.Signed && !isChecked ? Helper("divu:" + sol, left, right) : "(" + left + " / " + right + ")";
            case BinaryOperatorKind.Remainder:
                // C# throws OverflowException for int.MinValue % -1 and long.MinValue % -1 (any context); Solidity gives 0.
                return type.Signed ? Helper("mod:" + sol, left, right) : "(" + left + " % " + right + ")";
            case BinaryOperatorKind.And:
                return "(" + left + " & " + right + ")";
            case BinaryOperatorKind.Or:
                return "(" + left + " | " + right + ")";
            case BinaryOperatorKind.ExclusiveOr:
                return "(" + left + " ^ " + right + ")";
            case BinaryOperatorKind.LeftShift:
            case BinaryOperatorKind.RightShift:
            case BinaryOperatorKind.UnsignedRightShift:
                return Shift(kind, left, right, type, rightOperation);
            default:
                return UnsupportedAt(syntax, "this operator is not supported");
        }
    }

    private string Shift(BinaryOperatorKind kind, string left, string right, TypeModel type, IOperation count)
    {
        string amount;
        if (type.IsUInt256)
        {
            // UInt256 does not mask: counts of 256 or more give 0, as in Solidity; a negative count throws in C#, so
            // only counts that cannot be negative are accepted.
            var unwrapped = Unwrap(count);
            var nonNegative = count.ConstantValue is { HasValue: true, Value: int c } ? c >= 0 :
                unwrapped != count && _types.MapValue(unwrapped.Type!, out _) is { Kind: ValueKind.Integer, Signed: false };
            if (!nonNegative)
            {
                Report(DiagnosticDescriptors.NegativeShift, count.Syntax);
                return "0";
            }
            amount = unwrapped != count ? Expression(unwrapped) : "uint32(" + right + ")";
        }
        else
        {
            // C# masks the count of an int/uint shift to 5 bits and of a long/ulong shift to 6 bits.
            amount = "(uint32(" + right + ") & " + (type.Bits == 64 ? "63" : "31") + ")";
        }
        switch (kind)
        {
            case BinaryOperatorKind.LeftShift:
                return "(" + left + " << " + amount + ")";
            case BinaryOperatorKind.RightShift:
                return "(" + left + " >> " + amount + ")";
            default:
                return type.Signed
                    ? type.SolidityName + "(uint" + type.Bits + "(" + left + ") >> " + amount + ")"
                    : "(" + left + " >> " + amount + ")";
        }
    }

    private string UnsupportedAt(SyntaxNode syntax, string why)
    {
        Report(DiagnosticDescriptors.UnsupportedExpression, syntax, syntax.ToString(), why);
        return "0";
    }

    private string Helper(string key, params string[] args)
    {
        _helpers.Add(key);
        return SolidityHelpers.FunctionName(key) + "(" + string.Join(", ", args) + ")";
    }

    private string Unary(IUnaryOperation unary)
    {
        var type = MapType(unary.Operand.Type, unary.Syntax.GetLocation());
        if (type is null)
        {
            return "0";
        }
        var operand = Expression(unary.Operand);
        switch (unary.OperatorKind)
        {
            case UnaryOperatorKind.Not:
                return "(!" + operand + ")";
            case UnaryOperatorKind.Plus:
                return operand;
            case UnaryOperatorKind.BitwiseNegation when type.Kind == ValueKind.Integer:
                return "(~" + operand + ")";
            case UnaryOperatorKind.Minus when type.Kind == ValueKind.Integer && type.Signed:
                return unary.IsChecked ? "(-" + operand + ")" : Helper("negu:" + type.SolidityName, operand);
            default:
                return UnsupportedAt(unary.Syntax, "this operator is not supported on " + type.SolidityName);
        }
    }

    // ------------------------------------------------------------------ conversions

    private string Conversion(IConversionOperation conversion)
    {
        var operand = conversion.Operand;
        if (conversion.Type is null || operand.Type is null)
        {
            return Unsupported(conversion, "the conversion has no type");
        }
        if (SymbolEqualityComparer.Default.Equals(conversion.Type, operand.Type))
        {
            return Expression(operand);
        }
        if (_known.Is(conversion.Type, _known.AbiValue))
        {
            return Unsupported(conversion, "AbiValue only appears as an argument of Keccak256");
        }
        var to = MapType(conversion.Type, conversion.Syntax.GetLocation());
        var from = MapType(operand.Type, operand.Syntax.GetLocation());
        if (to is null || from is null)
        {
            return "0";
        }
        if (to.Kind != ValueKind.Integer || from.Kind != ValueKind.Integer)
        {
            return Unsupported(conversion, "only conversions between integer types are supported");
        }
        var isChecked = conversion.OperatorMethod is { } method
            ? method.Name.StartsWith("op_Checked", StringComparison.Ordinal)
            : conversion.IsChecked && !conversion.Conversion.IsImplicit;
        return NumericConversion(Expression(operand), from, to, isChecked);
    }

    private static bool IsLossless(TypeModel from, TypeModel to) =>
        (from.Signed == to.Signed && to.Bits >= from.Bits) || (!from.Signed && to.Signed && to.Bits > from.Bits);

    /// <summary>
    /// Converts an integer as C# does: with a range check that panics in a checked context, else by keeping the low
    /// bits with two's complement (sign extension when widening a signed value), exactly what a pair of Solidity
    /// explicit conversions (size change, then sign change, or the reverse when narrowing) computes.
    /// </summary>
    private string NumericConversion(string text, TypeModel from, TypeModel to, bool checkedContext)
    {
        if (from.Bits == to.Bits && from.Signed == to.Signed)
        {
            return text;
        }
        if (!IsLossless(from, to) && checkedContext)
        {
            return Helper("cvt:" + from.SolidityName + ":" + to.SolidityName, text);
        }
        return SolidityHelpers.ConversionChain(text, from.Signed, from.Bits, to.Signed, to.Bits);
    }

    // ------------------------------------------------------------------ calls

    private bool IsApi(IMethodSymbol method, string name) => _known.IsRuleApi(method) && method.Name == name;

    private string Invocation(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var arguments = invocation.Arguments;
        CheckArgumentOrder(arguments.Select(a => a.Value).ToList());
        if (_known.IsRuleApi(method))
        {
            switch (method.Name)
            {
                case "Keccak256":
                    var words = arguments.Select(a => a.Value is IConversionOperation c && _known.Is(c.Type, _known.AbiValue) ? Expression(c.Operand) : Expression(a.Value));
                    return "keccak256(abi.encode(" + string.Join(", ", words) + "))";
                case "Balance":
                    _usesContext = true;
                    return Helper("balance", "ctx", Expression(arguments[0].Value), Expression(arguments[1].Value));
                case "Transfer":
                    _usesContext = true;
                    return Helper("transfer", "ctx", Expression(arguments[0].Value), Expression(arguments[1].Value), Expression(arguments[2].Value), Expression(arguments[3].Value));
                case "PayAll":
                    _usesContext = true;
                    return Helper("payAll", "ctx", Expression(arguments[0].Value), Expression(arguments[1].Value));
                case "Require":
                    return Unsupported(invocation, "Require is a statement");
            }
            Report(DiagnosticDescriptors.ExternalCall, invocation.Syntax, method.ToDisplayString());
            return "0";
        }
        if (_known.Is(method.ContainingType, _known.UInt256) && method.IsStatic && method.Name is "Min" or "Max" && arguments.Length == 2)
        {
            return Helper(method.Name.ToLowerInvariant() + ":uint256", Expression(arguments[0].Value), Expression(arguments[1].Value));
        }
        if (SymbolEqualityComparer.Default.Equals(method.ContainingType, _machine) && method.MethodKind == MethodKind.Ordinary &&
            !method.IsGenericMethod && method.DeclaringSyntaxReferences.Length > 0)
        {
            if (!method.IsStatic && invocation.Instance is not (null or IInstanceReferenceOperation))
            {
                return Unsupported(invocation, "rules can only call methods on this state machine");
            }
            var args = new List<string>();
            if (!method.IsStatic)
            {
                _usesSelf = true;
                args.Add("self");
            }
            if (_needsContext(method))
            {
                _usesContext = true;
                args.Add("ctx");
            }
            foreach (var argument in arguments)
            {
                args.Add(Value(argument.Value));
            }
            return _functionName(method) + "(" + string.Join(", ", args) + ")";
        }
        Report(DiagnosticDescriptors.ExternalCall, invocation.Syntax, method.ToDisplayString());
        return "0";
    }

    private void CheckArgumentOrder(IReadOnlyList<IOperation> values)
    {
        var before = Translation.Failure.None;
        IOperation? previous = null;
        foreach (var value in values)
        {
            var failure = Failure(value);
            if (previous is not null && before.ConflictsWith(failure))
            {
                CheckOrder(before, previous, failure, value);
            }
            before |= failure;
            previous = value;
        }
    }

    // ------------------------------------------------------------------ patterns

    private string IsPattern(IIsPatternOperation isPattern)
    {
        if (!IsStable(isPattern.Value))
        {
            return Unsupported(isPattern.Value, "the value tested by a pattern is evaluated once per test in Solidity: assign it to a local first");
        }
        var type = MapType(isPattern.Value.Type, isPattern.Value.Syntax.GetLocation());
        return type is null ? "0" : Pattern(isPattern.Pattern, Expression(isPattern.Value));
    }

    private string Pattern(IPatternOperation pattern, string value)
    {
        switch (pattern)
        {
            case IConstantPatternOperation constant:
                return "(" + value + " == " + Expression(constant.Value) + ")";
            case IRelationalPatternOperation relational:
                var op = relational.OperatorKind switch
                {
                    BinaryOperatorKind.LessThan => "<",
                    BinaryOperatorKind.LessThanOrEqual => "<=",
                    BinaryOperatorKind.GreaterThan => ">",
                    BinaryOperatorKind.GreaterThanOrEqual => ">=",
                    BinaryOperatorKind.Equals => "==",
                    _ => "!=",
                };
                return "(" + value + " " + op + " " + Expression(relational.Value) + ")";
            case IBinaryPatternOperation binary:
                var join = binary.OperatorKind == BinaryOperatorKind.And ? " && " : " || ";
                return "(" + Pattern(binary.LeftPattern, value) + join + Pattern(binary.RightPattern, value) + ")";
            case INegatedPatternOperation negated:
                return "(!" + Pattern(negated.Pattern, value) + ")";
            case IDiscardPatternOperation:
                return "true";
            default:
                Report(DiagnosticDescriptors.UnsupportedExpression, pattern.Syntax, pattern.Syntax.ToString(), "only constant, relational, and/or/not and discard patterns are supported");
                return "false";
        }
    }

    private string SwitchExpression(ISwitchExpressionOperation switchExpression)
    {
        if (!IsStable(switchExpression.Value))
        {
            return Unsupported(switchExpression.Value, "the value of a switch expression is evaluated once per arm in Solidity: assign it to a local first");
        }
        var type = MapType(switchExpression.Value.Type, switchExpression.Value.Syntax.GetLocation());
        var arms = switchExpression.Arms;
        if (type is null || arms.Length == 0)
        {
            return "0";
        }
        var last = arms[arms.Length - 1];
        if (last.Pattern is not IDiscardPatternOperation || last.Guard is not null)
        {
            return Unsupported(switchExpression, "a switch expression must end with a discard arm '_ => ...' (C# would throw when no arm matches)");
        }
        var value = Expression(switchExpression.Value);
        var text = Value(last.Value);
        for (var i = arms.Length - 2; i >= 0; i--)
        {
            var condition = Pattern(arms[i].Pattern, value);
            if (arms[i].Guard is { } guard)
            {
                condition = "(" + condition + " && " + Expression(guard) + ")";
            }
            text = "(" + condition + " ? " + Value(arms[i].Value) + " : " + text + ")";
        }
        return text;
    }

    // ------------------------------------------------------------------ structs

    private string StructCreation(IObjectCreationOperation creation)
    {
        var type = creation.Type is null ? null : MapType(creation.Type, creation.Syntax.GetLocation());
        var model = creation.Type is null ? null : _types.StructOf(creation.Type);
        if (type is null || model is null)
        {
            return Unsupported(creation, "only state structs can be created");
        }
        if (model.HasArrays)
        {
            Report(DiagnosticDescriptors.ArrayValue, creation.Syntax, "A struct with array fields is created");
            return "0";
        }
        var values = new Dictionary<string, IOperation>();
        var ordered = new List<IOperation>();
        if (creation.Arguments.Length > 0)
        {
            foreach (var argument in creation.Arguments)
            {
                var parameter = argument.Parameter;
                if (parameter is null || !model.Fields.Any(f => f.Name == parameter.Name) || !(creation.Type is INamedTypeSymbol { IsRecord: true }))
                {
                    return Unsupported(creation, "use an object initializer ('new S { X = 1 }') or a positional record struct");
                }
                values[parameter.Name] = argument.Value;
                ordered.Add(argument.Value);
            }
        }
        if (creation.Initializer is { } initializer)
        {
            foreach (var init in initializer.Initializers)
            {
                if (init is not ISimpleAssignmentOperation { Target: IMemberReferenceOperation member } assignment)
                {
                    return Unsupported(init, "only member assignments are supported in struct initializers");
                }
                var name = member.Member is IFieldSymbol f ? TypeMapper.SourceName(f) : member.Member.Name;
                values[name] = assignment.Value;
                ordered.Add(assignment.Value);
            }
        }
        CheckArgumentOrder(ordered);
        var parts = new List<string>();
        foreach (var field in model.Fields)
        {
            var text = values.TryGetValue(field.Name, out var v) ? Value(v) : ZeroOf(field.Type);
            parts.Add(field.SolidityName + ": " + text);
        }
        return model.SolidityName + "({" + string.Join(", ", parts) + "})";
    }

    private string Zero(ITypeSymbol? type, SyntaxNode syntax)
    {
        var mapped = type is null ? null : MapType(type, syntax.GetLocation());
        return mapped is null ? "0" : ZeroOf(mapped);
    }

    private string ZeroOf(TypeModel type) => type.Kind switch
    {
        ValueKind.Bool => "false",
        ValueKind.Integer => type.SolidityName + "(0)",
        ValueKind.Address => "address(0)",
        ValueKind.Bytes32 => "bytes32(0)",
        ValueKind.Struct => ZeroStruct(type),
        _ => "0",
    };

    private string ZeroStruct(TypeModel type)
    {
        _helpers.Add("zero:" + type.StructName);
        return "_pl_zero_" + type.StructName + "()";
    }

    // ------------------------------------------------------------------ failure analysis

    private Failure Failure(IOperation operation)
    {
        if (_failures.TryGetValue(operation, out var cached))
        {
            return cached;
        }
        var own = Translation.Failure.None;
        if (!operation.ConstantValue.HasValue)
        {
            switch (operation)
            {
                case IBinaryOperation binary:
                    own = BinaryFailure(binary.OperatorKind, binary.OperatorMethod, binary.IsChecked, binary.LeftOperand.Type);
                    break;
                case ICompoundAssignmentOperation compound:
                    own = BinaryFailure(compound.OperatorKind, compound.OperatorMethod, compound.IsChecked, compound.Target.Type) |
                          (compound.IsChecked ? Translation.Failure.Overflow : Translation.Failure.None);
                    break;
                case IIncrementOrDecrementOperation increment:
                    own = increment.IsChecked ? Translation.Failure.Overflow : Translation.Failure.None;
                    break;
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus } unary:
                    own = unary.IsChecked ? Translation.Failure.Overflow : Translation.Failure.None;
                    break;
                case IConversionOperation conversion:
                    var checkedConversion = conversion.OperatorMethod is { } m
                        ? m.Name.StartsWith("op_Checked", StringComparison.Ordinal)
                        : conversion.IsChecked && !conversion.Conversion.IsImplicit;
                    own = checkedConversion ? Translation.Failure.Overflow : Translation.Failure.None;
                    break;
                case IArrayElementReferenceOperation:
                    own = Translation.Failure.IndexOutOfRange;
                    break;
                case IInvocationOperation invocation:
                    own = IsApi(invocation.TargetMethod, "Keccak256") ||
                          (_known.Is(invocation.TargetMethod.ContainingType, _known.UInt256) && invocation.TargetMethod.Name is "Min" or "Max")
                        ? Translation.Failure.None
                        : SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, _machine)
                            ? MethodFailure(invocation.TargetMethod)
                            : Translation.Failure.Any;
                    break;
                case IPropertyReferenceOperation property when SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, _machine) && BackingField(property.Property) is null:
                    own = property.Property.GetMethod is { } getter ? MethodFailure(getter) : Translation.Failure.Any;
                    break;
            }
        }
        foreach (var child in operation.ChildOperations)
        {
            own |= Failure(child);
        }
        _failures[operation] = own;
        return own;
    }

    /// <summary>How a call of one of the machine's own methods can fail: as its body can (Any while it is being analysed).</summary>
    private Failure MethodFailure(IMethodSymbol method)
    {
        if (_methodFailures.TryGetValue(method, out var known))
        {
            return known;
        }
        _methodFailures[method] = Translation.Failure.Any;   // recursion (reported as PARLEY120) or in progress
        var body = BodyOf(method, _compilation);
        var failure = body is null ? Translation.Failure.Any : Failure(body);
        _methodFailures[method] = failure;
        return failure;
    }

    private Failure BinaryFailure(BinaryOperatorKind kind, IMethodSymbol? method, bool isChecked, ITypeSymbol? operandType)
    {
        if (method is not null)
        {
            isChecked = method.Name.StartsWith("op_Checked", StringComparison.Ordinal);
        }
        var signed = operandType is not null && _types.MapValue(operandType, out _) is { Kind: ValueKind.Integer, Signed: true };
        return kind switch
        {
            BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply =>
                isChecked ? Translation.Failure.Overflow : Translation.Failure.None,
            BinaryOperatorKind.Divide or BinaryOperatorKind.Remainder =>
                Translation.Failure.DivisionByZero | (signed ? Translation.Failure.Overflow : Translation.Failure.None),
            _ => Translation.Failure.None,
        };
    }
}
