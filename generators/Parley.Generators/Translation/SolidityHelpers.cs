using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using System.Text;
using Parley.Generators.Model;

namespace Parley.Generators.Translation;

/// <summary>
/// The private helper functions a translated contract may need, identified by a key (<c>cvt:int32:uint8</c>,
/// <c>addu:int32</c>, <c>transfer</c>…). The translator records the keys it uses; the emitter writes the definitions
/// of exactly those, in key order, so the output is deterministic and free of unused code.
/// </summary>
internal static class SolidityHelpers
{
    public static string FunctionName(string key) => "_pl_" + key.Replace(':', '_');

    /// <summary>
    /// An unchecked integer conversion with C#'s meaning (keep the low bits; sign-extend a signed value when widening),
    /// as Solidity explicit conversions, which may change size or signedness but not both at once.
    /// </summary>
    public static string ConversionChain(string text, bool fromSigned, int fromBits, bool toSigned, int toBits)
    {
        if (toBits > fromBits)
        {
            text = (fromSigned ? "int" : "uint") + toBits + "(" + text + ")";
            if (fromSigned != toSigned)
            {
                text = (toSigned ? "int" : "uint") + toBits + "(" + text + ")";
            }
            return text;
        }
        if (fromSigned != toSigned)
        {
            text = (toSigned ? "int" : "uint") + fromBits + "(" + text + ")";
        }
        if (toBits != fromBits)
        {
            text = (toSigned ? "int" : "uint") + toBits + "(" + text + ")";
        }
        return text;
    }

    /// <summary>Adds the helpers that the given helpers call.</summary>
    public static SortedSet<string> Close(IEnumerable<string> keys, IReadOnlyDictionary<string, StructModel> structs)
    {
        var all = new SortedSet<string>(keys, StringComparer.Ordinal);
        var pending = new Stack<string>(all);
        while (pending.Count > 0)
        {
            foreach (var dependency in Dependencies(pending.Pop(), structs))
            {
                if (all.Add(dependency))
                {
                    pending.Push(dependency);
                }
            }
        }
        return all;
    }

    private static IEnumerable<string> Dependencies(string key, IReadOnlyDictionary<string, StructModel> structs)
    {
        var kind = key.Split(':')[0];
        switch (kind)
        {
            case "copy":
                foreach (var field in structs[key.Split(':')[1]].Fields)
                {
                    if (field.Type.Kind == ValueKind.Struct)
                    {
                        yield return "copy:" + field.Type.StructName;
                    }
                }
                break;
            case "cvt":
            case "divu":
            case "mod":
                yield return "panic";
                break;
            case "balance":
            case "transfer":
                yield return "assetIndex";
                yield return "participant";
                break;
            case "payAll":
                yield return "participant";
                break;
            case "rd":
                yield return "word";
                yield return "malformed";
                break;
        }
    }

