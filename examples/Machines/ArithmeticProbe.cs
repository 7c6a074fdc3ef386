namespace Parley.Examples.Machines;

/// <summary>
/// Not a game: one participant probing how C# integer semantics carry over to the generated Solidity — checked and
/// unchecked narrowing between every width, sign changes, shifts with masked counts on every width, division and
/// remainder signs, negation, and UInt256 conversions, shifts and arithmetic. The differential test feeds it edge values.
/// </summary>
[StateMachine(Participants = 1)]
public partial class ArithmeticProbe
{
    /// <summary>64-bit signed register.</summary>
    public long L;

    /// <summary>64-bit unsigned register.</summary>
    public ulong U;

    /// <summary>32-bit signed register.</summary>
    public int I;

    /// <summary>32-bit unsigned register.</summary>
    public uint W;

    /// <summary>16-bit signed register.</summary>
    public short S;

    /// <summary>16-bit unsigned register.</summary>
    public ushort H;

    /// <summary>8-bit signed register.</summary>
    public sbyte B;

    /// <summary>8-bit unsigned register.</summary>
    public byte Y;

    /// <summary>256-bit register.</summary>
    public UInt256 Big;

    /// <summary>Checked narrowing of a long to each width (throws when out of range).</summary>
    [Action]
    public void Narrow(long x, byte target)
    {
        switch (target % 7)
        {
            case 0: I = (int)x; break;
            case 1: W = (uint)x; break;
            case 2: S = (short)x; break;
            case 3: H = (ushort)x; break;
            case 4: B = (sbyte)x; break;
            case 5: Y = (byte)x; break;
            default: U = (ulong)x; break;
        }
    }

    /// <summary>Checked conversions from an unsigned 64-bit value.</summary>
    [Action]
    public void FromUnsigned(ulong x)
    {
        L = (long)(x >> 1);
        B = (sbyte)(x & 0x7f);
        I = (int)(x % 1000);
        L = (long)x;
    }

    /// <summary>Unchecked conversions: low bits, sign extension.</summary>
    [Action]
    public void Wrap(long x)
    {
        unchecked
        {
            I = (int)x;
            W = (uint)x;
            S = (short)x;
            H = (ushort)x;
            B = (sbyte)x;
            Y = (byte)x;
            U = (ulong)x;
            L = (long)U + (uint)I - (sbyte)Y;
        }
    }

    /// <summary>Shifts on every width with counts that C# masks.</summary>
    [Action]
    public void Shift(long x, int n)
    {
        unchecked
        {
            L = x << n;
            U = (ulong)x >> n;
            I = (int)x >> n;
            W = (uint)x << n;
            S = (short)(S << n);
            Y = (byte)(Y >> n);
            L = L ^ (x >>> n);
            I = I ^ ((int)x >>> n);
        }
    }

    /// <summary>Division and remainder: truncation toward zero, sign of the dividend, MinValue / -1.</summary>
    [Action]
    public void DivRem(long a, long b, int c, int d)
    {
        L = a / b;
        long r = a % b;
        U = (ulong)(r + (r < 0 ? -r : r));
        I = c % d;
        I = unchecked(c / d + I);
    }

    /// <summary>Negation checked and unchecked, and mixed-sign promotion.</summary>
    [Action]
    public void Negate(int x, uint y)
    {
        L = -y;
        L += unchecked(-x);
        I = -x;
    }

    /// <summary>UInt256 from signed values (checked and unchecked), shifts by unsigned counts, narrowing back.</summary>
    [Action]
    public void BigConvert(long x, byte n)
    {
        unchecked
        {
            Big = (UInt256)x << n;
            Y = (byte)Big;
            U = (ulong)(Big >> n);
        }
        I = (int)(Big >> 224);
        Big = Big + (UInt256)x;
    }

    /// <summary>UInt256 arithmetic: checked multiply and add, division, remainder, unchecked wrap-around.</summary>
    [Action]
    public void BigMath(UInt256 a, UInt256 b)
    {
        unchecked
        {
            Big = a * b - b + a;
        }
        Big = Big / b + a % b + UInt256.Max(a, b) - UInt256.Min(a, b);
        Big = Big * 3u;
        Big = ~Big ^ (a & b) | (a >> 255);
    }
}
