using Fer.Tensors.Inference.Graph;
using Fer.Tensors.Kernels.Blocked;
using Fer.Tensors.Kernels.Pooling;
using Fer.Tensors.Nn;

namespace Fer.Tensors.Inference;

/// <summary>
/// A network described for inference, op by op, with PyTorch's semantics (batch norm with running
/// statistics, dropout as identity), from which <see cref="Compile()"/> makes an <see cref="InferencePlan"/>:
/// batch norms and per-channel affine maps folded into the convolutions or linear layers before them,
/// rectifiers and residual sums fused into the convolutions, maps kept in a channel-blocked layout.
/// Weights are copied when an op is added, so the plan is a snapshot: later changes to the tensors
/// do not reach it. Modules describe themselves with <see cref="Module.Describe"/>.
/// </summary>
public sealed class InferenceGraph
{
    private readonly List<(int Channels, int Height, int Width, bool Flat)> values = [];
    private readonly List<GraphNode> nodes = [];
    private readonly List<int> outputs = [];

    /// <summary>A graph with one input of images [N, <paramref name="channels"/>, <paramref name="height"/>, <paramref name="width"/>].</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public InferenceGraph(int channels, int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        Input = NewValue(channels, height, width, false);
    }

    /// <summary>The input images.</summary>
    public InferenceValue Input { get; }

    internal IReadOnlyList<GraphNode> Nodes => nodes;

    internal IReadOnlyList<int> Outputs => outputs;

    internal (int Channels, int Height, int Width, bool Flat) Shape(int id) => values[id];

    internal int ValueCount => values.Count;

    /// <summary>2-D convolution as <see cref="Functional.Conv2d(Tensor, Tensor, Tensor?, ValueTuple{int, int}?, Conv2dPadding?, ValueTuple{int, int}?, int)"/>.</summary>
    /// <exception cref="ArgumentException">The value is not a map, or the weight or bias does not fit it.</exception>
    public InferenceValue Conv2d(InferenceValue input, Tensor weight, Tensor? bias = null, (int H, int W)? stride = null,
        Conv2dPadding? padding = null, (int H, int W)? dilation = null, int groups = 1)
    {
        CheckMap(input, "Conv2d");
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(groups);
        var (sh, sw) = stride ?? (1, 1);
        var (dh, dw) = dilation ?? (1, 1);
        if (sh <= 0 || sw <= 0 || dh <= 0 || dw <= 0) throw new ArgumentOutOfRangeException(nameof(stride), "Conv2d: stride and dilation must be positive.");
        if (weight.Rank != 4 || weight.Size(1) * groups != input.Channels || weight.Size(0) % groups != 0)
            throw new ArgumentException($"Conv2d: weight {Tensor.FormatShape(weight.Shape)} with groups {groups} does not fit input {input}.", nameof(weight));
        int outC = weight.Size(0), kh = weight.Size(2), kw = weight.Size(3);
        if (bias is not null && (bias.Rank != 1 || bias.Size(0) != outC))
            throw new ArgumentException($"Conv2d: bias {Tensor.FormatShape(bias.Shape)} does not fit {outC} output channels.", nameof(bias));
        var pads = (padding ?? Conv2dPadding.Valid).Resolve(input.Height, input.Width, kh, kw, sh, sw, dh, dw);
        int oh = (input.Height + pads.Top + pads.Bottom - dh * (kh - 1) - 1) / sh + 1;
        int ow = (input.Width + pads.Left + pads.Right - dw * (kw - 1) - 1) / sw + 1;
        if (input.Height + pads.Top + pads.Bottom < dh * (kh - 1) + 1 || input.Width + pads.Left + pads.Right < dw * (kw - 1) + 1)
            throw new ArgumentException($"Conv2d: kernel {kh}x{kw} does not fit input {input} with padding {pads}.", nameof(weight));
        InferenceValue result = NewValue(outC, oh, ow, false);
        nodes.Add(new ConvNode(input.Id, result.Id)
        {
            Weight = weight.ToArray(),
            Bias = bias?.ToArray() ?? new float[outC],
            InChannels = input.Channels,
            OutChannels = outC,
            KH = kh,
            KW = kw,
            StrideH = sh,
            StrideW = sw,
            Padding = pads,
            DilationH = dh,
            DilationW = dw,
            Groups = groups,
        });
        return result;
    }

    /// <summary>Batch norm in inference mode: (x - mean) / sqrt(var + eps) * weight + bias per channel (feature).</summary>
    /// <exception cref="ArgumentException">A statistic's length differs from the channel count.</exception>
    public InferenceValue BatchNorm(InferenceValue input, Tensor runningMean, Tensor runningVar, Tensor? weight, Tensor? bias, float eps)
    {
        Check(input);
        ArgumentNullException.ThrowIfNull(runningMean);
        ArgumentNullException.ThrowIfNull(runningVar);
        int c = input.Channels;
        float[] mean = PerChannel(runningMean, c, "running mean"), variance = PerChannel(runningVar, c, "running variance");
        float[]? gamma = weight is null ? null : PerChannel(weight, c, "weight"), beta = bias is null ? null : PerChannel(bias, c, "bias");
        var scale = new float[c];
        var shift = new float[c];
        for (int i = 0; i < c; i++)
        {
            double s = (gamma?[i] ?? 1.0) / Math.Sqrt(variance[i] + (double)eps);
            scale[i] = (float)s;
            shift[i] = (float)((beta?[i] ?? 0.0) - mean[i] * s);
        }
        return ScaleShift(input, scale, shift);
    }

    /// <summary>x * scale + shift, per channel of a map or per feature of a flat value.</summary>
    /// <exception cref="ArgumentException">A length differs from the channel count.</exception>
    public InferenceValue ScaleShift(InferenceValue input, ReadOnlySpan<float> scale, ReadOnlySpan<float> shift)
    {
        Check(input);
        if (scale.Length != input.Channels || shift.Length != input.Channels)
            throw new ArgumentException($"ScaleShift: {scale.Length} scales and {shift.Length} shifts for {input.Channels} channels of {input}.", nameof(scale));
        InferenceValue result = Like(input);
        nodes.Add(new AffineNode(input.Id, result.Id, scale.ToArray(), shift.ToArray()));
        return result;
    }

    /// <summary>max(x, 0).</summary>
    public InferenceValue Relu(InferenceValue input) => Rectify(input, Rectifier.Relu);

    /// <summary>x &lt; 0 ? slope * x : x.</summary>
    public InferenceValue LeakyRelu(InferenceValue input, float negativeSlope) => Rectify(input, new Rectifier(negativeSlope, null));

    /// <summary>PReLU with one slope, or one per channel.</summary>
    /// <exception cref="ArgumentException">The slope count is neither 1 nor the channel count.</exception>
    public InferenceValue PRelu(InferenceValue input, Tensor weight)
    {
        ArgumentNullException.ThrowIfNull(weight);
        float[] w = weight.ToArray();
        if (w.Length == 1) return Rectify(input, new Rectifier(w[0], null));
        if (w.Length != input.Channels) throw new ArgumentException($"PRelu: {w.Length} slopes for {input}.", nameof(weight));
        return Rectify(input, new Rectifier(0f, w));
    }

    /// <summary>a + b, of one shape.</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public InferenceValue Add(InferenceValue a, InferenceValue b)
    {
        Check(a);
        Check(b);
        if (a.Channels != b.Channels || a.Height != b.Height || a.Width != b.Width || a.IsFlat != b.IsFlat)
            throw new ArgumentException($"Add: shapes {a} and {b} differ.", nameof(b));
        InferenceValue result = Like(a);
        nodes.Add(new AddNode(a.Id, b.Id, result.Id));
        return result;
    }

    /// <summary>Max pooling as <see cref="Functional.MaxPool2d(Tensor, ValueTuple{int, int}, ValueTuple{int, int}?, ValueTuple{int, int}?, ValueTuple{int, int}?, bool)"/> (dilation 1).</summary>
    public InferenceValue MaxPool2d(InferenceValue input, (int H, int W) kernelSize, (int H, int W)? stride = null, (int H, int W)? padding = null, bool ceilMode = false)
        => Pool(input, true, kernelSize, stride, padding ?? (0, 0), ceilMode, countIncludePad: false, "MaxPool2d");

    /// <summary>Max pooling with TensorFlow-style padding (<see cref="Conv2dPadding.Same"/> or explicit), padded cells never winning.</summary>
    public InferenceValue MaxPool2d(InferenceValue input, (int H, int W) kernelSize, (int H, int W) stride, Conv2dPadding padding)
    {
        CheckMap(input, "MaxPool2d");
        ArgumentNullException.ThrowIfNull(padding);
        var pads = padding.Resolve(input.Height, input.Width, kernelSize.H, kernelSize.W, stride.H, stride.W);
        int oh = (input.Height + pads.Top + pads.Bottom - kernelSize.H) / stride.H + 1;
        int ow = (input.Width + pads.Left + pads.Right - kernelSize.W) / stride.W + 1;
        int c = input.Channels, h = input.Height, w = input.Width;
        return AddPool(input, true, oh, ow, block => BlockedPool2d.Windowed(true, c, block, h, w, oh, ow, kernelSize, stride, (pads.Top, pads.Left), (pads.Bottom, pads.Right), false));
    }

    /// <summary>Average pooling as <see cref="Functional.AvgPool2d(Tensor, ValueTuple{int, int}, ValueTuple{int, int}?, ValueTuple{int, int}?, bool, bool)"/>.</summary>
    public InferenceValue AvgPool2d(InferenceValue input, (int H, int W) kernelSize, (int H, int W)? stride = null, (int H, int W)? padding = null, bool ceilMode = false, bool countIncludePad = true)
        => Pool(input, false, kernelSize, stride, padding ?? (0, 0), ceilMode, countIncludePad, "AvgPool2d");

    /// <summary>Adaptive average pooling to outputSize bins, as PyTorch's.</summary>
    public InferenceValue AdaptiveAvgPool2d(InferenceValue input, (int H, int W) outputSize)
    {
        CheckMap(input, "AdaptiveAvgPool2d");
        var (oh, ow) = outputSize;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(oh, nameof(outputSize));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ow, nameof(outputSize));
        int c = input.Channels, h = input.Height, w = input.Width;
        return AddPool(input, false, oh, ow, block => BlockedPool2d.Adaptive(c, block, h, w, oh, ow));
    }

    /// <summary>[N, C, H, W] to [N, C*H*W] (flat values pass through).</summary>
    public InferenceValue Flatten(InferenceValue input)
    {
        Check(input);
        if (input.IsFlat) return input;
        InferenceValue result = NewValue(checked(input.Channels * input.Height * input.Width), 1, 1, true);
        nodes.Add(new FlattenNode(input.Id, result.Id));
        return result;
    }

    /// <summary>x W^T + b on flat values; weight [Out, In] (or [In, Out] when <paramref name="weightIsInByOut"/>).</summary>
    /// <exception cref="ArgumentException">The value is not flat, or the weight or bias does not fit it.</exception>
    public InferenceValue Linear(InferenceValue input, Tensor weight, Tensor? bias = null, bool weightIsInByOut = false)
    {
        Check(input);
        ArgumentNullException.ThrowIfNull(weight);
        if (!input.IsFlat) throw new ArgumentException($"Linear: input {input} is a map; flatten it first.", nameof(input));
        int inF = input.Channels;
        if (weight.Rank != 2 || weight.Size(weightIsInByOut ? 0 : 1) != inF)
            throw new ArgumentException($"Linear: weight {Tensor.FormatShape(weight.Shape)} does not fit input {input}.", nameof(weight));
        int outF = weight.Size(weightIsInByOut ? 1 : 0);
        if (bias is not null && bias.ElementCount != outF)
            throw new ArgumentException($"Linear: bias {Tensor.FormatShape(bias.Shape)} does not fit {outF} outputs.", nameof(bias));
        float[] w = (weightIsInByOut ? weight.Transpose(0, 1) : weight).ToArray();
        InferenceValue result = NewValue(outF, 1, 1, true);
        nodes.Add(new LinearNode(input.Id, result.Id, w, bias?.ToArray() ?? new float[outF], inF, outF));
        return result;
    }

    /// <summary>Flat values side by side.</summary>
    /// <exception cref="ArgumentException">No value, or a value is a map.</exception>
    public InferenceValue Concat(params InferenceValue[] inputs)
    {
        CheckFlat(inputs, "Concat", sameLength: false);
        if (inputs.Length == 1) return inputs[0];
        InferenceValue result = NewValue(inputs.Sum(v => v.Channels), 1, 1, true);
        nodes.Add(new ConcatNode([.. inputs.Select(v => v.Id)], result.Id));
        return result;
    }

    /// <summary>The element-wise mean of flat values of one length (e.g. an ensemble's probabilities).</summary>
    /// <exception cref="ArgumentException">No value, a value is a map, or the lengths differ.</exception>
    public InferenceValue Mean(params InferenceValue[] inputs)
    {
        CheckFlat(inputs, "Mean", sameLength: true);
        if (inputs.Length == 1) return inputs[0];
        InferenceValue result = Like(inputs[0]);
        nodes.Add(new MeanNode([.. inputs.Select(v => v.Id)], result.Id));
        return result;
    }

    /// <summary>Softmax over the features of a flat value.</summary>
    public InferenceValue Softmax(InferenceValue input)
    {
        Check(input);
        if (!input.IsFlat) throw new ArgumentException($"Softmax: {input} is a map; flatten it first.", nameof(input));
        InferenceValue result = Like(input);
        nodes.Add(new SoftmaxNode(input.Id, result.Id));
        return result;
    }

    /// <summary>Makes <paramref name="value"/> an output of the plan (outputs come back in the order they were marked).</summary>
    public void Output(InferenceValue value)
    {
        Check(value);
        outputs.Add(value.Id);
    }

    /// <summary>Fuses and lays out the graph for this machine's vector width.</summary>
    /// <exception cref="InvalidOperationException">No output was marked.</exception>
    public InferencePlan Compile() => InferencePlan.Create(this, BlockWidth.Default);

    /// <summary>As <see cref="Compile()"/> with a channel block of 16, 8 or 4 (tests run every width on any machine).</summary>
    internal InferencePlan Compile(int block) => InferencePlan.Create(this, block);

    private InferenceValue Rectify(InferenceValue input, Rectifier rectifier)
    {
        Check(input);
        InferenceValue result = Like(input);
        nodes.Add(new RectifyNode(input.Id, result.Id, rectifier));
        return result;
    }

    private InferenceValue Pool(InferenceValue input, bool max, (int H, int W) kernel, (int H, int W)? stride, (int H, int W) padding, bool ceilMode, bool countIncludePad, string op)
    {
        CheckMap(input, op);
        var (kh, kw) = kernel;
        var (sh, sw) = stride ?? kernel;
        var (ph, pw) = padding;
        if (kh <= 0 || kw <= 0 || sh <= 0 || sw <= 0 || ph < 0 || pw < 0 || ph > kh / 2 || pw > kw / 2)
            throw new ArgumentOutOfRangeException(nameof(kernel), $"{op}: kernel {kernel}, stride {(sh, sw)}, padding {padding} are out of range.");
        int oh = (int)PoolGeometry.OutputSize(input.Height, kh, sh, ph, 1, ceilMode);
        int ow = (int)PoolGeometry.OutputSize(input.Width, kw, sw, pw, 1, ceilMode);
        if (oh <= 0 || ow <= 0) throw new ArgumentException($"{op}: input {input} is too small for kernel {kernel}.", nameof(input));
        int c = input.Channels, h = input.Height, w = input.Width;
        return AddPool(input, max, oh, ow, block => BlockedPool2d.Windowed(max, c, block, h, w, oh, ow, (kh, kw), (sh, sw), (ph, pw), (ph, pw), countIncludePad));
    }

    private InferenceValue AddPool(InferenceValue input, bool max, int oh, int ow, Func<int, BlockedPool2d> create)
    {
        InferenceValue result = NewValue(input.Channels, oh, ow, false);
        nodes.Add(new PoolNode(input.Id, result.Id, create) { Max = max });
        return result;
    }

    private InferenceValue NewValue(int channels, int height, int width, bool flat)
    {
        values.Add((channels, height, width, flat));
        return new InferenceValue(this, values.Count - 1, channels, height, width, flat);
    }

    private InferenceValue Like(InferenceValue v) => NewValue(v.Channels, v.Height, v.Width, v.IsFlat);

    private void Check(InferenceValue v)
    {
        if (!ReferenceEquals(v.Graph, this)) throw new ArgumentException($"the value {v} belongs to another graph (or to none).", nameof(v));
    }

    private void CheckMap(InferenceValue v, string op)
    {
        Check(v);
        if (v.IsFlat) throw new ArgumentException($"{op}: {v} is flat; it needs a map [N, C, H, W].", nameof(v));
    }

    private void CheckFlat(InferenceValue[] inputs, string op, bool sameLength)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Length == 0) throw new ArgumentException($"{op}: no values.", nameof(inputs));
        foreach (InferenceValue v in inputs)
        {
            Check(v);
            if (!v.IsFlat || (sameLength && v.Channels != inputs[0].Channels))
                throw new ArgumentException($"{op}: values must be flat{(sameLength ? " and of one length" : "")} (flatten maps first); got {string.Join(", ", inputs)}.", nameof(inputs));
        }
    }

    private static float[] PerChannel(Tensor t, int channels, string what)
    {
        if (t.ElementCount != channels) throw new ArgumentException($"BatchNorm: the {what} has {t.ElementCount} values for {channels} channels.", nameof(t));
        return t.ToArray();
    }
}
