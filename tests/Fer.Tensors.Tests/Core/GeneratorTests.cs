using Fer.Tensors.Random;

namespace Fer.Tensors.Tests.Core;

public class GeneratorTests
{
    [Fact]
    public void SameSeed_SameSequence_AndStateRoundTrips()
    {
        var a = new Generator(42);
        var b = new Generator(42);
        Enumerable.Range(0, 100).Select(_ => a.NextUInt64()).Should().Equal(Enumerable.Range(0, 100).Select(_ => b.NextUInt64()));
        a.NextNormal();
        ulong[] state = a.GetState();
        double next = a.NextNormal();
        var c = new Generator(1);
        c.SetState(state);
        c.NextNormal().Should().Be(next);
    }

    [Fact]
    public void Normal_HasUnitMoments()
    {
        var g = new Generator(3);
        double[] v = Enumerable.Range(0, 200000).Select(_ => g.NextNormal()).ToArray();
        v.Average().Should().BeApproximately(0, 0.01);
        v.Select(x => x * x).Average().Should().BeApproximately(1, 0.01);
    }

    [Fact]
    public void NextInt_IsUniformAndInRange()
    {
        var g = new Generator(5);
        var counts = new int[7];
        for (int i = 0; i < 70000; i++) counts[g.NextInt(7)]++;
        counts.Should().OnlyContain(c => c > 9500 && c < 10500);
    }
}
