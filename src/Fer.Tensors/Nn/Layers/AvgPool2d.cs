using Fer.Tensors.Inference;
namespace Fer.Tensors.Nn;

/// <summary>2-D average pooling layer (PyTorch's nn.AvgPool2d); see <see cref="Functional.AvgPool2d(Tensor, ValueTuple{int, int}, ValueTuple{int, int}?, ValueTuple{int, int}?, bool, bool)"/>.</summary>
public sealed class AvgPool2d : Module
{
    /// <summary>Creates the layer; <paramref name="stride"/> defaults to the kernel size.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, padding is negative or exceeds half the kernel.</exception>
    public AvgPool2d((int H, int W) kernelSize, (int H, int W)? stride = null, (int H, int W)? padding = null, bool ceilMode = false, bool countIncludePad = true)
    {
        KernelSize = Conv2d.CheckPair(kernelSize, nameof(kernelSize));
        Stride = Conv2d.CheckPair(stride ?? kernelSize, nameof(stride));
        Padding = padding ?? (0, 0);
        if (Padding.H < 0 || Padding.W < 0 || Padding.H > KernelSize.H / 2 || Padding.W > KernelSize.W / 2)
            throw new ArgumentOutOfRangeException(nameof(padding), $"AvgPool2d: padding {Padding} must be non-negative and at most half the kernel size {KernelSize}.");
        CeilMode = ceilMode;
        CountIncludePad = countIncludePad;
    }

    /// <summary>Square sizes given as single numbers (PyTorch's int arguments).</summary>
    public AvgPool2d(int kernelSize, int? stride = null, int padding = 0, bool ceilMode = false, bool countIncludePad = true)
        : this((kernelSize, kernelSize), stride is { } s ? (s, s) : null, (padding, padding), ceilMode, countIncludePad)
    {
    }

    /// <summary>(height, width) of the window.</summary>
    public (int H, int W) KernelSize { get; }

    /// <summary>(height, width) stride.</summary>
    public (int H, int W) Stride { get; }

    /// <summary>(height, width) zero border.</summary>
    public (int H, int W) Padding { get; }

    /// <summary>Whether the output size rounds up.</summary>
    public bool CeilMode { get; }

    /// <summary>Whether padding zeros count in the divisor.</summary>
    public bool CountIncludePad { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.AvgPool2d(input, KernelSize, Stride, Padding, CeilMode, CountIncludePad);

    /// <inheritdoc />
    public override InferenceValue Describe(InferenceGraph graph, InferenceValue input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return graph.AvgPool2d(input, KernelSize, Stride, Padding, CeilMode, CountIncludePad);
    }
}
