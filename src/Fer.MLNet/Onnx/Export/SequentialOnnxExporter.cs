using System.Globalization;
using Fer.MLNet.Onnx.Proto;
using Fer.Tensors;
using Fer.Tensors.Autograd;
using Fer.Tensors.Nn;
using A = Fer.MLNet.Onnx.Export.OnnxAttribute;

namespace Fer.MLNet.Onnx.Export;

/// <summary>
/// Exports a <see cref="Sequential"/> of Conv2d, BatchNorm2d/1d, ReLU, LeakyReLU, Sigmoid, Tanh,
/// Softmax, LogSoftmax, MaxPool2d, AvgPool2d, AdaptiveAvgPool2d, Flatten, Linear, Dropout and
/// Identity modules (nested Sequentials are flattened) to ONNX, with the inference behaviour
/// whatever the module's training mode: Dropout is left out and batch normalisation uses the
/// running statistics (folded into a preceding Conv2d by default). The input is
/// [N, sample shape...] with a symbolic batch dimension "N".
/// </summary>
public static class SequentialOnnxExporter
{
    /// <summary>The serialised model.</summary>
    /// <param name="model">The network; its parameters are read, never changed.</param>
    /// <param name="sampleShape">One sample's shape without the batch dimension, e.g. [3, 64, 64].</param>
    /// <param name="options">Names, opset, folding and metadata; null for defaults.</param>
    /// <exception cref="NotSupportedException">A module type or setting has no ONNX export here (the message names the module and its index).</exception>
    /// <exception cref="ArgumentException">The sample shape does not fit the modules (the message names the module).</exception>
    public static byte[] Export(Sequential model, int[] sampleShape, SequentialExportOptions? options = null) =>
        Build(model, sampleShape, options).ToBytes();

    /// <summary>Writes the model to <paramref name="path"/> atomically.</summary>
    /// <exception cref="NotSupportedException">A module type or setting has no ONNX export here.</exception>
    /// <exception cref="ArgumentException">The sample shape does not fit the modules.</exception>
    public static void Export(Sequential model, int[] sampleShape, string path, SequentialExportOptions? options = null) =>
        Build(model, sampleShape, options).Save(path);

