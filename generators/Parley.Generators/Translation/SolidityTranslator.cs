using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Parley.Generators.Determinism;
using Parley.Generators.Diagnostics;
using Parley.Generators.Model;

namespace Parley.Generators.Translation;

/// <summary>
/// Translates the bodies of a state machine's rule methods and computed properties — their Roslyn operation trees,
/// which make every implicit conversion, checked context and overload explicit — into Solidity functions with the
/// same meaning. Anything outside the translatable subset is reported as a <c>PARLEY1xx</c> diagnostic at the
/// offending syntax and translated to a harmless placeholder (the contract is then not emitted); a construct that is
/// a determinism violation the analyzers report is left to them (<see cref="DeterminismScreen"/>).
/// </summary>
/// <remarks>
/// Semantics preserved (see docs/generator.md): C#'s integer promotions (every conversion is explicit in the
/// operation tree and is emitted as an explicit Solidity conversion); checked arithmetic (Solidity 0.8's default
/// checks revert with <c>Panic(0x11)</c> exactly where C# throws <see cref="OverflowException"/>) and unchecked
/// arithmetic (helpers with <c>unchecked { }</c> blocks); checked narrowing conversions (Solidity's explicit
/// conversions truncate, so a helper checks the range and panics); C#'s masking of shift counts; division and
/// remainder truncating toward zero with the sign of the dividend in both languages; <c>int.MinValue / -1</c> and
/// <c>int.MinValue % -1</c>, which throw in C# in any context.
/// </remarks>
internal sealed partial class SolidityTranslator
{
    private readonly KnownSymbols _known;
    private readonly TypeMapper _types;
    private readonly INamedTypeSymbol _machine;
    private readonly Compilation _compilation;
    private readonly int _participants;
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly SortedSet<string> _helpers;
    private readonly Func<ISymbol, bool> _needsContext;
    private readonly Func<ISymbol, string> _functionName;
    private readonly DeterminismScreen _screen;
    private readonly Dictionary<IOperation, Failure> _failures = new();
    private readonly Dictionary<IMethodSymbol, Failure> _methodFailures = new(SymbolEqualityComparer.Default);

    // Per-function state.
    private StringBuilder _body = new();
    private int _indent;
    private bool _usesSelf;
    private bool _usesContext;
    private HashSet<ISymbol> _referenced = new(SymbolEqualityComparer.Default);
    private int _temporaries;
    private int _switchDepth;
    private bool _inLoop;

    public SolidityTranslator(
        KnownSymbols known, TypeMapper types, INamedTypeSymbol machine, Compilation compilation, int participants,
        List<DiagnosticInfo> diagnostics, SortedSet<string> helpers, Func<ISymbol, bool> needsContext, Func<ISymbol, string> functionName,
        DeterminismScreen screen)
    {
        _screen = screen;
        _functionName = functionName;
        _known = known;
        _types = types;
        _machine = machine;
        _compilation = compilation;
        _participants = participants;
        _diagnostics = diagnostics;
        _helpers = helpers;
        _needsContext = needsContext;
    }

