using System.Runtime.Intrinsics;

namespace Fer.Tensors.Kernels.Activations;

// The activation operators and their backward twins: one concept, kept together. Each grad operator
// states which value the forward saved (x = input, y = output).
#pragma warning disable SA1649, SA1402

/// <summary>ReLU backward from the output y: g where y &gt; 0 (NaN outputs pass the gradient, as PyTorch's threshold_backward).</summary>
internal readonly struct ReluGrad : IActivationGradOperator
{
    public float Invoke(float g, float y) => y <= 0f ? 0f : g;

    public Vector256<float> Invoke(Vector256<float> g, Vector256<float> y)
        => Vector256.AndNot(g, Vector256.LessThanOrEqual(y, Vector256<float>.Zero));
}

/// <summary>LeakyReLU: x for x &gt; 0, slope * x otherwise.</summary>
internal readonly struct LeakyReluForward(float slope) : IActivationOperator
{
    public float Invoke(float x) => x > 0f ? x : x * slope;

    public Vector256<float> Invoke(Vector256<float> x)
        => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), x, x * slope);
}

/// <summary>LeakyReLU backward from the input x.</summary>
internal readonly struct LeakyReluGrad(float slope) : IActivationGradOperator
{
    public float Invoke(float g, float x) => x > 0f ? g : g * slope;

    public Vector256<float> Invoke(Vector256<float> g, Vector256<float> x)
        => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), g, g * slope);
}

/// <summary>ELU: x for x &gt; 0, alpha * (e^x - 1) otherwise.</summary>
internal readonly struct EluForward(float alpha) : IActivationOperator
{
    public float Invoke(float x) => x > 0f ? x : alpha * ActivationKernel.ExpM1(x);

    public Vector256<float> Invoke(Vector256<float> x)
    {
        Vector256<float> negative = alpha * ActivationKernel.ExpM1(Vector256.Min(x, Vector256<float>.Zero));
        return Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), x, negative);
    }
}

/// <summary>ELU backward from the input x: g for x &gt; 0, g * alpha * e^x otherwise.</summary>
internal readonly struct EluGrad(float alpha) : IActivationGradOperator
{
    public float Invoke(float g, float x) => x > 0f ? g : g * alpha * MathF.Exp(x);

    public Vector256<float> Invoke(Vector256<float> g, Vector256<float> x)
    {
        Vector256<float> negative = g * alpha * Vector256.Exp(Vector256.Min(x, Vector256<float>.Zero));
        return Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), g, negative);
    }
}

/// <summary>Sigmoid backward from the output y: g * y * (1 - y).</summary>
internal readonly struct SigmoidGrad : IActivationGradOperator
{
    public float Invoke(float g, float y) => g * y * (1f - y);

    public Vector256<float> Invoke(Vector256<float> g, Vector256<float> y) => g * y * (Vector256<float>.One - y);
}

/// <summary>Tanh backward from the output y: g * (1 - y^2).</summary>
internal readonly struct TanhGrad : IActivationGradOperator
{
    public float Invoke(float g, float y) => g * (1f - y * y);

    public Vector256<float> Invoke(Vector256<float> g, Vector256<float> y) => g * (Vector256<float>.One - y * y);
}

/// <summary>
/// GELU, exact form x * Phi(x) with Phi the standard normal CDF. Phi comes from erfc (Numerical
/// Recipes' Chebyshev fit, relative error below 1.2e-7 everywhere), taking the tail side so that
/// Phi of large negative x keeps its relative accuracy instead of cancelling in 1 + erf.
/// </summary>
internal readonly struct GeluErfForward : IActivationOperator
{
    public float Invoke(float x) => x * NormalCdf(x);

    public Vector256<float> Invoke(Vector256<float> x) => x * NormalCdf(x);

    internal static float NormalCdf(float x)
    {
        float a = MathF.Abs(x) * InvSqrt2;
        float t = 1f / (1f + 0.5f * a);
        float poly = C0 + t * (C1 + t * (C2 + t * (C3 + t * (C4 + t * (C5 + t * (C6 + t * (C7 + t * (C8 + t * C9))))))));
        float half = 0.5f * t * MathF.Exp(-a * a + poly);
        return x >= 0f ? 1f - half : half;
    }

    internal static Vector256<float> NormalCdf(Vector256<float> x)
    {
        Vector256<float> a = Vector256.Abs(x) * InvSqrt2;
        Vector256<float> t = Vector256<float>.One / (Vector256<float>.One + a * 0.5f);
        Vector256<float> p = Vector256.Create(C9);
        p = Vector256.MultiplyAddEstimate(p, t, Vector256.Create(C8));
        p = Vector256.MultiplyAddEstimate(p, t, Vector256.Create(C7));
        p = Vector256.MultiplyAddEstimate(p, t, Vector256.Create(C6));
        p = Vector256.MultiplyAddEstimate(p, t, Vector256.Create(C5));
        p = Vector256.MultiplyAddEstimate(p, t, Vector256.Create(C4));
        p = Vector256.MultiplyAddEstimate(p, t, Vector256.Create(C3));
        p = Vector256.MultiplyAddEstimate(p, t, Vector256.Create(C2));
        p = Vector256.MultiplyAddEstimate(p, t, Vector256.Create(C1));
        p = Vector256.MultiplyAddEstimate(p, t, Vector256.Create(C0));
        Vector256<float> half = t * 0.5f * Vector256.Exp(p - a * a);
        return Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256<float>.Zero), Vector256<float>.One - half, half);
    }

    internal const float InvSqrt2 = 0.70710678118654752f;
    internal const float InvSqrt2Pi = 0.39894228040143268f;
    private const float C0 = -1.26551223f, C1 = 1.00002368f, C2 = 0.37409196f, C3 = 0.09678418f, C4 = -0.18628806f;
    private const float C5 = 0.27886807f, C6 = -1.13520398f, C7 = 1.48851587f, C8 = -0.82215223f, C9 = 0.17087277f;
}

