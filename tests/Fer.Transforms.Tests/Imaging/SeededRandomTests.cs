using System.Globalization;
using Fer.Transforms.Imaging;

namespace Fer.Transforms.Tests.Imaging;

public sealed class SeededRandomTests
{
    [Fact]
    public void NextUInt64_KnownSeeds_MatchIndependentPythonImplementation()
    {
        foreach (string line in File.ReadAllLines(TestFiles.Path("seeded-random.txt")).Where(l => !l.StartsWith('#')))
        {
            string[] f = line.Split(',');
            var random = new SeededRandom(long.Parse(f[0], CultureInfo.InvariantCulture));
            for (int i = 1; i < f.Length; i++)
                random.NextUInt64().Should().Be(ulong.Parse(f[i], NumberStyles.HexNumber, CultureInfo.InvariantCulture), $"seed {f[0]} output {i}");
        }
    }

    [Fact]
    public void NextInt_ManyDraws_StayInRangeAndAreRoughlyUniform()
    {
        var random = new SeededRandom(5);
        var counts = new int[7];
        for (int i = 0; i < 70_000; i++) counts[random.NextInt(7)]++;
        counts.Should().OnlyContain(c => c > 9_500 && c < 10_500);
        for (int i = 0; i < 1000; i++) random.NextInt(-3, 4).Should().BeInRange(-3, 3);
        ((Action)(() => random.NextInt(0))).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void NextDoubleAndSingle_ManyDraws_InUnitIntervalWithMeanHalf()
    {
        var random = new SeededRandom(9);
        double sum = 0;
        for (int i = 0; i < 100_000; i++)
        {
            double d = random.NextDouble();
            float f = random.NextSingle();
            d.Should().BeInRange(0, 1 - 1e-17);
            f.Should().BeLessThan(1f).And.BeGreaterThanOrEqualTo(0f);
            sum += d;
        }
        (sum / 100_000).Should().BeApproximately(0.5, 0.005);
    }

    [Fact]
    public void NextGaussian_ManyDraws_HasRequestedMoments()
    {
        var random = new SeededRandom(3);
        double sum = 0, sq = 0;
        const int N = 200_000;
        for (int i = 0; i < N; i++)
        {
            double g = random.NextGaussian(2, 3);
            sum += g;
            sq += g * g;
        }
        double mean = sum / N, variance = sq / N - mean * mean;
        mean.Should().BeApproximately(2, 0.03);
        Math.Sqrt(variance).Should().BeApproximately(3, 0.03);
    }

    [Fact]
    public void ShuffleAndFork_SameSeed_SameSequence()
    {
        int[] a = [.. Enumerable.Range(0, 50)], b = [.. Enumerable.Range(0, 50)];
        new SeededRandom(11).Shuffle<int>(a);
        new SeededRandom(11).Shuffle<int>(b);
        a.Should().Equal(b).And.NotEqual(Enumerable.Range(0, 50));
        a.Order().Should().Equal(Enumerable.Range(0, 50));
        new SeededRandom(11).Fork().NextUInt64().Should().Be(new SeededRandom(11).Fork().NextUInt64());
    }
}
