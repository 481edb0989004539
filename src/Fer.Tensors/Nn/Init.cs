using Fer.Tensors.Autograd;
using Fer.Tensors.Random;

namespace Fer.Tensors.Nn;

/// <summary>
/// Weight initialisation in place, as <c>torch.nn.init</c>: every method overwrites the tensor's
/// elements under no-grad (a parameter stays a leaf) and returns it. Random methods draw from the
/// given <see cref="Generator"/> in row-major order, so a seed reproduces the values. Tensors with no
/// elements are left as they are.
/// </summary>
public static class Init
{
    /// <summary>
    /// The recommended gain for an activation (torch.nn.init.calculate_gain). For
    /// <see cref="Nonlinearity.LeakyRelu"/>, <paramref name="negativeSlope"/> defaults to 0.01.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The activation is unknown or the slope is not finite.</exception>
    public static double CalculateGain(Nonlinearity nonlinearity, double? negativeSlope = null) => nonlinearity switch
    {
        Nonlinearity.Linear or Nonlinearity.Conv or Nonlinearity.Sigmoid => 1.0,
        Nonlinearity.Tanh => 5.0 / 3,
        Nonlinearity.Relu => Math.Sqrt(2.0),
        Nonlinearity.LeakyRelu => double.IsFinite(negativeSlope ?? 0.01)
            ? Math.Sqrt(2.0 / (1 + Math.Pow(negativeSlope ?? 0.01, 2)))
            : throw new ArgumentOutOfRangeException(nameof(negativeSlope), negativeSlope, "The negative slope must be finite."),
        Nonlinearity.Selu => 3.0 / 4,
        _ => throw new ArgumentOutOfRangeException(nameof(nonlinearity), nonlinearity, "Unknown nonlinearity."),
    };

    /// <summary>
    /// Fan-in and fan-out of a weight of shape [out, in, k...] (torch.nn.init._calculate_fan_in_and_fan_out):
    /// fanIn = in · ∏k, fanOut = out · ∏k.
    /// </summary>
    /// <exception cref="ArgumentException">The shape has fewer than 2 dimensions.</exception>
    public static (int FanIn, int FanOut) CalculateFanInAndFanOut(ReadOnlySpan<int> shape)
    {
        if (shape.Length < 2)
            throw new ArgumentException($"Fan in and fan out need a tensor with at least 2 dimensions; got shape {Tensor.FormatShape(shape)}.", nameof(shape));
        long receptive = 1;
        for (int d = 2; d < shape.Length; d++) receptive *= shape[d];
        return (checked((int)(shape[1] * receptive)), checked((int)(shape[0] * receptive)));
    }

    /// <summary>Kaiming (He) uniform: U(−b, b) with b = gain · √(3 / fan), gain = CalculateGain(nonlinearity, a).</summary>
    /// <exception cref="ArgumentException">The tensor has fewer than 2 dimensions.</exception>
    public static Tensor KaimingUniform(Tensor tensor, Generator generator, double a = 0, FanMode mode = FanMode.FanIn, Nonlinearity nonlinearity = Nonlinearity.LeakyRelu)
    {
        Check(tensor, generator);
        if (tensor.ElementCount == 0) return tensor;
        double bound = Math.Sqrt(3.0) * KaimingStd(tensor, a, mode, nonlinearity);
        return FillUniform(tensor, generator, -bound, bound);
    }

    /// <summary>Kaiming (He) normal: N(0, std²) with std = gain / √fan.</summary>
    /// <exception cref="ArgumentException">The tensor has fewer than 2 dimensions.</exception>
    public static Tensor KaimingNormal(Tensor tensor, Generator generator, double a = 0, FanMode mode = FanMode.FanIn, Nonlinearity nonlinearity = Nonlinearity.LeakyRelu)
    {
        Check(tensor, generator);
        if (tensor.ElementCount == 0) return tensor;
        return FillNormal(tensor, generator, 0, KaimingStd(tensor, a, mode, nonlinearity));
    }

    /// <summary>Xavier (Glorot) uniform: U(−b, b) with b = gain · √(6 / (fanIn + fanOut)).</summary>
    /// <exception cref="ArgumentException">The tensor has fewer than 2 dimensions.</exception>
    public static Tensor XavierUniform(Tensor tensor, Generator generator, double gain = 1)
    {
        Check(tensor, generator);
        if (tensor.ElementCount == 0) return tensor;
        double bound = Math.Sqrt(3.0) * XavierStd(tensor, gain);
        return FillUniform(tensor, generator, -bound, bound);
    }

    /// <summary>Xavier (Glorot) normal: N(0, std²) with std = gain · √(2 / (fanIn + fanOut)).</summary>
    /// <exception cref="ArgumentException">The tensor has fewer than 2 dimensions.</exception>
    public static Tensor XavierNormal(Tensor tensor, Generator generator, double gain = 1)
    {
        Check(tensor, generator);
        if (tensor.ElementCount == 0) return tensor;
        return FillNormal(tensor, generator, 0, XavierStd(tensor, gain));
    }