/// <summary>Exact GELU backward from the input x: g * (Phi(x) + x * phi(x)).</summary>
internal readonly struct GeluErfGrad : IActivationGradOperator
{
    public float Invoke(float g, float x)
        => g * (GeluErfForward.NormalCdf(x) + x * GeluErfForward.InvSqrt2Pi * MathF.Exp(-0.5f * x * x));

    public Vector256<float> Invoke(Vector256<float> g, Vector256<float> x)
    {
        Vector256<float> pdf = GeluErfForward.InvSqrt2Pi * Vector256.Exp(x * x * -0.5f);
        return g * Vector256.MultiplyAddEstimate(x, pdf, GeluErfForward.NormalCdf(x));
    }
}

/// <summary>
/// GELU, tanh approximation 0.5 x (1 + tanh(u)), u = sqrt(2/pi) (x + 0.044715 x^3), computed as
/// x * sigmoid(2u), which is the same function without the cancellation in 1 + tanh(u) for x &lt; 0.
/// </summary>
internal readonly struct GeluTanhForward : IActivationOperator
{
    internal const float Sqrt2OverPi = 0.79788456080286536f;
    internal const float Cubic = 0.044715f;

    public float Invoke(float x) => x * ActivationKernel.Sigmoid(2f * Sqrt2OverPi * (x + Cubic * x * x * x));

    public Vector256<float> Invoke(Vector256<float> x)
    {
        Vector256<float> u = (2f * Sqrt2OverPi) * Vector256.MultiplyAddEstimate(x * x * Cubic, x, x);
        return x * ActivationKernel.Sigmoid(u);
    }
}

/// <summary>Tanh-approximate GELU backward from the input x: s + 2 x s (1 - s) u'(x) with s = sigmoid(2u).</summary>
internal readonly struct GeluTanhGrad : IActivationGradOperator
{
    public float Invoke(float g, float x)
    {
        float s = ActivationKernel.Sigmoid(2f * GeluTanhForward.Sqrt2OverPi * (x + GeluTanhForward.Cubic * x * x * x));
        float du = GeluTanhForward.Sqrt2OverPi * (1f + 3f * GeluTanhForward.Cubic * x * x);
        return g * (s + 2f * x * s * (1f - s) * du);
    }

    public Vector256<float> Invoke(Vector256<float> g, Vector256<float> x)
    {
        Vector256<float> x2 = x * x;
        Vector256<float> s = ActivationKernel.Sigmoid((2f * GeluTanhForward.Sqrt2OverPi) * Vector256.MultiplyAddEstimate(x2 * GeluTanhForward.Cubic, x, x));
        Vector256<float> du = GeluTanhForward.Sqrt2OverPi * Vector256.MultiplyAddEstimate(x2, Vector256.Create(3f * GeluTanhForward.Cubic), Vector256<float>.One);
        return g * Vector256.MultiplyAddEstimate(2f * x * s * (Vector256<float>.One - s), du, s);
    }
}

/// <summary>
/// Softplus log(1 + e^(beta x)) / beta, linear (x) where beta x &gt; threshold, as PyTorch. Written as
/// (max(z, 0) + log1p(e^-|z|)) / beta so it neither overflows nor loses tiny values.
/// </summary>
internal readonly struct SoftplusForward(float beta, float threshold) : IActivationOperator
{
    public float Invoke(float x)
    {
        float z = x * beta;
        if (z > threshold) return x;
        return (MathF.Max(z, 0f) + ActivationKernel.Log1PUnit(MathF.Exp(-MathF.Abs(z)))) / beta;
    }

    public Vector256<float> Invoke(Vector256<float> x)
    {
        Vector256<float> z = x * beta;
        Vector256<float> soft = (Vector256.Max(z, Vector256<float>.Zero) + ActivationKernel.Log1PUnit(Vector256.Exp(-Vector256.Abs(z)))) / beta;
        return Vector256.ConditionalSelect(Vector256.GreaterThan(z, Vector256.Create(threshold)), x, soft);
    }
}

/// <summary>Softplus backward from the input x: g where beta x &gt; threshold, g * sigmoid(beta x) otherwise.</summary>
internal readonly struct SoftplusGrad(float beta, float threshold) : IActivationGradOperator
{
    public float Invoke(float g, float x)
    {
        float z = x * beta;
        return z > threshold ? g : g * ActivationKernel.Sigmoid(z);
    }

    public Vector256<float> Invoke(Vector256<float> g, Vector256<float> x)
    {
        Vector256<float> z = x * beta;
        return Vector256.ConditionalSelect(Vector256.GreaterThan(z, Vector256.Create(threshold)), g, g * ActivationKernel.Sigmoid(z));
    }
}