    public static string Definition(string key, int participants, IReadOnlyDictionary<string, StructModel> structs)
    {
        var parts = key.Split(':');
        var name = FunctionName(key);
        var sb = new StringBuilder();
        switch (parts[0])
        {
            case "panic":
                sb.Append("    /// @dev Reverts with Panic(code), as Solidity's own checks do (0x11 overflow, 0x12 division by zero, 0x32 index).\n");
                sb.Append("    function _pl_panic(uint256 code) private pure {\n");
                sb.Append("        assembly (\"memory-safe\") {\n");
                sb.Append("            mstore(0x00, 0x4e487b71)\n");
                sb.Append("            mstore(0x20, code)\n");
                sb.Append("            revert(0x1c, 0x24)\n");
                sb.Append("        }\n");
                sb.Append("    }\n");
                break;
            case "cvt":
            {
                var from = Parse(parts[1]);
                var to = Parse(parts[2]);
                var checks = new List<string>();
                if (from.Signed && (!to.Signed || to.Bits < from.Bits))
                {
                    checks.Add("x < " + (to.Signed ? Min(to) : "0"));
                }
                if (Max(from) > Max(to))
                {
                    checks.Add("x > " + Max(to).ToString(CultureInfo.InvariantCulture));
                }
                sb.Append("    /// @dev C# checked conversion ").Append(parts[1]).Append(" -> ").Append(parts[2]).Append(": Panic(0x11) when out of range.\n");
                sb.Append("    function ").Append(name).Append('(').Append(parts[1]).Append(" x) private pure returns (").Append(parts[2]).Append(") {\n");
                if (checks.Count > 0)
                {
                    sb.Append("        if (").Append(string.Join(" || ", checks)).Append(") _pl_panic(0x11);\n");
                }
                sb.Append("        return ").Append(ConversionChain("x", from.Signed, from.Bits, to.Signed, to.Bits)).Append(";\n");
                sb.Append("    }\n");
                break;
            }
            case "addu":
            case "subu":
            case "mulu":
            {
                var op = parts[0] == "addu" ? "+" : parts[0] == "subu" ? "-" : "*";
                sb.Append("    /// @dev C# unchecked ").Append(op).Append(" on ").Append(parts[1]).Append(": wraps around.\n");
                sb.Append("    function ").Append(name).Append('(').Append(parts[1]).Append(" a, ").Append(parts[1]).Append(" b) private pure returns (").Append(parts[1]).Append(") {\n");
                sb.Append("        unchecked {\n");
                sb.Append("            return a ").Append(op).Append(" b;\n");
                sb.Append("        }\n");
                sb.Append("    }\n");
                break;
            }
            case "negu":
                sb.Append("    /// @dev C# unchecked negation on ").Append(parts[1]).Append(": wraps around.\n");
                sb.Append("    function ").Append(name).Append('(').Append(parts[1]).Append(" a) private pure returns (").Append(parts[1]).Append(") {\n");
                sb.Append("        unchecked {\n");
                sb.Append("            return -a;\n");
                sb.Append("        }\n");
                sb.Append("    }\n");
                break;
            case "divu":
                sb.Append("    /// @dev C# unchecked / on ").Append(parts[1]).Append(": MIN / -1 still throws OverflowException in C#.\n");
                sb.Append("    function ").Append(name).Append('(').Append(parts[1]).Append(" a, ").Append(parts[1]).Append(" b) private pure returns (").Append(parts[1]).Append(") {\n");
                sb.Append("        if (b == -1 && a == type(").Append(parts[1]).Append(").min) _pl_panic(0x11);\n");
                sb.Append("        return a / b;\n");
                sb.Append("    }\n");
                break;
            case "mod":
                sb.Append("    /// @dev C# % on ").Append(parts[1]).Append(": MIN % -1 throws OverflowException in C# (Solidity would return 0).\n");
                sb.Append("    function ").Append(name).Append('(').Append(parts[1]).Append(" a, ").Append(parts[1]).Append(" b) private pure returns (").Append(parts[1]).Append(") {\n");
                sb.Append("        if (b == -1 && a == type(").Append(parts[1]).Append(").min) _pl_panic(0x11);\n");
                sb.Append("        return a % b;\n");
                sb.Append("    }\n");
                break;
            case "min":
            case "max":
                sb.Append("    function ").Append(name).Append("(uint256 a, uint256 b) private pure returns (uint256) {\n");
                sb.Append("        return a ").Append(parts[0] == "min" ? "<=" : ">=").Append(" b ? a : b;\n");
                sb.Append("    }\n");
                break;
            case "copy":
            {
                var model = structs[parts[1]];
                var fields = model.Fields.Select(f => f.SolidityName + ": " +
                    (f.Type.Kind == ValueKind.Struct ? "_pl_copy_" + f.Type.StructName + "(v." + f.SolidityName + ")" : "v." + f.SolidityName));
                sb.Append("    /// @dev C# structs are values: a read from a place is a copy (array fields stay shared, as in C#).\n");
                sb.Append("    function ").Append(name).Append('(').Append(model.SolidityName).Append(" memory v) private pure returns (").Append(model.SolidityName).Append(" memory) {\n");
                sb.Append("        return ").Append(model.SolidityName).Append("({").Append(string.Join(", ", fields)).Append("});\n");
                sb.Append("    }\n");
                break;
            }
            case "zero":
            {
                var model = structs[parts[1]];
                sb.Append("    function ").Append(name).Append("() private pure returns (").Append(model.SolidityName).Append(" memory z) {}\n");
                break;
            }
            case "assetIndex":
                sb.Append("    function _pl_assetIndex(AssetOutcome[] memory o, address asset) private pure returns (uint256) {\n");
                sb.Append("        for (uint256 i = 0; i < o.length; i++) {\n");
                sb.Append("            if (o[i].asset == asset) return i;\n");
                sb.Append("        }\n");
                sb.Append("        revert(\"unknown asset\");\n");
                sb.Append("    }\n");
                break;
            case "participant":
                sb.Append("    function _pl_participant(int32 p) private pure returns (uint256) {\n");
                sb.Append("        if (p < 0 || p >= ").Append(participants.ToString(CultureInfo.InvariantCulture)).Append(") revert(\"participant out of range\");\n");
                sb.Append("        return uint256(uint32(p));\n");
                sb.Append("    }\n");
                break;
            case "balance":
                sb.Append("    function _pl_balance(Ctx memory ctx, address asset, int32 p) private pure returns (uint256) {\n");
                sb.Append("        uint256 a = _pl_assetIndex(ctx.outcome, asset);\n");
                sb.Append("        uint256 i = _pl_participant(p);\n");
                sb.Append("        return ctx.outcome[a].balances[i];\n");
                sb.Append("    }\n");
                break;
            case "transfer":
                sb.Append("    function _pl_transfer(Ctx memory ctx, address asset, int32 from, int32 to, uint256 amount) private pure {\n");
                sb.Append("        uint256 a = _pl_assetIndex(ctx.outcome, asset);\n");
                sb.Append("        uint256 f = _pl_participant(from);\n");
                sb.Append("        uint256 t = _pl_participant(to);\n");
                sb.Append("        uint256[] memory b = ctx.outcome[a].balances;\n");
                sb.Append("        if (b[f] < amount) revert(\"insufficient balance\");\n");
                sb.Append("        b[f] -= amount;\n");
                sb.Append("        b[t] += amount;\n");
                sb.Append("    }\n");
                break;
            case "payAll":
                sb.Append("    function _pl_payAll(Ctx memory ctx, int32 from, int32 to) private pure {\n");
                sb.Append("        uint256 f = _pl_participant(from);\n");
                sb.Append("        uint256 t = _pl_participant(to);\n");
                sb.Append("        for (uint256 a = 0; a < ctx.outcome.length; a++) {\n");
                sb.Append("            uint256[] memory b = ctx.outcome[a].balances;\n");
                sb.Append("            uint256 v = b[f];\n");
                sb.Append("            b[f] = 0;\n");
                sb.Append("            b[t] += v;\n");
                sb.Append("        }\n");
                sb.Append("    }\n");
                break;
            case "word":
                sb.Append("    function _pl_word(bytes calldata d, uint256 off) private pure returns (uint256) {\n");
                sb.Append("        return uint256(bytes32(d[off:off + 32]));\n");
                sb.Append("    }\n");
                break;
            case "malformed":
                sb.Append("    function _pl_malformed(bool isAction) private pure {\n");
                sb.Append("        if (isAction) revert(\"malformed action\");\n");
                sb.Append("        revert(\"malformed appData\");\n");
                sb.Append("    }\n");
                break;
            case "rd":
                sb.Append(Reader(parts[1], name));
                break;
            default:
                throw new InvalidOperationException("Unknown helper " + key);
        }
        return sb.ToString();
    }

