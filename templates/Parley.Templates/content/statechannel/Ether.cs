using System.Globalization;
using System.Numerics;
using Parley;

namespace StateChannelApp;

/// <summary>Wei amounts shown in ETH (1 ETH = 10^18 wei), for the program's output.</summary>
public static class Ether
{
    /// <summary>One ETH in wei.</summary>
    public static readonly UInt256 One = 1_000_000_000_000_000_000UL;

    private static readonly BigInteger WeiPerEther = BigInteger.Pow(10, 18);

    /// <summary>
    /// A signed amount of wei in ETH with every significant decimal and nothing rounded, trailing zeros trimmed:
    /// <c>1.000958123 ETH</c>, <c>-0.001 ETH</c>, <c>0 ETH</c>.
    /// </summary>
    public static string Format(BigInteger wei)
    {
        var whole = BigInteger.DivRem(BigInteger.Abs(wei), WeiPerEther, out var fraction);
        var decimals = fraction.ToString("D18", CultureInfo.InvariantCulture).TrimEnd('0');
        var sign = wei.Sign < 0 ? "-" : "";
        return $"{sign}{whole.ToString(CultureInfo.InvariantCulture)}{(decimals.Length == 0 ? "" : "." + decimals)} ETH";
    }

    /// <summary>A signed difference in ETH, always with its sign: <c>+0.000958 ETH</c>, <c>-0.001042 ETH</c>.</summary>
    public static string FormatChange(BigInteger wei) => (wei.Sign >= 0 ? "+" : "") + Format(wei);
}
