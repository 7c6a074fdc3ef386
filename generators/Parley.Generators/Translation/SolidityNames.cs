using System.Collections.Generic;
using System.Linq;

namespace Parley.Generators.Translation;

/// <summary>Maps C# identifiers to Solidity identifiers that cannot clash with keywords, built-ins or generated names.</summary>
internal static class SolidityNames
{
    private static readonly HashSet<string> Reserved = new()
    {
        // keywords and reserved words (Solidity 0.8 "Reserved Keywords" and the grammar's keywords)
        "abstract", "after", "alias", "apply", "auto", "byte", "case", "catch", "copyof", "default", "define", "final",
        "implements", "in", "inline", "let", "macro", "match", "mutable", "null", "of", "partial", "promise",
        "reference", "relocatable", "sealed", "sizeof", "static", "supports", "switch", "typedef", "typeof", "var",
        "address", "anonymous", "as", "assembly", "bool", "break", "bytes", "calldata", "constant", "constructor",
        "continue", "contract", "delete", "do", "else", "emit", "enum", "error", "event", "external", "fallback",
        "false", "for", "function", "global", "gwei", "hex", "if", "immutable", "import", "indexed", "interface",
        "internal", "is", "library", "mapping", "memory", "modifier", "new", "override", "payable", "pragma",
        "private", "public", "pure", "receive", "return", "returns", "revert", "storage", "string", "struct", "super",
        "this", "throw", "true", "try", "type", "unchecked", "unicode", "using", "view", "virtual", "wei", "while",
        "ether", "seconds", "minutes", "hours", "days", "weeks", "years", "transient", "layout", "at", "leave",
        "fixed", "ufixed", "int", "uint",
        // global built-ins
        "abi", "block", "msg", "tx", "now", "gasleft", "keccak256", "sha256", "ripemd160", "ecrecover", "addmod",
        "mulmod", "selfdestruct", "blockhash", "blobhash", "assert", "require",
        // names used by the generated contract
        "self", "ctx", "State", "Ctx", "AssetOutcome", "IParleyApp", "appData", "outcome", "action", "moverIndex",
        "turnNum", "participantCount", "reduce", "nextMover", "isFinal", "PARTICIPANTS",
    };

    static SolidityNames()
    {
        for (var bits = 8; bits <= 256; bits += 8)
        {
            Reserved.Add("int" + bits);
            Reserved.Add("uint" + bits);
        }
        for (var n = 1; n <= 32; n++)
        {
            Reserved.Add("bytes" + n);
        }
    }

    /// <summary>A local variable or parameter name.</summary>
    public static string Local(string name) => Escape(name);

    /// <summary>A struct member name.</summary>
    public static string Member(string name) => Escape(name);

    /// <summary>A struct type name.</summary>
    public static string Struct(string name) => Escape(name);

    /// <summary>The internal function translated from a rule method.</summary>
    public static string Method(string name) => "m_" + name;

    /// <summary>The internal function translated from a computed property's getter.</summary>
    public static string Property(string name) => "p_" + name;

    private static string Escape(string name)
    {
        if (name.Any(c => c > 127))
        {
            // Solidity identifiers are ASCII: spell other characters as _uXXXX.
            var ascii = new System.Text.StringBuilder();
            foreach (var c in name)
            {
                ascii.Append(c > 127 ? "_u" + ((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture) : c.ToString());
            }
            name = ascii.ToString();
        }
        if (Reserved.Contains(name) || name.StartsWith("_pl", System.StringComparison.Ordinal) ||
            name.StartsWith("m_", System.StringComparison.Ordinal) || name.StartsWith("p_", System.StringComparison.Ordinal))
        {
            return name + "_";
        }
        return name;
    }
}
