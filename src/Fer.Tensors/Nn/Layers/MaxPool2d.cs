using Fer.Tensors.Inference;
namespace Fer.Tensors.Nn;

/// <summary>2-D max pooling layer (PyTorch's nn.MaxPool2d); see <see cref="Functional.MaxPool2d(Tensor, ValueTuple{int, int}, ValueTuple{int, int}?, ValueTuple{int, int}?, ValueTuple{int, int}?, bool)"/>.</summary>
public sealed class MaxPool2d : Module
{
    /// <summary>Creates the layer; <paramref name="stride"/> defaults to the kernel size.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, padding is negative or exceeds half the kernel.</exception>
    public MaxPool2d((int H, int W) kernelSize, (int H, int W)? stride = null, (int H, int W)? padding = null, (int H, int W)? dilation = null, bool ceilMode = false)
    {
        KernelSize = Conv2d.CheckPair(kernelSize, nameof(kernelSize));
        Stride = Conv2d.CheckPair(stride ?? kernelSize, nameof(stride));
        Dilation = Conv2d.CheckPair(dilation ?? (1, 1), nameof(dilation));
        Padding = padding ?? (0, 0);
        if (Padding.H < 0 || Padding.W < 0 || Padding.H > KernelSize.H / 2 || Padding.W > KernelSize.W / 2)
            throw new ArgumentOutOfRangeException(nameof(padding), $"MaxPool2d: padding {Padding} must be non-negative and at most half the kernel size {KernelSize}.");
        CeilMode = ceilMode;
    }

    /// <summary>Square sizes given as single numbers (PyTorch's int arguments).</summary>
    public MaxPool2d(int kernelSize, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false)
        : this((kernelSize, kernelSize), stride is { } s ? (s, s) : null, (padding, padding), (dilation, dilation), ceilMode)
    {
    }

    /// <summary>(height, width) of the window.</summary>
    public (int H, int W) KernelSize { get; }

    /// <summary>(height, width) stride.</summary>
    public (int H, int W) Stride { get; }

    /// <summary>(height, width) implicit -inf border.</summary>
    public (int H, int W) Padding { get; }

    /// <summary>(height, width) spacing of window taps.</summary>
    public (int H, int W) Dilation { get; }

    /// <summary>Whether the output size rounds up.</summary>
    public bool CeilMode { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.MaxPool2d(input, KernelSize, Stride, Padding, Dilation, CeilMode);

    /// <inheritdoc />
    public override InferenceValue Describe(InferenceGraph graph, InferenceValue input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (Dilation != (1, 1)) throw new NotSupportedException($"MaxPool2d with dilation {Dilation} has no inference description.");
        return graph.MaxPool2d(input, KernelSize, Stride, Padding, CeilMode);
    }
}
