using System.Collections.Immutable;

namespace Parley.Abi;

/// <summary>
/// A Solidity ABI type, parsed from its text form (<see cref="Parse"/>): the type model behind the string-typed
/// <see cref="AbiCoder"/> and <see cref="AbiFunction"/>. Immutable, with value equality on the canonical form.
/// </summary>
/// <remarks>
/// <para><b>Grammar</b> (Solidity ABI specification, "Types"): <c>uint&lt;M&gt;</c>, <c>int&lt;M&gt;</c> (M = 8 … 256,
/// multiple of 8), <c>uint</c>/<c>int</c> (aliases of <c>uint256</c>/<c>int256</c>), <c>address</c>, <c>bool</c>,
/// <c>bytes&lt;M&gt;</c> (M = 1 … 32), <c>bytes</c>, <c>string</c>, tuples <c>(T1,…,Tn)</c> (n ≥ 1; the keyword form
/// <c>tuple(…)</c> is also accepted), and any number of array suffixes <c>[]</c> / <c>[k]</c> (k ≥ 1, no leading
/// zeros). White space is allowed between tokens, and a tuple component may be followed by a name
/// (<c>(address asset, uint256[] balances)</c>), used in error paths and dropped from the canonical form.
/// <c>fixed</c>/<c>ufixed</c> and <c>function</c> are not supported.</para>
/// <para><b>Limits</b>: at most <see cref="MaxNesting"/> nested levels, and a static size of at most
/// <see cref="MaxStaticWords"/> words — beyond that <see cref="Parse"/> throws <see cref="FormatException"/>.</para>
/// </remarks>
public sealed class AbiType : IEquatable<AbiType>
{
    /// <summary>The maximum nesting of arrays and tuples in one type: 24.</summary>
    public const int MaxNesting = 24;

    /// <summary>The largest static size accepted, in 32-byte words: 2^20 (32 MiB).</summary>
    public const int MaxStaticWords = 1 << 20;

    private AbiType(AbiTypeKind kind, int size, AbiType? element, ImmutableArray<AbiType> components, ImmutableArray<string?> names)
    {
        Kind = kind;
        Size = size;
        ElementType = element;
        Components = components.IsDefault ? [] : components;
        ComponentNames = names.IsDefault ? [] : names;
        IsDynamic = kind switch
        {
            AbiTypeKind.Bytes or AbiTypeKind.String or AbiTypeKind.Array => true,
            AbiTypeKind.FixedArray => element!.IsDynamic,
            AbiTypeKind.Tuple => Components.Any(c => c.IsDynamic),
            _ => false,
        };
        var staticWords = kind switch
        {
            AbiTypeKind.FixedArray => (long)size * element!.HeadWords,
            AbiTypeKind.Tuple => Components.Sum(c => (long)c.HeadWords),
            _ => 1,
        };
        if (staticWords > MaxStaticWords)
        {
            throw new FormatException($"The ABI type is too large: {staticWords} words (at most {MaxStaticWords}).");
        }
        ContentHeadWords = (int)staticWords;
        HeadWords = IsDynamic ? 1 : ContentHeadWords;
        CanonicalName = kind switch
        {
            AbiTypeKind.UInt => $"uint{size}",
            AbiTypeKind.Int => $"int{size}",
            AbiTypeKind.Address => "address",
            AbiTypeKind.Bool => "bool",
            AbiTypeKind.FixedBytes => $"bytes{size}",
            AbiTypeKind.Bytes => "bytes",
            AbiTypeKind.String => "string",
            AbiTypeKind.Array => element!.CanonicalName + "[]",
            AbiTypeKind.FixedArray => $"{element!.CanonicalName}[{size}]",
            _ => "(" + string.Join(",", Components.Select(c => c.CanonicalName)) + ")",
        };
    }

    /// <summary>The kind of type.</summary>
    public AbiTypeKind Kind { get; }

    /// <summary>M for <c>uint&lt;M&gt;</c>/<c>int&lt;M&gt;</c> (bits) and <c>bytes&lt;M&gt;</c> (bytes); k for <c>T[k]</c>; 0 otherwise.</summary>
    public int Size { get; }

