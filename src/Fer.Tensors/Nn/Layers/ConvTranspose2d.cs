using Fer.Tensors.Random;

namespace Fer.Tensors.Nn;

/// <summary>
/// 2-D transposed convolution layer (PyTorch's nn.ConvTranspose2d): input [N, InChannels, H, W] to
/// [N, OutChannels, (H-1)*stride - 2*padding + dilation*(kH-1) + outputPadding + 1, ...];
/// weight [InChannels, OutChannels / Groups, kH, kW], bias [OutChannels].
/// </summary>
public sealed class ConvTranspose2d : Module
{
    /// <summary>
    /// Creates the layer with PyTorch's default initialisation: weight and bias
    /// U(-1/sqrt(fan_in), 1/sqrt(fan_in)) where PyTorch takes fan_in from the weight's second
    /// dimension: OutChannels / Groups * kH * kW.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive or a padding is negative.</exception>
    /// <exception cref="ArgumentException">Groups does not divide the channel counts, or output padding is not below stride or dilation.</exception>
    public ConvTranspose2d(int inChannels, int outChannels, (int H, int W) kernelSize, (int H, int W)? stride = null, (int H, int W)? padding = null,
        (int H, int W)? outputPadding = null, int groups = 1, bool bias = true, (int H, int W)? dilation = null, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(groups);
        Conv2d.CheckPair(kernelSize, nameof(kernelSize));
        Stride = Conv2d.CheckPair(stride ?? (1, 1), nameof(stride));
        Dilation = Conv2d.CheckPair(dilation ?? (1, 1), nameof(dilation));
        Padding = padding ?? (0, 0);
        OutputPadding = outputPadding ?? (0, 0);
        if (Padding.H < 0 || Padding.W < 0 || OutputPadding.H < 0 || OutputPadding.W < 0)
            throw new ArgumentOutOfRangeException(nameof(padding), $"ConvTranspose2d: padding {Padding} and output padding {OutputPadding} must be non-negative.");
        if (OutputPadding.H >= Math.Max(Stride.H, Dilation.H) || OutputPadding.W >= Math.Max(Stride.W, Dilation.W))
            throw new ArgumentException($"ConvTranspose2d: output padding {OutputPadding} must be smaller than the stride {Stride} or the dilation {Dilation}.", nameof(outputPadding));
        if (inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"ConvTranspose2d: groups ({groups}) must divide both in_channels ({inChannels}) and out_channels ({outChannels}).", nameof(groups));
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Groups = groups;
        generator ??= Generator.Default;
        int fanIn = outChannels / groups * kernelSize.H * kernelSize.W;
        float bound = 1f / MathF.Sqrt(fanIn);
        Weight = RegisterParameter("weight", Tensor.Uniform(generator, -bound, bound, inChannels, outChannels / groups, kernelSize.H, kernelSize.W));
        Bias = RegisterOptionalParameter("bias", bias ? Tensor.Uniform(generator, -bound, bound, outChannels) : null);
    }

    /// <summary>Every size given as one number for both axes (PyTorch's int arguments).</summary>
    public ConvTranspose2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, int outputPadding = 0,
        int groups = 1, bool bias = true, int dilation = 1, Generator? generator = null)
        : this(inChannels, outChannels, (kernelSize, kernelSize), (stride, stride), (padding, padding), (outputPadding, outputPadding),
            groups, bias, (dilation, dilation), generator)
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

    /// <summary>(height, width) padding removed from each side of the full output.</summary>
    public (int H, int W) Padding { get; }

    /// <summary>(height, width) extra rows/columns at the bottom/right of the output.</summary>
    public (int H, int W) OutputPadding { get; }

    /// <summary>(height, width) dilation.</summary>
    public (int H, int W) Dilation { get; }

    /// <summary>Channel groups.</summary>
    public int Groups { get; }

    /// <summary>Weight [InChannels, OutChannels / Groups, kH, kW].</summary>
    public Tensor Weight { get; }

    /// <summary>Bias [OutChannels], or null.</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
        => Functional.ConvTranspose2d(input, Weight, Bias, Stride, Padding, OutputPadding, Groups, Dilation);
}
