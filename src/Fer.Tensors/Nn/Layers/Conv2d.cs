using Fer.Tensors.Inference;
using Fer.Tensors.Random;

namespace Fer.Tensors.Nn;

/// <summary>
/// 2-D convolution layer (PyTorch's nn.Conv2d): input [N, InChannels, H, W] to
/// [N, OutChannels, H_out, W_out]; weight [OutChannels, InChannels / Groups, kH, kW], bias [OutChannels].
/// </summary>
public sealed class Conv2d : Module
{
    /// <summary>
    /// Creates the layer with PyTorch's default initialisation: Kaiming-uniform with a = sqrt(5),
    /// i.e. weight and bias U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with fan_in = InChannels / Groups * kH * kW
    /// (weight drawn first, then bias, from <paramref name="generator"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive or padding is negative.</exception>
    /// <exception cref="ArgumentException">Groups does not divide both channel counts.</exception>
    public Conv2d(int inChannels, int outChannels, (int H, int W) kernelSize, (int H, int W)? stride = null, Conv2dPadding? padding = null,
        (int H, int W)? dilation = null, int groups = 1, bool bias = true, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(groups);
        CheckPair(kernelSize, nameof(kernelSize));
        Stride = CheckPair(stride ?? (1, 1), nameof(stride));
        Dilation = CheckPair(dilation ?? (1, 1), nameof(dilation));
        if (inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"Conv2d: groups ({groups}) must divide both in_channels ({inChannels}) and out_channels ({outChannels}).", nameof(groups));
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Padding = padding ?? Conv2dPadding.Valid;
        Groups = groups;
        generator ??= Generator.Default;
        int fanIn = inChannels / groups * kernelSize.H * kernelSize.W;
        float bound = 1f / MathF.Sqrt(fanIn);
        Weight = RegisterParameter("weight", Tensor.Uniform(generator, -bound, bound, outChannels, inChannels / groups, kernelSize.H, kernelSize.W));
        Bias = RegisterOptionalParameter("bias", bias ? Tensor.Uniform(generator, -bound, bound, outChannels) : null);
    }

    /// <summary>Square kernel, stride, symmetric padding and dilation given as single numbers (PyTorch's int arguments).</summary>
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, int dilation = 1, int groups = 1,
        bool bias = true, Generator? generator = null)
        : this(inChannels, outChannels, (kernelSize, kernelSize), (stride, stride), Conv2dPadding.Symmetric(padding), (dilation, dilation), groups, bias, generator)
    {
    }

    /// <summary>Input channel count.</summary>
    public int InChannels { get; }

    /// <summary>Output channel count.</summary>
    public int OutChannels { get; }

    /// <summary>(height, width) of the kernel.</summary>
    public (int H, int W) KernelSize { get; }

    /// <summary>(height, width) stride.</summary>
    public (int H, int W) Stride { get; }

    /// <summary>The padding rule.</summary>
    public Conv2dPadding Padding { get; }

    /// <summary>(height, width) dilation.</summary>
    public (int H, int W) Dilation { get; }

    /// <summary>Channel groups.</summary>
    public int Groups { get; }

    /// <summary>Weight [OutChannels, InChannels / Groups, kH, kW].</summary>
    public Tensor Weight { get; }

    /// <summary>Bias [OutChannels], or null.</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.Conv2d(input, Weight, Bias, Stride, Padding, Dilation, Groups);

    /// <inheritdoc />
    public override InferenceValue Describe(InferenceGraph graph, InferenceValue input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return graph.Conv2d(input, Weight, Bias, Stride, Padding, Dilation, Groups);
    }

    internal static (int H, int W) CheckPair((int H, int W) value, string name)
    {
        if (value.H <= 0 || value.W <= 0)
            throw new ArgumentOutOfRangeException(name, $"{name} must be positive along both axes; got ({value.H}, {value.W}).");
        return value;
    }
}