    /// <summary>T for <c>T[]</c> and <c>T[k]</c>; null otherwise.</summary>
    public AbiType? ElementType { get; }

    /// <summary>The component types of a tuple; empty otherwise.</summary>
    public ImmutableArray<AbiType> Components { get; }

    /// <summary>The component names of a tuple as written (null where none was given); empty for other kinds.</summary>
    public ImmutableArray<string?> ComponentNames { get; }

    /// <summary>
    /// Whether the type is dynamic in the specification's sense (<c>bytes</c>, <c>string</c>, <c>T[]</c>, and
    /// <c>T[k]</c>/tuples containing a dynamic type): encoded in the tail, referenced by an offset in the head.
    /// </summary>
    public bool IsDynamic { get; }

    /// <summary>The words the type takes in an enclosing head: 1 if dynamic, else its whole static size.</summary>
    public int HeadWords { get; }

    /// <summary>
    /// For a tuple or <c>T[k]</c>, the size in words of its own head (the sum over its members of their
    /// <see cref="HeadWords"/>) — the argument of <see cref="AbiWriter.BeginTuple"/>; 1 for other types.
    /// </summary>
    public int ContentHeadWords { get; }

    /// <summary>The canonical form used in signatures, e.g. <c>(address,uint256[])[]</c>.</summary>
    public string CanonicalName { get; }

    /// <summary>The canonical form.</summary>
    public override string ToString() => CanonicalName;