    /// <summary>Values uniform in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The bounds are not finite or <paramref name="high"/> &lt; <paramref name="low"/>.</exception>
    public static Tensor Uniform(Tensor tensor, Generator generator, double low = 0, double high = 1)
    {
        Check(tensor, generator);
        if (!double.IsFinite(low) || !double.IsFinite(high) || high < low)
            throw new ArgumentOutOfRangeException(nameof(high), high, $"Uniform needs finite bounds with low ({low}) <= high.");
        return FillUniform(tensor, generator, low, high);
    }

    /// <summary>Values from N(<paramref name="mean"/>, <paramref name="std"/>²).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="std"/> is negative or a value is not finite.</exception>
    public static Tensor Normal(Tensor tensor, Generator generator, double mean = 0, double std = 1)
    {
        Check(tensor, generator);
        if (!double.IsFinite(mean)) throw new ArgumentOutOfRangeException(nameof(mean), mean, "mean must be finite.");
        if (!double.IsFinite(std) || std < 0) throw new ArgumentOutOfRangeException(nameof(std), std, "std must be finite and non-negative.");
        return FillNormal(tensor, generator, mean, std);
    }

    /// <summary>
    /// Values from N(<paramref name="mean"/>, <paramref name="std"/>²) restricted to [<paramref name="a"/>, <paramref name="b"/>]
    /// (torch.nn.init.trunc_normal_; sampled by rejection, so the interval must hold some probability mass).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="std"/> is not positive, or the interval is empty or more than 6 std from the mean.</exception>
    public static Tensor TruncatedNormal(Tensor tensor, Generator generator, double mean = 0, double std = 1, double a = -2, double b = 2)
    {
        Check(tensor, generator);
        if (!double.IsFinite(std) || std <= 0) throw new ArgumentOutOfRangeException(nameof(std), std, "std must be positive and finite.");
        if (!(a < b) || b < mean - 6 * std || a > mean + 6 * std)
            throw new ArgumentOutOfRangeException(nameof(b), b, $"TruncatedNormal needs a < b with the interval within 6 std of the mean (a = {a}, b = {b}, mean = {mean}, std = {std}).");
        return Fill(tensor, s =>
        {
            for (int i = 0; i < s.Length; i++)
            {
                double v;
                do v = mean + std * generator.NextNormal(); while (v < a || v > b);
                s[i] = (float)v;
            }
        });
    }

    /// <summary>Sets every element to <paramref name="value"/>.</summary>
    public static Tensor Constant(Tensor tensor, float value)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return Fill(tensor, s => s.Fill(value));
    }

    /// <summary>Sets every element to 0.</summary>
    public static Tensor Zeros(Tensor tensor) => Constant(tensor, 0f);

    /// <summary>Sets every element to 1.</summary>
    public static Tensor Ones(Tensor tensor) => Constant(tensor, 1f);

    private static double KaimingStd(Tensor tensor, double a, FanMode mode, Nonlinearity nonlinearity)
    {
        var (fanIn, fanOut) = CalculateFanInAndFanOut(tensor.Shape);
        int fan = mode switch
        {
            FanMode.FanIn => fanIn,
            FanMode.FanOut => fanOut,
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown fan mode."),
        };
        return CalculateGain(nonlinearity, a) / Math.Sqrt(fan);
    }

    private static double XavierStd(Tensor tensor, double gain)
    {
        if (!double.IsFinite(gain)) throw new ArgumentOutOfRangeException(nameof(gain), gain, "gain must be finite.");
        var (fanIn, fanOut) = CalculateFanInAndFanOut(tensor.Shape);
        return gain * Math.Sqrt(2.0 / ((double)fanIn + fanOut));
    }

    private static Tensor FillUniform(Tensor tensor, Generator generator, double low, double high) => Fill(tensor, s =>
    {
        for (int i = 0; i < s.Length; i++) s[i] = (float)(low + (high - low) * generator.NextDouble());
    });

    private static Tensor FillNormal(Tensor tensor, Generator generator, double mean, double std) => Fill(tensor, s =>
    {
        for (int i = 0; i < s.Length; i++) s[i] = (float)(mean + std * generator.NextNormal());
    });

    private delegate void SpanAction(Span<float> values);

    /// <summary>Writes values in row-major order, through a contiguous copy for strided views.</summary>
    private static Tensor Fill(Tensor tensor, SpanAction write)
    {
        using NoGradScope _ = GradMode.NoGrad();
        if (tensor.IsContiguous)
        {
            write(tensor.AsSpan());
            return tensor;
        }
        Tensor values = Tensor.Empty(tensor.ShapeArray);
        write(values.AsSpan());
        tensor.CopyFromNoGrad(values);
        return tensor;
    }

    private static void Check(Tensor tensor, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(generator);
    }
}
