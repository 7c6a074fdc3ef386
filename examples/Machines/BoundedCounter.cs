namespace Parley.Examples.Machines;

/// <summary>
/// A counter kept within ±<see cref="Limit"/>, with a scratch register: signed arithmetic in every width, C#'s integer
/// promotions, checked narrowing conversions, shift-count masking, division and remainder signs, MinValue / -1, and an
/// explicit unchecked block. Either participant may move at any turn's mover slot (strict turn-taking).
/// </summary>
[StateMachine(Participants = 2)]
public partial class BoundedCounter
{
    /// <summary>The largest magnitude <see cref="Value"/> may reach.</summary>
    public const long Limit = 1_000_000_000_000;

    /// <summary>The counter.</summary>
    public long Value;

    /// <summary>A scratch register most actions work on.</summary>
    public int Register;

    /// <summary>The register narrowed to 8 bits by <see cref="Narrow"/>.</summary>
    public sbyte Small;

    /// <summary>A 16-bit tally updated with wrap-around arithmetic.</summary>
    public short Tally;

    /// <summary>Actions applied so far.</summary>
    public ushort Ticks;

    /// <summary>Adds <paramref name="delta"/> to the counter within the limit.</summary>
    [Action]
    public void Add(int delta)
    {
        Require(delta != 0, "no-op");
        long next = Value + delta;
        Require(next >= -Limit && next <= Limit, "out of bounds");
        Value = next;
        Register = delta;
        Ticks++;
    }

    /// <summary>Sets the register.</summary>
    [Action]
    public void Set(int value)
    {
        Register = value;
        Ticks++;
    }

    /// <summary>Multiplies the register (checked: may overflow) and the counter (within the limit).</summary>
    [Action]
    public void Scale(short factor)
    {
        Register = Register * factor;
        long next = Value * factor;
        Require(next >= -Limit && next <= Limit, "out of bounds");
        Value = next;
        Ticks++;
    }

    /// <summary>Divides the register and takes the counter's remainder (signs as in C#; MinValue / -1 overflows).</summary>
    [Action]
    public void Divide(int divisor)
    {
        Register = Register / divisor;
        Value = Value % divisor;
        Ticks++;
    }

    /// <summary>Narrows the register to 8 bits (checked: throws outside -128..127).</summary>
    [Action]
    public void Narrow()
    {
        Small = (sbyte)Register;
        Tally = (short)(Small * 3 - Tally);
        Ticks++;
    }

    /// <summary>Shifts: C# masks the count to 5 bits for int and 6 bits for long.</summary>
    [Action]
    public void Shift(int by)
    {
        Register = Register << by;
        Value = Value >> by;
        Register = Register ^ (Register >>> 3);
        Ticks++;
    }

    /// <summary>Mixed-width arithmetic: sbyte × uint is computed in long; the tally wraps around.</summary>
    [Action]
    public void Mix(sbyte a, uint b)
    {
        long product = a * b;
        Require(product > -Limit && product < Limit, "out of bounds");
        Value = Value - product / 7;
        unchecked
        {
            Tally = (short)(Tally * 31 + a);
            Register = Register * 65599 + (int)b;
        }
        Ticks++;
    }

    /// <summary>The last four register values, newest first.</summary>
    [FixedLength(4)]
    public int[] History = new int[4];

    /// <summary>A 256-bit accumulator.</summary>
    public UInt256 Accumulator;

    /// <summary>
    /// A small interpreter: a switch statement over <paramref name="op"/> with compound assignments in several widths,
    /// a bounded loop counting down, <c>foreach</c>, a switch expression with relational patterns, and UInt256
    /// multiplication, shifts and remainder.
    /// </summary>
    [Action]
    public void Apply(byte op, int arg)
    {
        switch (op)
        {
            case 0:
                Register += arg;
                break;
            case 1:
            case 2:
                Register -= arg * op;
                break;
            case 3:
                Small += (sbyte)arg;
                break;
            case 4:
                Tally -= (short)arg;
                Ticks--;
                break;
            case >= 5 and < 8:
                Accumulator = Accumulator * (uint)arg + (UInt256)(ulong)op;
                break;
            default:
                Require(false, "unknown op");
                break;
        }
        for (int i = History.Length - 1; i > 0; i--)
        {
            History[i] = History[i - 1];
        }
        History[0] = Register;
        int sum = 0;
        foreach (int h in History)
        {
            sum = unchecked(sum + h);
        }
        Register = sum switch
        {
            > 1_000_000 => 1_000_000,
            < -1_000_000 => -1_000_000,
            _ => sum,
        };
        Accumulator = (Accumulator >> op) % (UInt256)1_000_000_007u + (Accumulator << 200);
        Ticks++;
    }

    /// <summary>The counter stops after 60,000 actions.</summary>
    public bool IsFinal => Ticks >= 60000;
}