    /// <summary>Equality of the canonical forms (component names are ignored).</summary>
    public bool Equals(AbiType? other) => other is not null && CanonicalName == other.CanonicalName;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as AbiType);

    /// <inheritdoc/>
    public override int GetHashCode() => CanonicalName.GetHashCode(StringComparison.Ordinal);

    /// <summary><c>uint&lt;bits&gt;</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> is not 8 … 256 in steps of 8.</exception>
    public static AbiType UInt(int bits)
    {
        AbiWord.CheckBits(bits);
        return new(AbiTypeKind.UInt, bits, null, default, default);
    }

    /// <summary><c>int&lt;bits&gt;</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> is not 8 … 256 in steps of 8.</exception>
    public static AbiType Int(int bits)
    {
        AbiWord.CheckBits(bits);
        return new(AbiTypeKind.Int, bits, null, default, default);
    }

    /// <summary><c>address</c>.</summary>
    public static AbiType Address { get; } = new(AbiTypeKind.Address, 0, null, default, default);

    /// <summary><c>bool</c>.</summary>
    public static AbiType Bool { get; } = new(AbiTypeKind.Bool, 0, null, default, default);

    /// <summary><c>bytes</c>.</summary>
    public static AbiType Bytes { get; } = new(AbiTypeKind.Bytes, 0, null, default, default);

    /// <summary><c>string</c>.</summary>
    public static AbiType String { get; } = new(AbiTypeKind.String, 0, null, default, default);

    /// <summary><c>bytes&lt;length&gt;</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is not 1 … 32.</exception>
    public static AbiType FixedBytes(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, 32);
        return new(AbiTypeKind.FixedBytes, length, null, default, default);
    }

    /// <summary><c>element[]</c>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="element"/> is null.</exception>
    public static AbiType ArrayOf(AbiType element)
    {
        ArgumentNullException.ThrowIfNull(element);
        return new(AbiTypeKind.Array, 0, element, default, default);
    }

    /// <summary><c>element[length]</c>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="element"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is less than 1.</exception>
    /// <exception cref="FormatException">The static size would exceed <see cref="MaxStaticWords"/>.</exception>
    public static AbiType FixedArrayOf(AbiType element, int length)
    {
        ArgumentNullException.ThrowIfNull(element);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        return new(AbiTypeKind.FixedArray, length, element, default, default);
    }

    /// <summary>The tuple <c>(components…)</c>, unnamed.</summary>
    /// <exception cref="ArgumentException">No components are given, or one is null.</exception>
    /// <exception cref="FormatException">The static size would exceed <see cref="MaxStaticWords"/>.</exception>
    public static AbiType TupleOf(params AbiType[] components)
    {
        ArgumentNullException.ThrowIfNull(components);
        if (components.Length == 0 || components.Any(c => c is null))
        {
            throw new ArgumentException("A tuple has at least one component, none null.", nameof(components));
        }
        return new(AbiTypeKind.Tuple, 0, null, [.. components], [.. new string?[components.Length]]);
    }

    /// <summary>
    /// Parses a type (see the grammar in the remarks), e.g. <c>(uint256,bytes,(address,uint8)[])</c>,
    /// <c>uint[2][]</c>, <c>(address asset, uint256[] balances)[]</c>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException">The text is not a supported type; the message says where and why.</exception>
    public static AbiType Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(text);
        parser.SkipSpace();
        var type = parser.ParseType(0);
        parser.SkipSpace();
        parser.ExpectEnd();
        return type;
    }

    /// <summary>
    /// Parses a parenthesised parameter list such as <c>(address to, uint amount)</c> — a tuple type that may also be
    /// empty, <c>()</c> — and returns its component types (empty for <c>()</c>). Used for function signatures and by
    /// <see cref="AbiCoder"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException">The text is not a parenthesised list of supported types.</exception>
    public static ImmutableArray<AbiType> ParseParameters(string text) => ParseParameterList(text, out _);

    internal static ImmutableArray<AbiType> ParseParameterList(string text, out ImmutableArray<string?> names)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(text);
        parser.SkipSpace();
        var (types, componentNames) = parser.ParseParameterList(0, allowEmpty: true);
        parser.SkipSpace();
        parser.ExpectEnd();
        names = componentNames;
        return types;
    }

    internal static AbiType FromComponents(ImmutableArray<AbiType> components, ImmutableArray<string?> names) =>
        new(AbiTypeKind.Tuple, 0, null, components, names);

    /// <summary>A recursive-descent parser over the type grammar; positions in errors are 0-based character indices.</summary>
    internal ref struct Parser
    {
        private readonly string _text;
        private int _position;

        public Parser(string text)
        {
            _text = text;
            _position = 0;
        }

        public readonly int Position => _position;

        public readonly bool AtEnd => _position >= _text.Length;

        public readonly char Current => _position < _text.Length ? _text[_position] : '\0';

        public void SkipSpace()
        {
            while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
            {
                _position++;
            }
        }

        public readonly void ExpectEnd()
        {
            if (!AtEnd)
            {
                throw Error($"unexpected '{_text[_position]}'");
            }
        }

        public void Expect(char c)
        {
            SkipSpace();
            if (Current != c)
            {
                throw Error(AtEnd ? $"expected '{c}' but the text ended" : $"expected '{c}' but found '{Current}'");
            }
            _position++;
        }

        public readonly FormatException Error(string message) =>
            new($"Invalid ABI type \"{_text}\" at character {_position}: {message}.");

        public string? ParseIdentifier()
        {
            var start = _position;
            if (_position < _text.Length && (char.IsAsciiLetter(_text[_position]) || _text[_position] is '_' or '$'))
            {
                _position++;
                while (_position < _text.Length && (char.IsAsciiLetterOrDigit(_text[_position]) || _text[_position] is '_' or '$'))
                {
                    _position++;
                }
                return _text[start.._position];
            }
            return null;
        }

        public AbiType ParseType(int depth)
        {
            if (depth >= MaxNesting)
            {
                throw Error($"the type is nested more than {MaxNesting} levels deep");
            }
            SkipSpace();
            var start = _position;
            AbiType type;
            if (Current == '(' || _text.AsSpan(_position).StartsWith("tuple("))
            {
                if (Current != '(')
                {
                    _position += "tuple".Length;
                }
                var (components, names) = ParseParameterList(depth + 1, allowEmpty: false);
                type = FromComponents(components, names);
            }
            else
            {
                var word = ParseIdentifier() ?? throw Error(AtEnd ? "expected a type but the text ended" : $"expected a type but found '{Current}'");
                type = Elementary(word, start);
            }
            var arrayDepth = depth;
            while (true)
            {
                var save = _position;
                SkipSpace();
                if (Current != '[')
                {
                    _position = save;
                    break;
                }
                if (++arrayDepth >= MaxNesting)
                {
                    throw Error($"the type is nested more than {MaxNesting} levels deep");
                }
                _position++;
                SkipSpace();
                if (Current == ']')
                {
                    _position++;
                    type = ArrayOf(type);
                    continue;
                }
                var digitsStart = _position;
                while (char.IsAsciiDigit(Current))
                {
                    _position++;
                }
                var digits = _text.AsSpan(digitsStart, _position - digitsStart);
                if (digits.Length == 0)
                {
                    throw Error("expected an array length or ']'");
                }
                if (digits[0] == '0' || digits.Length > 9)
                {
                    throw Error($"the array length '{digits}' must be a positive number without leading zeros, below 10^9");
                }
                var length = int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
                Expect(']');
                try
                {
                    type = FixedArrayOf(type, length);
                }
                catch (FormatException e)
                {
                    throw Error(e.Message.TrimEnd('.'));
                }
            }
            return type;
        }

        public (ImmutableArray<AbiType> Types, ImmutableArray<string?> Names) ParseParameterList(int depth, bool allowEmpty)
        {
            Expect('(');
            var types = ImmutableArray.CreateBuilder<AbiType>();
            var names = ImmutableArray.CreateBuilder<string?>();
            SkipSpace();
            if (Current == ')')
            {
                if (!allowEmpty)
                {
                    throw Error("a tuple needs at least one component");
                }
                _position++;
                return (types.ToImmutable(), names.ToImmutable());
            }
            while (true)
            {
                types.Add(ParseType(depth));
                SkipSpace();
                names.Add(ParseIdentifier());
                SkipSpace();
                if (Current == ',')
                {
                    _position++;
                    continue;
                }
                Expect(')');
                break;
            }
            try
            {
                // Validates the total static size.
                _ = FromComponents(types.ToImmutable(), names.ToImmutable());
            }
            catch (FormatException e)
            {
                throw Error(e.Message.TrimEnd('.'));
            }
            return (types.ToImmutable(), names.ToImmutable());
        }

        private readonly AbiType Elementary(string word, int start)
        {
            switch (word)
            {
                case "uint":
                    return UInt(256);
                case "int":
                    return Int(256);
                case "address":
                    return Address;
                case "bool":
                    return Bool;
                case "bytes":
                    return Bytes;
                case "string":
                    return String;
            }
            foreach (var (prefix, kind) in new[] { ("uint", AbiTypeKind.UInt), ("int", AbiTypeKind.Int), ("bytes", AbiTypeKind.FixedBytes) })
            {
                if (word.StartsWith(prefix, StringComparison.Ordinal) && word.Length > prefix.Length && char.IsAsciiDigit(word[prefix.Length]))
                {
                    var digits = word.AsSpan(prefix.Length);
                    var valid = digits.Length <= 3 && digits[0] != '0' && !digits.ContainsAnyExcept("0123456789");
                    var m = valid ? int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) : -1;
                    if (kind == AbiTypeKind.FixedBytes)
                    {
                        return m is >= 1 and <= 32 ? FixedBytes(m) : throw ErrorAt(start, $"'{word}': M of bytes<M> must be 1 to 32");
                    }
                    if (m is < 8 or > 256 || m % 8 != 0)
                    {
                        throw ErrorAt(start, $"'{word}': M of {prefix}<M> must be 8 to 256, a multiple of 8");
                    }
                    return kind == AbiTypeKind.UInt ? UInt(m) : Int(m);
                }
            }
            if (word is "fixed" or "ufixed" || word.StartsWith("fixed", StringComparison.Ordinal) || word.StartsWith("ufixed", StringComparison.Ordinal) || word == "function")
            {
                throw ErrorAt(start, $"'{word}' is not supported (fixed-point and function types are not)");
            }
            throw ErrorAt(start, $"unknown type '{word}'");
        }

        private readonly FormatException ErrorAt(int position, string message) =>
            new($"Invalid ABI type \"{_text}\" at character {position}: {message}.");
    }
}
