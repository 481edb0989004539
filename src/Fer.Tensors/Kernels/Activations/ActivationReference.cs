namespace Fer.Tensors.Kernels.Activations;

/// <summary>
/// Plain double-precision formulas of the activations and their derivatives, one element at a
/// time: the oracle the vector operators are tested against. Erf comes from a power series near 0
/// and a continued fraction for the tail (both to double precision).
/// </summary>
internal static class ActivationReference
{
    internal static double Relu(double x) => x > 0 ? x : double.IsNaN(x) ? x : 0;

    internal static double ReluGrad(double g, double x) => x > 0 ? g : 0;

    internal static double LeakyRelu(double x, double slope) => x > 0 ? x : slope * x;

    internal static double LeakyReluGrad(double g, double x, double slope) => x > 0 ? g : g * slope;

    internal static double Elu(double x, double alpha) => x > 0 ? x : alpha * (Math.Exp(x) - 1);

    internal static double EluGrad(double g, double x, double alpha) => x > 0 ? g : g * alpha * Math.Exp(x);

    internal static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    internal static double SigmoidGrad(double g, double x)
    {
        double s = Sigmoid(x);
        return g * s * (1 - s);
    }

    internal static double Tanh(double x) => Math.Tanh(x);

    internal static double TanhGrad(double g, double x)
    {
        double t = Math.Tanh(x);
        return g * (1 - t * t);
    }

    internal static double Gelu(double x, bool tanhApproximation)
    {
        if (tanhApproximation)
        {
            double u = Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x);
            return 0.5 * x * (1 + Math.Tanh(u));
        }
        return x * NormalCdf(x);
    }

    internal static double GeluGrad(double g, double x, bool tanhApproximation)
    {
        if (tanhApproximation)
        {
            double c = Math.Sqrt(2 / Math.PI);
            double t = Math.Tanh(c * (x + 0.044715 * x * x * x));
            return g * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * c * (1 + 3 * 0.044715 * x * x));
        }
        return g * (NormalCdf(x) + x * Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI));
    }

    internal static double Softplus(double x, double beta, double threshold)
        => x * beta > threshold ? x : Math.Log(1 + Math.Exp(beta * x)) / beta;

    internal static double SoftplusGrad(double g, double x, double beta, double threshold)
        => x * beta > threshold ? g : g * Sigmoid(beta * x);

    /// <summary>Standard normal CDF: 0.5 erfc(-x / sqrt 2).</summary>
    internal static double NormalCdf(double x) => 0.5 * Erfc(-x / Math.Sqrt(2));

    /// <summary>Complementary error function to about 1e-15 relative.</summary>
    internal static double Erfc(double z)
    {
        if (double.IsNaN(z)) return z;
        if (double.IsPositiveInfinity(z)) return 0;
        if (z < 0) return 2 - Erfc(-z);
        if (z < 2)
        {
            // erf(z) = 2/sqrt(pi) * sum_n (-1)^n z^(2n+1) / (n! (2n+1))
            double term = z, sum = z;
            for (int n = 1; n < 60; n++)
            {
                term *= -z * z / n;
                sum += term / (2 * n + 1);
            }
            return 1 - 2 / Math.Sqrt(Math.PI) * sum;
        }
        // Continued fraction (Lentz), converging fast for z >= 2.
        double tiny = 1e-300, f = z, c = z, d = 0;
        for (int k = 1; k < 200; k++)
        {
            double a = k / 2.0;
            d = z + a * d;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = z + a / c;
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16) break;
        }
        return Math.Exp(-z * z) / (f * Math.Sqrt(Math.PI));
    }
}
