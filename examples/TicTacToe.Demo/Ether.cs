using System.Globalization;
using System.Numerics;

namespace Parley.Examples.Demo;

/// <summary>Wei amounts printed in ETH (18 decimals).</summary>
public static class Ether
{
    public static readonly UInt256 One = 1_000_000_000_000_000_000UL;

    /// <summary>wei → "1.234567890123456789 ETH" (trailing zeros trimmed, at least one decimal).</summary>
    public static string Format(UInt256 wei) => Format(BigInteger.Parse(wei.ToString(), CultureInfo.InvariantCulture));

    /// <summary>A signed wei difference in ETH, with its sign.</summary>
    public static string Format(BigInteger wei)
    {
        var sign = wei.Sign < 0 ? "-" : "";
        var magnitude = BigInteger.Abs(wei);
        var whole = BigInteger.DivRem(magnitude, BigInteger.Pow(10, 18), out var fraction);
        var decimals = fraction.ToString("D18", CultureInfo.InvariantCulture).TrimEnd('0');
        return $"{sign}{whole}.{(decimals.Length == 0 ? "0" : decimals)} ETH";
    }

    /// <summary>The difference <paramref name="after"/> − <paramref name="before"/> in wei.</summary>
    public static BigInteger Delta(UInt256 before, UInt256 after) =>
        BigInteger.Parse(after.ToString(), CultureInfo.InvariantCulture) - BigInteger.Parse(before.ToString(), CultureInfo.InvariantCulture);
}