    private static string Reader(string type, string name)
    {
        var sb = new StringBuilder();
        var total = type is "bytes32" or "uint256";
        sb.Append("    function ").Append(name).Append("(bytes calldata d, uint256 off, bool").Append(total ? string.Empty : " isAction")
            .Append(") private pure returns (").Append(type).Append(") {\n");
        switch (type)
        {
            case "bool":
                sb.Append("        uint256 w = _pl_word(d, off);\n");
                sb.Append("        if (w > 1) _pl_malformed(isAction);\n");
                sb.Append("        return w == 1;\n");
                break;
            case "address":
                sb.Append("        uint256 w = _pl_word(d, off);\n");
                sb.Append("        if (w > type(uint160).max) _pl_malformed(isAction);\n");
                sb.Append("        return address(uint160(w));\n");
                break;
            case "bytes32":
                sb.Append("        return bytes32(_pl_word(d, off));\n");
                break;
            default:
                var t = Parse(type);
                if (t.Signed)
                {
                    sb.Append("        int256 v = int256(_pl_word(d, off));\n");
                    sb.Append("        if (v < type(").Append(type).Append(").min || v > type(").Append(type).Append(").max) _pl_malformed(isAction);\n");
                    sb.Append("        return ").Append(type).Append("(v);\n");
                }
                else if (t.Bits == 256)
                {
                    sb.Append("        return _pl_word(d, off);\n");
                }
                else
                {
                    sb.Append("        uint256 w = _pl_word(d, off);\n");
                    sb.Append("        if (w > type(").Append(type).Append(").max) _pl_malformed(isAction);\n");
                    sb.Append("        return ").Append(type).Append("(w);\n");
                }
                break;
        }
        sb.Append("    }\n");
        return sb.ToString();
    }

    private static (bool Signed, int Bits) Parse(string solidityType)
    {
        var signed = !solidityType.StartsWith("uint", StringComparison.Ordinal);
        var bits = int.Parse(solidityType.Substring(signed ? 3 : 4), CultureInfo.InvariantCulture);
        return (signed, bits);
    }

    private static string Min((bool Signed, int Bits) t) => t.Signed ? "-" + BigInteger.Pow(2, t.Bits - 1).ToString(CultureInfo.InvariantCulture) : "0";

    private static BigInteger Max((bool Signed, int Bits) t) => t.Signed ? BigInteger.Pow(2, t.Bits - 1) - 1 : BigInteger.Pow(2, t.Bits) - 1;
}
