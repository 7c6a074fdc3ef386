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

    /// <summary>The counter stops after 60,000 actions.</summary>
    public bool IsFinal => Ticks >= 60000;
}
