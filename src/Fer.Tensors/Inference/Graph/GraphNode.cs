namespace Fer.Tensors.Inference.Graph;

/// <summary>
/// One operation of an inference graph: reads values (by id) and defines one. The graph is kept in
/// definition order, so it is always topologically sorted; fusion replaces nodes in place.
/// </summary>
internal abstract class GraphNode(int[] inputs, int output)
{
    /// <summary>Ids of the values read, in order.</summary>
    public int[] Inputs { get; set; } = inputs;

    /// <summary>Id of the value defined.</summary>
    public int Output { get; set; } = output;
}

/// <summary>
/// A convolution with its epilogue: out = rect(conv(x) + bias [+ residual]). Inputs: x, and the residual
/// when fused. Weight [OutC, InC / Groups, KH, KW].
/// </summary>
internal sealed class ConvNode(int input, int output) : GraphNode([input], output)
{
    public required float[] Weight { get; set; }

    public required float[] Bias { get; set; }

    public int InChannels { get; init; }

    public int OutChannels { get; init; }

    public int KH { get; init; }

    public int KW { get; init; }

    public int StrideH { get; init; }

    public int StrideW { get; init; }

    public (int Top, int Bottom, int Left, int Right) Padding { get; init; }

    public int DilationH { get; init; }

    public int DilationW { get; init; }

    public int Groups { get; init; }

    public Rectifier? Rectifier { get; set; }

    /// <summary>Whether ReLU is applied to the input as it is read (only a depthwise convolution can).</summary>
    public bool RectifyInput { get; set; }

    public bool IsDepthwise => Groups == InChannels && Groups == OutChannels && Groups > 1;

    public bool HasResidual => Inputs.Length > 1;
}

/// <summary>out = x * scale + shift per channel (batch norm in inference mode, input normalisation).</summary>
internal sealed class AffineNode(int input, int output, float[] scale, float[] shift) : GraphNode([input], output)
{
    public float[] Scale { get; } = scale;

    public float[] Shift { get; } = shift;
}

/// <summary>out = x &lt; 0 ? slope * x : x.</summary>
internal sealed class RectifyNode(int input, int output, Rectifier rectifier) : GraphNode([input], output)
{
    public Rectifier Rectifier { get; } = rectifier;
}

/// <summary>out = rect(a + b).</summary>
internal sealed class AddNode(int a, int b, int output) : GraphNode([a, b], output)
{
    public Rectifier? Rectifier { get; set; }
}

/// <summary>Max or average pooling described by per-axis windows (see <see cref="Kernels.Blocked.BlockedPool2d"/>).</summary>
internal sealed class PoolNode(int input, int output, Func<int, Kernels.Blocked.BlockedPool2d> create) : GraphNode([input], output)
{
    /// <summary>Builds the kernel for a channel block.</summary>
    public Func<int, Kernels.Blocked.BlockedPool2d> Create { get; } = create;

    public bool Max { get; init; }
}

/// <summary>[N, C, H, W] to [N, C*H*W] in C, H, W order.</summary>
internal sealed class FlattenNode(int input, int output) : GraphNode([input], output);

/// <summary>out = rect(x W^T + b) on flat values; weight [Out, In].</summary>
internal sealed class LinearNode(int input, int output, float[] weight, float[] bias, int inFeatures, int outFeatures) : GraphNode([input], output)
{
    public float[] Weight { get; set; } = weight;

    public float[] Bias { get; set; } = bias;

    public int InFeatures { get; } = inFeatures;

    public int OutFeatures { get; } = outFeatures;

    public Rectifier? Rectifier { get; set; }
}

/// <summary>Flat values side by side: [N, sum of lengths].</summary>
internal sealed class ConcatNode(int[] inputs, int output) : GraphNode(inputs, output);

/// <summary>The element-wise mean of flat values of one length.</summary>
internal sealed class MeanNode(int[] inputs, int output) : GraphNode(inputs, output);

/// <summary>Softmax over the features of a flat value.</summary>
internal sealed class SoftmaxNode(int input, int output) : GraphNode([input], output);
