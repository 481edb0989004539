using System.Numerics.Tensors;
using Fer.Tensors.Kernels.Activations;
using Fer.Tensors.Kernels.Elementwise;

namespace Fer.Tensors.Nn;

/// <summary>
/// Stateless neural-network operations (PyTorch's <c>torch.nn.functional</c>): activations,
/// normalisation, dropout, convolution, pooling. Every op records its backward for autograd and
/// accepts tensors of any layout (non-contiguous inputs are copied first).
/// </summary>
public static partial class Functional
{
    /// <summary>max(x, 0) element-wise; any shape. NaN stays NaN.</summary>
    public static Tensor Relu(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Tensor y = UnaryKernel.Apply(input, static (s, d) => { if (s.Length > 0) TensorPrimitives.Max(s, 0f, d); });
        return Tensor.Record(y, "relu", input, g => ActivationKernel.Backward(g, y, new ReluGrad()));
    }

    /// <summary>x for x &gt; 0, <paramref name="negativeSlope"/> * x otherwise; any shape.</summary>
    /// <exception cref="ArgumentException"><paramref name="negativeSlope"/> is not finite.</exception>
    public static Tensor LeakyRelu(Tensor input, float negativeSlope = 0.01f)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckFinite(negativeSlope, nameof(negativeSlope));
        Tensor y = ActivationKernel.Forward(input, new LeakyReluForward(negativeSlope), out Tensor x);
        return Tensor.Record(y, "leaky_relu", input, g => ActivationKernel.Backward(g, x, new LeakyReluGrad(negativeSlope)));
    }

    /// <summary>x for x &gt; 0, <paramref name="alpha"/> * (e^x - 1) otherwise; any shape.</summary>
    /// <exception cref="ArgumentException"><paramref name="alpha"/> is not finite.</exception>
    public static Tensor Elu(Tensor input, float alpha = 1f)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckFinite(alpha, nameof(alpha));
        Tensor y = ActivationKernel.Forward(input, new EluForward(alpha), out Tensor x);
        return Tensor.Record(y, "elu", input, g => ActivationKernel.Backward(g, x, new EluGrad(alpha)));
    }

    /// <summary>1 / (1 + e^-x) element-wise; any shape.</summary>
    public static Tensor Sigmoid(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Tensor y = UnaryKernel.Apply(input, static (s, d) => { if (s.Length > 0) TensorPrimitives.Sigmoid(s, d); });
        return Tensor.Record(y, "sigmoid", input, g => ActivationKernel.Backward(g, y, new SigmoidGrad()));
    }

    /// <summary>Hyperbolic tangent element-wise; any shape.</summary>
    public static Tensor Tanh(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Tensor y = UnaryKernel.Apply(input, static (s, d) => { if (s.Length > 0) TensorPrimitives.Tanh(s, d); });
        return Tensor.Record(y, "tanh", input, g => ActivationKernel.Backward(g, y, new TanhGrad()));
    }

    /// <summary>
    /// Gaussian error linear unit x * Phi(x) (exact, PyTorch's default) or its tanh approximation;
    /// any shape. The exact form keeps relative accuracy for large negative x.
    /// </summary>
    public static Tensor Gelu(Tensor input, GeluApproximation approximation = GeluApproximation.None)
    {
        ArgumentNullException.ThrowIfNull(input);
        switch (approximation)
        {
            case GeluApproximation.None:
            {
                Tensor y = ActivationKernel.Forward(input, new GeluErfForward(), out Tensor x);
                return Tensor.Record(y, "gelu", input, g => ActivationKernel.Backward(g, x, new GeluErfGrad()));
            }
            case GeluApproximation.Tanh:
            {
                Tensor y = ActivationKernel.Forward(input, new GeluTanhForward(), out Tensor x);
                return Tensor.Record(y, "gelu_tanh", input, g => ActivationKernel.Backward(g, x, new GeluTanhGrad()));
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(approximation), approximation, "Expected GeluApproximation.None or GeluApproximation.Tanh.");
        }
    }

    /// <summary>
    /// log(1 + e^(beta x)) / beta element-wise, and x itself where beta * x &gt; <paramref name="threshold"/>
    /// (PyTorch's softplus, defaults beta = 1, threshold = 20); any shape.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="beta"/> is zero or not finite, or <paramref name="threshold"/> is NaN.</exception>
    public static Tensor Softplus(Tensor input, float beta = 1f, float threshold = 20f)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckFinite(beta, nameof(beta));
        if (beta == 0f) throw new ArgumentException("Softplus: beta must be non-zero.", nameof(beta));
        if (float.IsNaN(threshold)) throw new ArgumentException("Softplus: threshold is NaN.", nameof(threshold));
        Tensor y = ActivationKernel.Forward(input, new SoftplusForward(beta, threshold), out Tensor x);
        return Tensor.Record(y, "softplus", input, g => ActivationKernel.Backward(g, x, new SoftplusGrad(beta, threshold)));
    }

    private static void CheckFinite(float value, string name)
    {
        if (!float.IsFinite(value)) throw new ArgumentException($"{name} must be finite; got {value}.", name);
    }
}
