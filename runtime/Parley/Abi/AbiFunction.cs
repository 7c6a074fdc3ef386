using System.Collections.Immutable;
using Parley.Crypto;

namespace Parley.Abi;

/// <summary>
/// Function signatures and selectors (Solidity ABI specification, "Function Selector"): the selector is the first 4
/// bytes of the Keccak-256 hash of the canonical signature <c>name(type1,type2,…)</c>.
/// </summary>
public static class AbiFunction
{
    /// <summary>The length of a function selector in bytes: 4.</summary>
    public const int SelectorLength = 4;

    /// <summary>
    /// The canonical form of a function signature: the name, then the parameter types in canonical form, separated by
    /// commas, without spaces or parameter names; <c>uint</c>/<c>int</c> become <c>uint256</c>/<c>int256</c>, and the
    /// <c>tuple(…)</c> keyword form becomes <c>(…)</c>. For example <c>transfer(address to, uint amount)</c> →
    /// <c>transfer(address,uint256)</c>.
    /// </summary>
    /// <param name="signature">A name (<c>[A-Za-z_$][A-Za-z0-9_$]*</c>) followed by a parenthesised parameter list of ABI types (see <see cref="AbiType"/>); white space is allowed between tokens.</param>
    /// <exception cref="ArgumentNullException"><paramref name="signature"/> is null.</exception>
    /// <exception cref="FormatException">The signature does not follow that grammar or names an unsupported type.</exception>
    public static string CanonicalSignature(string signature)
    {
        var (name, parameters) = ParseSignature(signature);
        return name + "(" + string.Join(",", parameters.Select(p => p.CanonicalName)) + ")";
    }

    /// <summary>
    /// The parameter types of a function signature (see <see cref="CanonicalSignature"/> for the grammar).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="signature"/> is null.</exception>
    /// <exception cref="FormatException">The signature does not follow the grammar.</exception>
    public static ImmutableArray<AbiType> ParameterTypes(string signature) => ParseSignature(signature).Parameters;

    /// <summary>
    /// The 4-byte selector of a function: <c>keccak256(canonical signature)[0..4]</c>, after canonicalising the
    /// signature (see <see cref="CanonicalSignature"/>). <c>transfer(address,uint256)</c> → <c>a9059cbb</c>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="signature"/> is null.</exception>
    /// <exception cref="FormatException">The signature does not follow the grammar.</exception>
    public static byte[] Selector(string signature)
    {
        var selector = new byte[SelectorLength];
        Selector(signature, selector);
        return selector;
    }

    /// <summary>Writes the 4-byte selector of a function (see <see cref="Selector(string)"/>) into <paramref name="destination"/>.</summary>
    /// <param name="signature">The function signature.</param>
    /// <param name="destination">At least 4 bytes.</param>
    /// <exception cref="ArgumentNullException"><paramref name="signature"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 4 bytes.</exception>
    /// <exception cref="FormatException">The signature does not follow the grammar.</exception>
    public static void Selector(string signature, Span<byte> destination)
    {
        if (destination.Length < SelectorLength)
        {
            throw new ArgumentException($"The destination needs {SelectorLength} bytes, got {destination.Length}.", nameof(destination));
        }
        var canonical = CanonicalSignature(signature);
        Span<byte> hash = stackalloc byte[32];
        Keccak256.Hash(System.Text.Encoding.ASCII.GetBytes(canonical), hash);
        hash[..SelectorLength].CopyTo(destination);
    }

    private static (string Name, ImmutableArray<AbiType> Parameters) ParseSignature(string signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var parser = new AbiType.Parser(signature);
        parser.SkipSpace();
        var name = parser.ParseIdentifier() ?? throw new FormatException(
            $"Invalid function signature \"{signature}\": it must start with a function name ([A-Za-z_$][A-Za-z0-9_$]*).");
        var (parameters, _) = parser.ParseParameterList(0, allowEmpty: true);
        parser.SkipSpace();
        parser.ExpectEnd();
        return (name, parameters);
    }
}