    /// <summary>The builder holding the exported graph (add metadata or nodes before writing it).</summary>
    /// <exception cref="NotSupportedException">A module type or setting has no ONNX export here.</exception>
    /// <exception cref="ArgumentException">The sample shape does not fit the modules.</exception>
    public static OnnxGraphBuilder Build(Sequential model, int[] sampleShape, SequentialExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sampleShape);
        options ??= new SequentialExportOptions();
        if (sampleShape.Length == 0 || sampleShape.Any(d => d <= 0))
            throw new ArgumentException($"sampleShape {Tensor.FormatShape(sampleShape)} must have positive dimensions.", nameof(sampleShape));
        var b = new OnnxGraphBuilder("FerMLNet.Sequential", options.OpsetVersion);
        var modules = new List<(string Path, Module Module)>();
        Flatten(model, "", modules);
        using NoGradScope noGrad = GradMode.NoGrad();
        int[] shape = [-1, .. sampleShape];
        string value = b.AddInput(options.InputName, shape);
        for (int i = 0; i < modules.Count; i++)
        {
            var (path, module) = modules[i];
            BatchNormBase? fold = options.FoldBatchNorm && module is Conv2d && i + 1 < modules.Count
                && modules[i + 1].Module is BatchNorm2d bn && bn.TrackRunningStats ? bn : null;
            try
            {
                (value, shape) = Emit(b, path, module, value, shape, fold);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"module {path} ({module.GetType().Name}) cannot take input {Describe(shape)}: {e.Message}", nameof(sampleShape), e);
            }
            if (fold is not null) i++;
        }
        // The last value gets the output name through an Identity (also covers an empty network).
        b.AddNode("Identity", [value], [options.OutputName], "output");
        b.AddOutput(options.OutputName, shape);
        if (options.Metadata is not null)
            foreach (var (k, v) in options.Metadata) b.AddMetadata(k, v);
        return b;
    }

    private static void Flatten(Sequential s, string prefix, List<(string, Module)> into)
    {
        for (int i = 0; i < s.Count; i++)
        {
            string path = prefix + i.ToString(CultureInfo.InvariantCulture);
            if (s[i] is Sequential inner) Flatten(inner, path + ".", into);
            else into.Add((path, s[i]));
        }
    }

    private static (string Value, int[] Shape) Emit(OnnxGraphBuilder b, string path, Module module, string x, int[] shape, BatchNormBase? fold)
    {
        string Node(string op, string[] inputs, params AttributeProto[] attrs) => b.AddNode(op, inputs, [b.UniqueName(path + "_" + op)], path + "_" + op, attrs);
        switch (module)
        {
            case Conv2d conv:
                return EmitConv(b, path, conv, x, shape, fold);
            case BatchNormBase bn:
                RequireRank(shape, bn is BatchNorm2d ? [4] : [2, 3], module);
                if (!bn.TrackRunningStats)
                    throw new NotSupportedException($"module {path} ({module.GetType().Name}) keeps no running statistics, so its inference output depends on the batch; ONNX BatchNormalization cannot express that.");
                string scale = b.AddInitializer(path + ".weight", bn.Weight ?? Tensor.Ones(bn.NumFeatures));
                string shift = b.AddInitializer(path + ".bias", bn.Bias ?? Tensor.Zeros(bn.NumFeatures));
                string mean = b.AddInitializer(path + ".running_mean", bn.RunningMean!);
                string var = b.AddInitializer(path + ".running_var", bn.RunningVar!);
                return (Node("BatchNormalization", [x, scale, shift, mean, var], A.Float("epsilon", bn.Eps)), shape);
            case ReLU:
                return (Node("Relu", [x]), shape);
            case LeakyReLU leaky:
                return (Node("LeakyRelu", [x], A.Float("alpha", leaky.NegativeSlope)), shape);
            case Sigmoid:
                return (Node("Sigmoid", [x]), shape);
            case Tanh:
                return (Node("Tanh", [x]), shape);
            case Softmax softmax:
                return (Node("Softmax", [x], A.Int("axis", Axis(softmax.Dim, shape.Length))), shape);
            case LogSoftmax logSoftmax:
                return (Node("LogSoftmax", [x], A.Int("axis", Axis(logSoftmax.Dim, shape.Length))), shape);
            case Dropout or Identity:
                return (x, shape);
            case MaxPool2d pool:
            {
                RequireRank(shape, [4], module);
                int[] outShape = PoolShape(shape, pool.KernelSize, pool.Stride, pool.Padding, pool.Dilation, pool.CeilMode);
                string y = Node("MaxPool", [x], A.Ints("kernel_shape", pool.KernelSize.H, pool.KernelSize.W), A.Ints("strides", pool.Stride.H, pool.Stride.W),
                    A.Ints("pads", pool.Padding.H, pool.Padding.W, pool.Padding.H, pool.Padding.W), A.Ints("dilations", pool.Dilation.H, pool.Dilation.W),
                    A.Int("ceil_mode", pool.CeilMode ? 1 : 0));
                return (y, outShape);
            }
            case AvgPool2d pool:
            {
                RequireRank(shape, [4], module);
                int[] outShape = PoolShape(shape, pool.KernelSize, pool.Stride, pool.Padding, (1, 1), pool.CeilMode);
                string y = Node("AveragePool", [x], A.Ints("kernel_shape", pool.KernelSize.H, pool.KernelSize.W), A.Ints("strides", pool.Stride.H, pool.Stride.W),
                    A.Ints("pads", pool.Padding.H, pool.Padding.W, pool.Padding.H, pool.Padding.W), A.Int("ceil_mode", pool.CeilMode ? 1 : 0),
                    A.Int("count_include_pad", pool.CountIncludePad ? 1 : 0));
                return (y, outShape);
            }
            case AdaptiveAvgPool2d adaptive:
            {
                RequireRank(shape, [4], module);
                var (oh, ow) = adaptive.OutputSize;
                if (oh == 1 && ow == 1) return (Node("GlobalAveragePool", [x]), [shape[0], shape[1], 1, 1]);
                if (shape[2] % oh != 0 || shape[3] % ow != 0)
                    throw new NotSupportedException($"module {path} (AdaptiveAvgPool2d to ({oh}, {ow})) needs input sizes divisible by the output size to export as AveragePool; the input is {Describe(shape)}.");
                int kh = shape[2] / oh, kw = shape[3] / ow;
                return (Node("AveragePool", [x], A.Ints("kernel_shape", kh, kw), A.Ints("strides", kh, kw)), [shape[0], shape[1], oh, ow]);
            }
            case Fer.Tensors.Nn.Flatten flatten:
                return EmitFlatten(b, path, flatten, x, shape);
            case Linear linear:
            {
                if (shape[^1] != linear.InFeatures)
                    throw new ArgumentException($"the last dimension must be {linear.InFeatures} (in_features).");
                int[] outShape = [.. shape[..^1], linear.OutFeatures];
                if (shape.Length == 2)
                {
                    string w = b.AddInitializer(path + ".weight", linear.Weight);
                    string[] inputs = linear.Bias is null ? [x, w] : [x, w, b.AddInitializer(path + ".bias", linear.Bias)];
                    return (Node("Gemm", inputs, A.Int("transB", 1)), outShape);
                }
                // Higher ranks: MatMul with the transposed weight, then the bias.
                string wt = b.AddInitializer(path + ".weight_t", linear.Weight.T().Contiguous());
                string y = Node("MatMul", [x, wt]);
                return (linear.Bias is null ? y : Node("Add", [y, b.AddInitializer(path + ".bias", linear.Bias)]), outShape);
            }
            default:
                throw new NotSupportedException($"module {path} ({module.GetType().Name}) has no ONNX export; supported: Conv2d, BatchNorm2d, BatchNorm1d, ReLU, LeakyReLU, Sigmoid, Tanh, Softmax, LogSoftmax, MaxPool2d, AvgPool2d, AdaptiveAvgPool2d, Flatten, Linear, Dropout, Identity, Sequential.");
        }
    }

    private static (string, int[]) EmitConv(OnnxGraphBuilder b, string path, Conv2d conv, string x, int[] shape, BatchNormBase? fold)
    {
        RequireRank(shape, [4], conv);
        if (shape[1] != conv.InChannels) throw new ArgumentException($"dimension 1 must be {conv.InChannels} (in_channels).");
        var (kh, kw) = conv.KernelSize;
        var (top, bottom, left, right) = conv.Padding.Resolve(shape[2], shape[3], kh, kw, conv.Stride.H, conv.Stride.W, conv.Dilation.H, conv.Dilation.W);
        int oh = ConvOut(shape[2], kh, conv.Stride.H, conv.Dilation.H, top + bottom);
        int ow = ConvOut(shape[3], kw, conv.Stride.W, conv.Dilation.W, left + right);
        if (oh <= 0 || ow <= 0) throw new ArgumentException($"the {kh}x{kw} kernel does not fit the padded input.");
        Tensor weight = conv.Weight, bias = conv.Bias ?? Tensor.Zeros(conv.OutChannels);
        bool hasBias = conv.Bias is not null;
        if (fold is not null)
        {
            (weight, bias) = FoldBatchNorm(weight, bias, fold);
            hasBias = true;
        }
        string w = b.AddInitializer(path + ".weight", weight);
        string[] inputs = hasBias ? [x, w, b.AddInitializer(path + ".bias", bias)] : [x, w];
        string y = b.AddNode("Conv", inputs, [b.UniqueName(path + "_Conv")], path + "_Conv",
            A.Ints("kernel_shape", kh, kw), A.Ints("strides", conv.Stride.H, conv.Stride.W), A.Ints("pads", top, left, bottom, right),
            A.Ints("dilations", conv.Dilation.H, conv.Dilation.W), A.Int("group", conv.Groups));
        return (y, [shape[0], conv.OutChannels, oh, ow]);
    }

    /// <summary>W' = W * s, b' = (b - mean) * s + beta with s = gamma / sqrt(var + eps), per output channel, in double precision.</summary>
    internal static (Tensor Weight, Tensor Bias) FoldBatchNorm(Tensor weight, Tensor bias, BatchNormBase bn)
    {
        int channels = weight.Size(0);
        if (bn.NumFeatures != channels)
            throw new ArgumentException($"BatchNorm2d({bn.NumFeatures}) cannot follow a convolution with {channels} output channels.");
        float[] w = weight.ToArray(), b = bias.ToArray();
        float[] gamma = bn.Weight?.ToArray() ?? Enumerable.Repeat(1f, channels).ToArray();
        float[] beta = bn.Bias?.ToArray() ?? new float[channels];
        float[] mean = bn.RunningMean!.ToArray(), variance = bn.RunningVar!.ToArray();
        int per = w.Length / channels;
        var fw = new float[w.Length];
        var fb = new float[channels];
        for (int c = 0; c < channels; c++)
        {
            double s = gamma[c] / Math.Sqrt((double)variance[c] + bn.Eps);
            for (int i = 0; i < per; i++) fw[c * per + i] = (float)(w[c * per + i] * s);
            fb[c] = (float)((b[c] - (double)mean[c]) * s + beta[c]);
        }
        return (Tensor.Wrap(fw, weight.Shape.ToArray()), Tensor.Wrap(fb, channels));
    }

    private static (string, int[]) EmitFlatten(OnnxGraphBuilder b, string path, Fer.Tensors.Nn.Flatten flatten, string x, int[] shape)
    {
        int rank = shape.Length;
        int start = flatten.StartDim < 0 ? flatten.StartDim + rank : flatten.StartDim;
        int end = flatten.EndDim < 0 ? flatten.EndDim + rank : flatten.EndDim;
        if (start < 0 || end >= rank || end < start) throw new ArgumentException($"Flatten({flatten.StartDim}, {flatten.EndDim}) does not fit rank {rank}.");
        int merged = 1;
        for (int d = Math.Max(start, 1); d <= end; d++) merged *= shape[d];
        int[] outShape = [.. shape[..start], start == 0 ? -1 : merged, .. shape[(end + 1)..]];
        if (start == 1 && end == rank - 1)
            return (b.AddNode("Flatten", [x], [b.UniqueName(path + "_Flatten")], path + "_Flatten", A.Int("axis", 1)), outShape);
        // General case: Reshape with 0 copying the batch and -1 where it is merged in.
        long[] target = outShape.Select((d, i) => i == 0 ? (start == 0 ? -1L : 0L) : d).ToArray();
        string t = b.AddInitializer(path + ".shape", target, target.Length);
        return (b.AddNode("Reshape", [x, t], [b.UniqueName(path + "_Reshape")], path + "_Reshape"), outShape);
    }

    private static int[] PoolShape(int[] shape, (int H, int W) k, (int H, int W) s, (int H, int W) p, (int H, int W) d, bool ceil) =>
        [shape[0], shape[1], PoolOut(shape[2], k.H, s.H, p.H, d.H, ceil), PoolOut(shape[3], k.W, s.W, p.W, d.W, ceil)];

    private static int PoolOut(int input, int k, int s, int p, int d, bool ceil)
    {
        int span = input + 2 * p - d * (k - 1) - 1;
        if (span < 0) throw new ArgumentException($"the window {k} (dilation {d}) does not fit input size {input} with padding {p}.");
        int o = (ceil ? (span + s - 1) / s : span / s) + 1;
        if (ceil && (o - 1) * s >= input + p) o--;
        return o;
    }

    private static int ConvOut(int input, int k, int s, int d, int pads) => (input + pads - d * (k - 1) - 1) / s + 1;

    private static int Axis(int dim, int rank)
    {
        int a = dim < 0 ? dim + rank : dim;
        if (a < 0 || a >= rank) throw new ArgumentException($"dim {dim} is out of range for rank {rank}.");
        return a;
    }

    private static void RequireRank(int[] shape, int[] ranks, Module module)
    {
        if (!ranks.Contains(shape.Length))
            throw new ArgumentException($"{module.GetType().Name} needs rank {string.Join(" or ", ranks)}; got {Describe(shape)}.");
    }

    private static string Describe(int[] shape) => "[" + string.Join(", ", shape.Select(d => d < 0 ? "N" : d.ToString(CultureInfo.InvariantCulture))) + "]";
}
