namespace Parley.Tests.StateMachines;

public class AttributesTests
{
    [Fact]
    public void FixedLength_rejects_non_positive_lengths()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FixedLengthAttribute(0));
        Assert.Equal(9, new FixedLengthAttribute(9).Length);
    }
}
