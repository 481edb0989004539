namespace Fer.Tensors.Random;

/// <summary>
/// A seeded pseudo-random generator (xoshiro256** seeded through SplitMix64) whose sequence is
/// fixed by this library, not by the .NET version, so a seed reproduces a run bit for bit.
/// Not thread-safe: give each thread or data loader its own instance (see <see cref="Fork"/>).
/// </summary>
public sealed class Generator
{
    private ulong s0, s1, s2, s3;
    private double spareNormal;
    private bool hasSpare;

    /// <summary>Creates a generator from a seed.</summary>
    public Generator(ulong seed)
    {
        Seed = seed;
        ulong x = seed;
        s0 = SplitMix(ref x);
        s1 = SplitMix(ref x);
        s2 = SplitMix(ref x);
        s3 = SplitMix(ref x);
    }

    /// <summary>The seed this generator started from.</summary>
    public ulong Seed { get; }

    /// <summary>A shared default generator (seed 0), for code that takes no explicit generator.</summary>
    public static Generator Default { get; set; } = new(0);

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = RotateLeft(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = RotateLeft(s3, 45);
        return result;
    }

    /// <summary>A double uniformly in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A float uniformly in [0, 1) with 24 random bits.</summary>
    public float NextSingle() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    /// <summary>An integer uniformly in [0, <paramref name="maxExclusive"/>), without modulo bias.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxExclusive"/> is not positive.</exception>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        ulong bound = (ulong)maxExclusive;
        ulong threshold = (0UL - bound) % bound;
        while (true)
        {
            ulong r = NextUInt64();
            UInt128 m = (UInt128)r * bound;
            if ((ulong)m >= threshold) return (int)(m >> 64);
        }
    }

    /// <summary>An integer uniformly in [<paramref name="minInclusive"/>, <paramref name="maxExclusive"/>).</summary>
    public int NextInt(int minInclusive, int maxExclusive)
    {
        if (maxExclusive <= minInclusive)
            throw new ArgumentOutOfRangeException(nameof(maxExclusive), $"maxExclusive ({maxExclusive}) must exceed minInclusive ({minInclusive}).");
        return minInclusive + NextInt(maxExclusive - minInclusive);
    }

    /// <summary>A double uniformly in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public double NextUniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>A standard normal sample (Box-Muller in double precision).</summary>
    public double NextNormal()
    {
        if (hasSpare)
        {
            hasSpare = false;
            return spareNormal;
        }
        double u1;
        do u1 = NextDouble(); while (u1 <= double.Epsilon);
        double u2 = NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        spareNormal = r * Math.Sin(2 * Math.PI * u2);
        hasSpare = true;
        return r * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool NextBernoulli(double p) => NextDouble() < p;

    /// <summary>Shuffles <paramref name="items"/> in place (Fisher-Yates).</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>A random permutation of 0..n-1.</summary>
    public int[] Permutation(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        Shuffle(p.AsSpan());
        return p;
    }

    /// <summary>A new independent generator derived from this one's next output (for workers or sub-tasks).</summary>
    public Generator Fork() => new(NextUInt64());

    /// <summary>The full internal state, for checkpoints.</summary>
    public ulong[] GetState() => [s0, s1, s2, s3, hasSpare ? 1UL : 0UL, BitConverter.DoubleToUInt64Bits(spareNormal)];

    /// <summary>Restores a state from <see cref="GetState"/>.</summary>
    /// <exception cref="ArgumentException">The state is not six values or is all zero.</exception>
    public void SetState(ReadOnlySpan<ulong> state)
    {
        if (state.Length != 6 || (state[0] | state[1] | state[2] | state[3]) == 0)
            throw new ArgumentException("A generator state is six values with a non-zero xoshiro state.", nameof(state));
        s0 = state[0]; s1 = state[1]; s2 = state[2]; s3 = state[3];
        hasSpare = state[4] != 0;
        spareNormal = BitConverter.UInt64BitsToDouble(state[5]);
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