    /// <summary>The operation tree of a method's (or accessor's) body, from any of its declarations.</summary>
    public static IOperation? BodyOf(IMethodSymbol method, Compilation compilation)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax();
            var model = compilation.GetSemanticModel(syntax.SyntaxTree);
            var operation = model.GetOperation(syntax);
            switch (operation)
            {
                case IMethodBodyOperation body:
                    return (IOperation?)body.BlockBody ?? body.ExpressionBody;
                case IBlockOperation block:
                    return block;
            }
            if (syntax is ArrowExpressionClauseSyntax arrow && model.GetOperation(arrow) is IBlockOperation arrowBlock)
            {
                return arrowBlock;
            }
        }
        return null;
    }

    /// <summary>
    /// Translates one method (or property getter) to a private pure Solidity function named <paramref name="name"/>.
    /// </summary>
    public SolidityFunctionModel Translate(IMethodSymbol method, IOperation body, string name)
    {
        _body = new StringBuilder();
        _indent = 1;
        _usesSelf = false;
        _usesContext = false;
        _temporaries = 0;
        _switchDepth = 0;
        _inLoop = false;
        _referenced = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var descendant in body.DescendantsAndSelf())
        {
            switch (descendant)
            {
                case ILocalReferenceOperation local:
                    _referenced.Add(local.Local);
                    break;
                case IParameterReferenceOperation parameter:
                    _referenced.Add(parameter.Parameter);
                    break;
            }
        }

        string? returns = null;
        if (!method.ReturnsVoid)
        {
            var returnType = MapType(method.ReturnType, method.Locations.FirstOrDefault());
            if (returnType?.Kind == ValueKind.FixedArray)
            {
                Report(DiagnosticDescriptors.ArrayValue, method.Locations.FirstOrDefault(), "A method returns an array");
            }
            returns = returnType?.SolidityDeclaration ?? "uint256";
        }

        var parameters = new List<string>();
        foreach (var parameter in method.Parameters)
        {
            var type = MapType(parameter.Type, parameter.Locations.FirstOrDefault());
            if (type?.Kind == ValueKind.FixedArray || parameter.RefKind != RefKind.None)
            {
                Report(DiagnosticDescriptors.ArrayValue, parameter.Locations.FirstOrDefault(), "Parameter '" + parameter.Name + "' is an array or passed by reference");
            }
            var declaration = type?.SolidityDeclaration ?? "uint256";
            parameters.Add(_referenced.Contains(parameter) ? declaration + " " + Local(parameter.Name) : declaration);
        }

        Block(body);

        var header = new List<string>();
        if (!method.IsStatic)
        {
            header.Add(_usesSelf ? "State memory self" : "State memory");
        }
        if (_needsContext(method.AssociatedSymbol ?? method))
        {
            header.Add(_usesContext ? "Ctx memory ctx" : "Ctx memory");
        }
        header.AddRange(parameters);
        var text = new StringBuilder();
        text.Append("    function ").Append(name).Append('(').Append(string.Join(", ", header)).Append(") private pure");
        if (returns is not null)
        {
            text.Append(" returns (").Append(returns).Append(')');
        }
        text.Append(" {\n").Append(_body).Append("    }\n");
        return new SolidityFunctionModel(name, text.ToString());
    }

    // ------------------------------------------------------------------ statements

    private void Line(string text) => _body.Append(' ', 4 * (_indent + 1)).Append(text).Append('\n');

    private void Block(IOperation operation)
    {
        if (operation is IBlockOperation block)
        {
            foreach (var statement in block.Operations)
            {
                Statement(statement);
            }
        }
        else
        {
            Statement(operation);
        }
    }

    private void Nested(IOperation operation)
    {
        Line("{");
        _indent++;
        Block(operation);
        _indent--;
        Line("}");
    }

    private void Statement(IOperation operation)
    {
        switch (operation)
        {
            case IBlockOperation block:
                Nested(block);
                return;
            case IEmptyOperation:
                return;
            case IVariableDeclarationGroupOperation group:
                foreach (var declaration in group.Declarations)
                {
                    foreach (var declarator in declaration.Declarators)
                    {
                        LocalDeclaration(declarator, declarator.GetVariableInitializer() ?? declaration.Initializer);
                    }
                }
                return;
            case IExpressionStatementOperation expression:
                ExpressionStatement(expression.Operation);
                return;
            case IConditionalOperation conditional:
                If(conditional, isElseIf: false);
                return;
            case IReturnOperation ret:
                if (ret.ReturnedValue is null)
                {
                    Line("return;");
                }
                else
                {
                    Line("return " + Value(ret.ReturnedValue) + ";");
                }
                return;
            case IBranchOperation branch when branch.BranchKind == BranchKind.Break && _inLoop:
                Line("break;");
                return;
            case IBranchOperation branch when branch.BranchKind == BranchKind.Continue && _inLoop:
                Line("continue;");
                return;
            case IForLoopOperation forLoop:
                For(forLoop);
                return;
            case IForEachLoopOperation forEach:
                ForEach(forEach);
                return;
            case ISwitchOperation switchOperation:
                Switch(switchOperation);
                return;
            case IWhileLoopOperation:
                Report(DiagnosticDescriptors.UnboundedLoop, operation.Syntax);
                return;
            case ILocalFunctionOperation:
                ReportStatement(operation, "local function", "make it a private method of the state machine");
                return;
            case IThrowOperation:
                ReportStatement(operation, "throw", "reject the action with Require(condition, \"reason\")");
                return;
            case ITryOperation:
                ReportStatement(operation, "try", "rules cannot catch failures; check conditions with Require instead");
                return;
            case ILockOperation:
                ReportStatement(operation, "lock", "rules run on one thread");
                return;
            case IUsingOperation:
            case IUsingDeclarationOperation:
                ReportStatement(operation, "using", "rules hold no resources");
                return;
            case IBranchOperation:
                ReportStatement(operation, "goto", "use structured control flow (if, for, break, continue, return)");
                return;
            default:
                ReportStatement(operation, operation.Syntax.GetType().Name.Replace("StatementSyntax", string.Empty).ToLowerInvariant(),
                    "write it with if/switch, bounded for loops, assignments, calls and return");
                return;
        }
    }

    private void ReportStatement(IOperation operation, string kind, string advice) =>
        Report(DiagnosticDescriptors.UnsupportedStatement, operation.Syntax, kind, advice);

    private void LocalDeclaration(IVariableDeclaratorOperation declarator, IVariableInitializerOperation? initializer)
    {
        var local = declarator.Symbol;
        var type = MapType(local.Type, declarator.Syntax.GetLocation());
        if (type is null)
        {
            return;
        }
        if (type.Kind == ValueKind.FixedArray)
        {
            Report(DiagnosticDescriptors.ArrayValue, declarator.Syntax, "Local '" + local.Name + "' holds an array");
            return;
        }
        var name = Local(local.Name);
        if (initializer is null)
        {
            Line(type.SolidityDeclaration + " " + name + ";");
        }
        else
        {
            Line(type.SolidityDeclaration + " " + name + " = " + Value(initializer.Value) + ";");
        }
        if (!_referenced.Contains(local))
        {
            Line(name + ";");
        }
    }

    private void If(IConditionalOperation conditional, bool isElseIf)
    {
        var condition = Expression(conditional.Condition);
        Line((isElseIf ? "} else if (" : "if (") + condition + ") {");
        _indent++;
        Block(conditional.WhenTrue);
        _indent--;
        if (conditional.WhenFalse is IConditionalOperation { IsRef: false } elseIf && elseIf.Type is null or { SpecialType: SpecialType.System_Void } && elseIf.Syntax is IfStatementSyntax)
        {
            If(elseIf, isElseIf: true);
            return;
        }
        if (conditional.WhenFalse is not null)
        {
            Line("} else {");
            _indent++;
            Block(conditional.WhenFalse);
            _indent--;
        }
        Line("}");
    }

    private void For(IForLoopOperation loop)
    {
        // Bounded form: for (T i = init; i <op> bound; i++ / i-- / i += c / i -= c), with bound constant (or an array's
        // Length, or ParticipantCount) and the counter never assigned in the body.
        ILocalSymbol? counter = null;
        string? init = null;
        if (loop.Before.Length == 1 && loop.Before[0] is IVariableDeclarationGroupOperation group &&
            group.Declarations.Length == 1 && group.Declarations[0].Declarators.Length == 1)
        {
            var declarator = group.Declarations[0].Declarators[0];
            var initializer = declarator.GetVariableInitializer() ?? group.Declarations[0].Initializer;
            var counterType = _types.MapValue(declarator.Symbol.Type, out _);
            if (initializer is not null && counterType is { Kind: ValueKind.Integer, IsEnum: false })
            {
                counter = declarator.Symbol;
                init = counterType.SolidityName + " " + Local(counter.Name) + " = " + Value(initializer.Value);
            }
        }
        var bounded = counter is not null && IsBoundCondition(loop.Condition, counter, out var upward) &&
                      loop.AtLoopBottom.Length == 1 && IsCounterStep(loop.AtLoopBottom[0], counter, out var increments) &&
                      upward == increments && !AssignsLocal(loop.Body, counter);
        if (!bounded || counter is null)
        {
            Report(DiagnosticDescriptors.UnboundedLoop, loop.Syntax is ForStatementSyntax f ? f.ForKeyword.GetLocation() : loop.Syntax.GetLocation());
            return;
        }
        var condition = Expression(loop.Condition!);
        var step = StepText(loop.AtLoopBottom[0]);
        Line("for (" + init + "; " + condition + "; " + step + ") {");
        LoopBody(loop.Body);
        Line("}");
    }

    private void LoopBody(IOperation body)
    {
        var wasInLoop = _inLoop;
        var switchDepth = _switchDepth;
        _inLoop = true;
        _switchDepth = 0;
        _indent++;
        Block(body);
        _indent--;
        _inLoop = wasInLoop;
        _switchDepth = switchDepth;
    }

    /// <summary>
    /// Whether the loop condition compares the counter with a bound; <paramref name="upward"/> tells whether the counter
    /// must grow to reach it (<c>i &lt; N</c>, <c>N &gt; i</c>) or shrink (<c>i &gt; N</c>).
    /// </summary>
    private bool IsBoundCondition(IOperation? condition, ILocalSymbol counter, out bool upward)
    {
        upward = false;
        if (condition is not IBinaryOperation binary ||
            binary.OperatorKind is not (BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual or
                BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual))
        {
            return false;
        }
        var less = binary.OperatorKind is BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual;
        if (IsCounter(binary.LeftOperand, counter) && IsBound(binary.RightOperand))
        {
            upward = less;
            return true;
        }
        if (IsCounter(binary.RightOperand, counter) && IsBound(binary.LeftOperand))
        {
            upward = !less;
            return true;
        }
        return false;
    }

    private static bool IsCounter(IOperation operation, ILocalSymbol counter) =>
        Unwrap(operation) is ILocalReferenceOperation local && SymbolEqualityComparer.Default.Equals(local.Local, counter);

    private bool IsBound(IOperation operation)
    {
        operation = Unwrap(operation);
        return operation.ConstantValue.HasValue ||
               (operation is IPropertyReferenceOperation { Property.Name: "Length" } p && p.Instance?.Type is IArrayTypeSymbol) ||
               (operation is IPropertyReferenceOperation { Property.Name: "ParticipantCount" } q && _known.IsRuleApi(q.Property));
    }

    private static IOperation Unwrap(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }
        return operation;
    }

    /// <summary>Whether the step moves the counter by a positive constant; <paramref name="increments"/> says which way.</summary>
    private static bool IsCounterStep(IOperation step, ILocalSymbol counter, out bool increments)
    {
        if (step is IExpressionStatementOperation statement)
        {
            step = statement.Operation;
        }
        switch (step)
        {
            case IIncrementOrDecrementOperation inc:
                increments = inc.Kind == OperationKind.Increment;
                return IsCounter(inc.Target, counter);
            case ICompoundAssignmentOperation compound:
                increments = compound.OperatorKind == BinaryOperatorKind.Add;
                return IsCounter(compound.Target, counter) &&
                       compound.OperatorKind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract &&
                       compound.Value.ConstantValue is { HasValue: true, Value: var v } && v is not null &&
                       Convert.ToInt64(v, CultureInfo.InvariantCulture) > 0;
            default:
                increments = false;
                return false;
        }
    }

    private static bool AssignsLocal(IOperation body, ILocalSymbol local) =>
        body.DescendantsAndSelf().Any(o => o switch
        {
            IAssignmentOperation a => IsCounter(a.Target, local),
            IIncrementOrDecrementOperation i => IsCounter(i.Target, local),
            _ => false,
        });

    private string StepText(IOperation step)
    {
        if (step is IExpressionStatementOperation statement)
        {
            step = statement.Operation;
        }
        var saved = _body;
        _body = new StringBuilder();
        var indent = _indent;
        _indent = 0;
        ExpressionStatement(step);
        var text = _body.ToString().Trim();
        _body = saved;
        _indent = indent;
        return text.TrimEnd(';');
    }

    private void ForEach(IForEachLoopOperation loop)
    {
        var collection = Unwrap(loop.Collection);
        var arrayType = collection.Type is IArrayTypeSymbol ? ArrayTypeOf(collection) : null;
        if (arrayType is null || loop.LoopControlVariable is not IVariableDeclaratorOperation declarator)
        {
            Report(DiagnosticDescriptors.UnboundedLoop, loop.Syntax is ForEachStatementSyntax f ? f.ForEachKeyword.GetLocation() : loop.Syntax.GetLocation());
            return;
        }
        var index = "_pl_i" + _temporaries++;
        var array = Expression(collection);
        Line("for (uint256 " + index + " = 0; " + index + " < " + arrayType.Length + "; " + index + "++) {");
        _indent++;
        var element = arrayType.Element!;
        var item = array + "[" + index + "]";
        if (element.Kind == ValueKind.Struct)
        {
            item = Copy(element, item);
        }
        var name = Local(declarator.Symbol.Name);
        Line(element.SolidityDeclaration + " " + name + " = " + item + ";");
        if (!_referenced.Contains(declarator.Symbol))
        {
            Line(name + ";");
        }
        _indent--;
        LoopBody(loop.Body);
        Line("}");
    }

    private void Switch(ISwitchOperation operation)
    {
        var valueType = MapType(operation.Value.Type, operation.Value.Syntax.GetLocation());
        if (valueType is null || valueType.Kind is ValueKind.Struct or ValueKind.FixedArray)
        {
            return;
        }
        string value;
        if (IsStable(operation.Value))
        {
            value = Expression(operation.Value);
        }
        else
        {
            value = "_pl_sw" + _temporaries++;
            Line(valueType.SolidityName + " " + value + " = " + Expression(operation.Value) + ";");
        }
        ISwitchCaseOperation? defaultCase = null;
        var first = true;
        _switchDepth++;
        foreach (var section in operation.Cases)
        {
            var conditions = new List<string>();
            var isDefault = false;
            foreach (var clause in section.Clauses)
            {
                switch (clause)
                {
                    case IDefaultCaseClauseOperation:
                        isDefault = true;
                        break;
                    case ISingleValueCaseClauseOperation single:
                        conditions.Add("(" + value + " == " + Expression(single.Value) + ")");
                        break;
                    case IPatternCaseClauseOperation pattern when pattern.Guard is null:
                        conditions.Add(Pattern(pattern.Pattern, value));
                        break;
                    default:
                        ReportStatement(clause, "case", "use constant, relational or 'or' patterns without 'when' guards");
                        break;
                }
            }
            if (isDefault)
            {
                defaultCase = section;
                continue;
            }
            Line((first ? "if (" : "} else if (") + string.Join(" || ", conditions) + ") {");
            first = false;
            SwitchBody(section);
        }
        if (defaultCase is not null)
        {
            if (first)
            {
                Line("{");
            }
            else
            {
                Line("} else {");
            }
            SwitchBody(defaultCase);
            Line("}");
        }
        else if (!first)
        {
            Line("}");
        }
        _switchDepth--;
    }

    private void SwitchBody(ISwitchCaseOperation section)
    {
        _indent++;
        var statements = section.Body;
        for (var i = 0; i < statements.Length; i++)
        {
            var statement = statements[i];
            if (i == statements.Length - 1 && statement is IBranchOperation { BranchKind: BranchKind.Break })
            {
                break;
            }
            if (statement.DescendantsAndSelf().Any(o => o is IBranchOperation { BranchKind: BranchKind.Break } b && BreaksSwitch(b, statement)))
            {
                ReportStatement(statement, "break", "inside a switch section, 'break' may only end the section");
            }
            Statement(statement);
        }
        _indent--;
    }

    private static bool BreaksSwitch(IBranchOperation branch, IOperation root)
    {
        for (var parent = branch.Parent; parent is not null && parent != root.Parent; parent = parent.Parent)
        {
            if (parent is ILoopOperation or ISwitchOperation)
            {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ expression statements

    private void ExpressionStatement(IOperation operation)
    {
        switch (operation)
        {
            case ISimpleAssignmentOperation assignment:
                Assignment(assignment);
                return;
            case ICompoundAssignmentOperation compound:
                CompoundAssignment(compound);
                return;
            case IIncrementOrDecrementOperation increment:
                Increment(increment);
                return;
            case IInvocationOperation invocation when IsApi(invocation.TargetMethod, "Require"):
                Require(invocation);
                return;
            case IInvocationOperation invocation:
                Line(Invocation(invocation) + ";");
                return;
            case IDiscardOperation:
                return;
            case IThrowOperation:
                ReportStatement(operation, "throw", "reject the action with Require(condition, \"reason\")");
                return;
            default:
                Report(DiagnosticDescriptors.UnsupportedExpression, operation.Syntax, operation.Syntax.ToString(), "this expression is not a statement Solidity can run");
                return;
        }
    }

    private void Require(IInvocationOperation invocation)
    {
        var condition = Expression(invocation.Arguments[0].Value);
        var reason = invocation.Arguments[1].Value;
        if (reason.ConstantValue is not { HasValue: true, Value: string text })
        {
            Report(DiagnosticDescriptors.NonConstantReason, reason.Syntax);
            return;
        }
        Line("require(" + condition + ", " + StringLiteral(text) + ");");
    }

    private static string StringLiteral(string text)
    {
        var sb = new StringBuilder("\"");
        var needsUnicode = false;
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        needsUnicode |= c > 0x7e;
                        sb.Append(c);
                    }
                    break;
            }
        }
        sb.Append('"');
        return (needsUnicode ? "unicode" : string.Empty) + sb;
    }

    private void Assignment(ISimpleAssignmentOperation assignment)
    {
        var targetType = MapType(assignment.Target.Type, assignment.Target.Syntax.GetLocation());
        if (targetType?.Kind == ValueKind.FixedArray)
        {
            Report(DiagnosticDescriptors.ArrayValue, assignment.Syntax, "An array is assigned");
            return;
        }
        CheckOrder(TargetSubexpressionFailure(assignment.Target), assignment.Target, Failure(assignment.Value), assignment.Value);
        var target = Target(assignment.Target);
        Line(target + " = " + Value(assignment.Value) + ";");
    }

    private void CompoundAssignment(ICompoundAssignmentOperation compound)
    {
        if (HasSideEffects(compound.Target))
        {
            Report(DiagnosticDescriptors.UnsupportedExpression, compound.Target.Syntax, compound.Target.Syntax.ToString(), "the target of a compound assignment must not call methods");
            return;
        }
        CheckOrder(Failure(compound.Target), compound.Target, Failure(compound.Value), compound.Value);
        var targetType = MapType(compound.Target.Type, compound.Syntax.GetLocation());
        var valueType = MapType(compound.Value.Type, compound.Value.Syntax.GetLocation());
        if (targetType is null || valueType is null)
        {
            return;
        }
        if (targetType.Kind != ValueKind.Integer || targetType.IsEnum)
        {
            Report(DiagnosticDescriptors.UnsupportedExpression, compound.Syntax, compound.Syntax.ToString(), "compound assignment is supported on integers only");
            return;
        }
        var target = Target(compound.Target);
        // C#: x op= y means x = (T)((Op)x op y), where Op is the promoted type of x (y is implicitly convertible to the
        // type of x, except for shifts whose count is an int). The narrowing back to T is checked in a checked context.
        var isShift = compound.OperatorKind is BinaryOperatorKind.LeftShift or BinaryOperatorKind.RightShift or BinaryOperatorKind.UnsignedRightShift;
        var opType = Promote(targetType);
        var left = NumericConversion(target, targetType, opType, checkedContext: false);
        var right = Expression(compound.Value);
        if (!isShift && compound.OperatorMethod is null && !SameType(valueType, opType))
        {
            right = NumericConversion(right, valueType, opType, checkedContext: false);
        }
        var result = BinaryText(compound.OperatorKind, compound.OperatorMethod, compound.IsChecked, left, right, opType, compound.Value, compound.Syntax);
        if (!SameType(opType, targetType))
        {
            result = NumericConversion(result, opType, targetType, compound.IsChecked);
        }
        Line(target + " = " + result + ";");
    }

    private static TypeModel Promote(TypeModel type)
    {
        if (type.Kind != ValueKind.Integer)
        {
            return type;
        }
        if (type.Bits < 32)
        {
            return TypeModel.Int32;
        }
        return type.IsEnum ? TypeModel.Int(type.Signed, type.Bits, type.Signed ? (type.Bits == 32 ? "int" : "long") : (type.Bits == 32 ? "uint" : "ulong")) : type;
    }

    private void Increment(IIncrementOrDecrementOperation increment)
    {
        if (HasSideEffects(increment.Target))
        {
            Report(DiagnosticDescriptors.UnsupportedExpression, increment.Target.Syntax, increment.Target.Syntax.ToString(), "the target of ++/-- must not call methods");
            return;
        }
        var type = MapType(increment.Target.Type, increment.Syntax.GetLocation());
        if (type is null || type.Kind != ValueKind.Integer || type.IsEnum)
        {
            if (type is not null)
            {
                Report(DiagnosticDescriptors.UnsupportedExpression, increment.Syntax, increment.Syntax.ToString(), "only integers can be incremented");
            }
            return;
        }
        var target = Target(increment.Target);
        var op = increment.Kind == OperationKind.Increment ? "++" : "--";
        var isChecked = increment.IsChecked || (increment.OperatorMethod?.Name.StartsWith("op_Checked", StringComparison.Ordinal) ?? false);
        Line(isChecked ? target + op + ";" : "unchecked { " + target + op + "; }");
    }

    private static bool HasSideEffects(IOperation operation) =>
        operation.DescendantsAndSelf().Any(o => o is IInvocationOperation or IAssignmentOperation or IIncrementOrDecrementOperation);

    /// <summary>Failures of an assignment target's sub-expressions evaluated before the value in C#.</summary>
    private Failure TargetSubexpressionFailure(IOperation target) => target switch
    {
        IArrayElementReferenceOperation element => Failure(element.ArrayReference) | element.Indices.Aggregate(Translation.Failure.None, (f, i) => f | Failure(i)),
        IFieldReferenceOperation field when field.Instance is not null => Failure(field.Instance),
        IPropertyReferenceOperation property when property.Instance is not null => Failure(property.Instance),
        _ => Translation.Failure.None,
    };

    private void CheckOrder(Failure first, IOperation firstOperation, Failure second, IOperation secondOperation)
    {
        if (first.ConflictsWith(second))
        {
            Report(DiagnosticDescriptors.EvaluationOrder, firstOperation.Syntax, firstOperation.Syntax.ToString(), secondOperation.Syntax.ToString());
        }
    }

    /// <summary>An assignable place: a local, a state field, a struct member or an array element.</summary>
    private string Target(IOperation target)
    {
        switch (target)
        {
            case ILocalReferenceOperation:
            case IFieldReferenceOperation:
            case IArrayElementReferenceOperation:
            case IPropertyReferenceOperation:
                return Expression(target);
            case IParameterReferenceOperation parameter:
                Report(DiagnosticDescriptors.UnsupportedExpression, target.Syntax, parameter.Parameter.Name, "parameters are read-only in rules; copy the value to a local");
                return "_";
            default:
                Report(DiagnosticDescriptors.UnsupportedExpression, target.Syntax, target.Syntax.ToString(), "only locals, state fields, struct members and array elements can be assigned");
                return "_";
        }
    }

    // ------------------------------------------------------------------ diagnostics

    private void Report(DiagnosticDescriptor descriptor, SyntaxNode? node, params string[] args) =>
        Report(descriptor, node?.GetLocation(), args);

    /// <summary>
    /// Records a diagnostic — unless the construct is a determinism violation that Parley's analyzers report (the
    /// <see cref="DeterminismScreen"/> then counts it, and the contract is replaced by an undeployable one).
    /// </summary>
    private void Report(DiagnosticDescriptor descriptor, Location? location, params string[] args)
    {
        if (_screen.Suppress(location))
        {
            return;
        }
        _diagnostics.Add(new DiagnosticInfo(descriptor, LocationInfo.From(location), args.ToEquatableArray()));
    }

    private TypeModel? MapType(ITypeSymbol? type, Location? location)
    {
        if (type is null)
        {
            return null;
        }
        if (type is IArrayTypeSymbol)
        {
            // Array values only ever come from state fields; their lengths are known from the field.
            var element = type is IArrayTypeSymbol a ? _types.MapValue(a.ElementType, out _) : null;
            if (element is null)
            {
                Report(DiagnosticDescriptors.UnsupportedType, location, type.ToDisplayString());
                return null;
            }
            return TypeModel.Array(element, 0);
        }
        var mapped = _types.MapValue(type, out _);
        if (mapped is null)
        {
            Report(DiagnosticDescriptors.UnsupportedType, location, type.ToDisplayString());
        }
        return mapped;
    }

    private static bool SameType(TypeModel a, TypeModel b) => a.SolidityName == b.SolidityName;

    /// <summary>A local or parameter name that clashes with no keyword, generated name or struct type.</summary>
    private string Local(string name)
    {
        var escaped = SolidityNames.Local(name);
        return _types.Structs.Any(s => s.SolidityName == escaped) ? escaped + "_" : escaped;
    }
}
