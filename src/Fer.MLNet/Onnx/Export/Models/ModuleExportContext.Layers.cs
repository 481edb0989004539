using Fer.MLNet.Onnx.Proto;
using Fer.Tensors;
using Fer.Tensors.Nn;
using A = Fer.MLNet.Onnx.Export.OnnxAttribute;

namespace Fer.MLNet.Onnx.Export.Models;

/// <summary>Helpers that emit the common layer patterns; <c>name</c> arguments prefix the weights' names within the current scope.</summary>
public sealed partial class ModuleExportContext
{
    /// <summary>
    /// A Conv node for <paramref name="conv"/>; with <paramref name="batchNorm"/> (and <see cref="FoldBatchNorm"/>)
    /// the batch norm is folded into the weights and bias, otherwise it follows as a BatchNormalization node.
    /// </summary>
    /// <exception cref="ArgumentException">The input is not [N, in_channels, H, W] or too small for the kernel.</exception>
    public GraphValue Conv(Conv2d conv, GraphValue x, BatchNormBase? batchNorm = null, string name = "")
    {
        ArgumentNullException.ThrowIfNull(conv);
        ArgumentNullException.ThrowIfNull(x);
        string who = name.Length == 0 ? "Conv2d" : $"{name} (Conv2d)";
        ExportShapes.RequireRank(x, 4, who);
        if (x.Shape[1] != conv.InChannels) throw new ArgumentException($"{who}: dimension 1 must be {conv.InChannels} (in_channels); got {x.DescribeShape()}.");
        bool fold = batchNorm is not null && FoldBatchNorm && CanFold(batchNorm, conv.OutChannels);
        Tensor weight = conv.Weight;
        Tensor? bias = conv.Bias;
        if (fold)
            (weight, bias) = SequentialOnnxExporter.FoldBatchNorm(weight, bias ?? Tensor.Zeros(conv.OutChannels), batchNorm!);
        GraphValue y = Conv(weight, bias, x, conv.Stride, conv.Padding, conv.Dilation, conv.Groups, name);
        return batchNorm is null || fold ? y : BatchNorm(batchNorm, y, name + "_bn");
    }

    /// <summary>
    /// A Conv node from raw tensors: <paramref name="weight"/> [out, in / groups, kh, kw], optional
    /// <paramref name="bias"/> [out]; <paramref name="padding"/> resolved for the input's size (TensorFlow's
    /// 'same' puts the odd pixel at the bottom/right, as ONNX's explicit pads can say).
    /// </summary>
    /// <exception cref="ArgumentException">The input is not [N, in, H, W] or too small for the kernel.</exception>
    public GraphValue Conv(Tensor weight, Tensor? bias, GraphValue x, (int H, int W) stride, Conv2dPadding padding, (int H, int W) dilation, int groups = 1, string name = "")
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(padding);
        string who = name.Length == 0 ? "Conv" : $"{name} (Conv)";
        ExportShapes.RequireRank(x, 4, who);
        if (weight.Rank != 4 || groups < 1 || weight.Size(0) % groups != 0)
            throw new ArgumentException($"{who}: weights must be [out, in / groups, kh, kw] with out divisible by groups = {groups}; got {Tensor.FormatShape(weight.Shape)}.");
        int outChannels = weight.Size(0), kh = weight.Size(2), kw = weight.Size(3);
        if (x.Shape[1] != weight.Size(1) * groups)
            throw new ArgumentException($"{who}: dimension 1 must be {weight.Size(1) * groups} (in_channels); got {x.DescribeShape()}.");
        if (bias is not null && bias.ElementCount != outChannels)
            throw new ArgumentException($"{who}: the bias has {bias.ElementCount} values for {outChannels} output channels.");
        var (top, bottom, left, right) = padding.Resolve(x.Shape[2], x.Shape[3], kh, kw, stride.H, stride.W, dilation.H, dilation.W);
        int oh = ExportShapes.ConvOut(x.Shape[2], kh, stride.H, dilation.H, top + bottom);
        int ow = ExportShapes.ConvOut(x.Shape[3], kw, stride.W, dilation.W, left + right);
        if (oh <= 0 || ow <= 0) throw new ArgumentException($"{who}: the {kh}x{kw} kernel does not fit the padded input {x.DescribeShape()}.");
        string w = Weight(Join(name, "weight"), weight);
        string[] inputs = bias is null ? [x.Name, w] : [x.Name, w, Weight(Join(name, "bias"), bias.Reshape(outChannels))];
        return Op("Conv", inputs, [x.Shape[0], outChannels, oh, ow],
            A.Ints("kernel_shape", kh, kw), A.Ints("strides", stride.H, stride.W), A.Ints("pads", top, left, bottom, right),
            A.Ints("dilations", dilation.H, dilation.W), A.Int("group", groups));
    }

    /// <summary>
    /// A linear layer: Gemm for [N, in] inputs (with <paramref name="batchNorm"/>, a BatchNorm1d, folded in
    /// when <see cref="FoldBatchNorm"/>), MatMul and Add for higher ranks.
    /// </summary>
    /// <exception cref="ArgumentException">The last dimension is not in_features.</exception>
    public GraphValue Linear(Linear linear, GraphValue x, BatchNormBase? batchNorm = null, string name = "")
    {
        ArgumentNullException.ThrowIfNull(linear);
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank < 2 || x.Shape[^1] != linear.InFeatures)
            throw new ArgumentException($"{(name.Length == 0 ? "Linear" : $"{name} (Linear)")}: the last dimension must be {linear.InFeatures} (in_features); got {x.DescribeShape()}.");
        int[] outShape = [.. x.Shape[..^1], linear.OutFeatures];
        if (x.Rank == 2)
        {
            bool fold = batchNorm is not null && FoldBatchNorm && CanFold(batchNorm, linear.OutFeatures);
            Tensor weight = linear.Weight;
            Tensor? bias = linear.Bias;
            if (fold)
                (weight, bias) = SequentialOnnxExporter.FoldBatchNorm(weight, bias ?? Tensor.Zeros(linear.OutFeatures), batchNorm!);
            string w = Weight(Join(name, "weight"), weight);
            string[] inputs = bias is null ? [x.Name, w] : [x.Name, w, Weight(Join(name, "bias"), bias)];
            GraphValue y = Op("Gemm", inputs, outShape, A.Int("transB", 1));
            return batchNorm is null || fold ? y : BatchNorm(batchNorm, y, name + "_bn");
        }
        string wt = Weight(Join(name, "weight_t"), linear.Weight.T().Contiguous());
        GraphValue m = Op("MatMul", [x.Name, wt], outShape);
        if (linear.Bias is not null) m = Op("Add", [m.Name, Weight(Join(name, "bias"), linear.Bias)], outShape);
        return batchNorm is null ? m : BatchNorm(batchNorm, m, name + "_bn");
    }

    /// <summary>A BatchNormalization node on running statistics ([N, C] or [N, C, L] for BatchNorm1d, [N, C, H, W] for BatchNorm2d).</summary>
    /// <exception cref="NotSupportedException">The layer keeps no running statistics (its output would depend on the batch).</exception>
    /// <exception cref="ArgumentException">The input's rank or channel count does not fit.</exception>
    public GraphValue BatchNorm(BatchNormBase batchNorm, GraphValue x, string name = "")
    {
        ArgumentNullException.ThrowIfNull(batchNorm);
        ArgumentNullException.ThrowIfNull(x);
        if (batchNorm is BatchNorm2d) ExportShapes.RequireRank(x, 4, "BatchNorm2d");
        else if (x.Rank is not (2 or 3)) throw new ArgumentException($"{batchNorm.GetType().Name} needs [N, C] or [N, C, L]; got {x.DescribeShape()}.");
        if (x.Shape[1] != batchNorm.NumFeatures) throw new ArgumentException($"dimension 1 must be {batchNorm.NumFeatures} (num_features); got {x.DescribeShape()}.");
        if (!batchNorm.TrackRunningStats || batchNorm.RunningMean is null || batchNorm.RunningVar is null)
            throw new NotSupportedException($"{batchNorm.GetType().Name} at {Scope} keeps no running statistics, so its output depends on the batch; ONNX BatchNormalization cannot express that.");
        int c = batchNorm.NumFeatures;
        string scale = Weight(Join(name, "weight"), batchNorm.Weight ?? Tensor.Ones(c));
        string shift = Weight(Join(name, "bias"), batchNorm.Bias ?? Tensor.Zeros(c));
        string mean = Weight(Join(name, "running_mean"), batchNorm.RunningMean);
        string variance = Weight(Join(name, "running_var"), batchNorm.RunningVar);
        return Op("BatchNormalization", [x.Name, scale, shift, mean, variance], x.Shape, A.Float("epsilon", batchNorm.Eps));
    }

    /// <summary>An element-wise node with one input and no attributes (Relu, Sigmoid, Tanh, Identity...).</summary>
    public GraphValue Unary(string opType, GraphValue x, params AttributeProto[] attributes)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Op(opType, [x.Name], x.Shape, attributes);
    }

    /// <summary>Relu.</summary>
    public GraphValue Relu(GraphValue x) => Unary("Relu", x);

    /// <summary>
    /// PReLU with slopes <paramref name="slope"/> (1 shared or one per channel of dimension 1), as
    /// Relu(x) - slope * Relu(-x): the formula Fer.Tensors computes, built from operators every
    /// runtime here supports.
    /// </summary>
    /// <exception cref="ArgumentException">The slope count is neither 1 nor the channel count.</exception>
    public GraphValue PRelu(GraphValue x, Tensor slope, string name = "")
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(slope);
        int n = slope.ElementCount;
        Tensor a = slope.Contiguous().Detach();
        if (n > 1)
        {
            if (x.Rank < 2 || x.Shape[1] != n) throw new ArgumentException($"PReLU with {n} slopes expects [N, {n}, ...]; got {x.DescribeShape()}.");
            int[] shape = [n, .. Enumerable.Repeat(1, x.Rank - 2)];
            a = a.Reshape(shape);
        }
        GraphValue positive = Relu(x);
        GraphValue negated = Op("Mul", [x.Name, Scalar(Join(name, "minus_one"), -1f)], x.Shape);
        GraphValue negative = Op("Mul", [Weight(Join(name, "weight"), a), Relu(negated).Name], x.Shape);
        return Op("Sub", [positive.Name, negative.Name], x.Shape);
    }

    /// <summary>Element-wise sum of two values of the same shape.</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public GraphValue Add(GraphValue a, GraphValue b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (!a.Shape.SequenceEqual(b.Shape)) throw new ArgumentException($"cannot add {a.DescribeShape()} and {b.DescribeShape()}.");
        return Op("Add", [a.Name, b.Name], a.Shape);
    }

    /// <summary>Softmax (opset 13 semantics) along <paramref name="axis"/> (negative counts from the end).</summary>
    public GraphValue Softmax(GraphValue x, int axis = -1)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Unary("Softmax", x, A.Int("axis", ExportShapes.Axis(axis, x.Rank)));
    }

    /// <summary>MaxPool over [N, C, H, W] (PyTorch's MaxPool2d semantics, symmetric padding).</summary>
    public GraphValue MaxPool(GraphValue x, (int H, int W) kernel, (int H, int W) stride, (int H, int W) padding, (int H, int W) dilation, bool ceilMode)
    {
        ArgumentNullException.ThrowIfNull(x);
        ExportShapes.RequireRank(x, 4, "MaxPool2d");
        int[] shape = ExportShapes.Pool(x.Shape, kernel, stride, padding, dilation, ceilMode);
        return Op("MaxPool", [x.Name], shape, A.Ints("kernel_shape", kernel.H, kernel.W), A.Ints("strides", stride.H, stride.W),
            A.Ints("pads", padding.H, padding.W, padding.H, padding.W), A.Ints("dilations", dilation.H, dilation.W), A.Int("ceil_mode", ceilMode ? 1 : 0));
    }

    /// <summary>AveragePool over [N, C, H, W] (PyTorch's AvgPool2d semantics, symmetric padding).</summary>
    public GraphValue AveragePool(GraphValue x, (int H, int W) kernel, (int H, int W) stride, (int H, int W) padding, bool ceilMode, bool countIncludePad)
    {
        ArgumentNullException.ThrowIfNull(x);
        ExportShapes.RequireRank(x, 4, "AvgPool2d");
        int[] shape = ExportShapes.Pool(x.Shape, kernel, stride, padding, (1, 1), ceilMode);
        return Op("AveragePool", [x.Name], shape, A.Ints("kernel_shape", kernel.H, kernel.W), A.Ints("strides", stride.H, stride.W),
            A.Ints("pads", padding.H, padding.W, padding.H, padding.W), A.Int("ceil_mode", ceilMode ? 1 : 0), A.Int("count_include_pad", countIncludePad ? 1 : 0));
    }

    /// <summary>
    /// Adaptive average pooling of [N, C, H, W] to (oh, ow) with PyTorch's windows: GlobalAveragePool for
    /// (1, 1), AveragePool when the sizes divide, otherwise an exact constant pooling matrix (Reshape, MatMul, Reshape).
    /// </summary>
    public GraphValue AdaptiveAvgPool(GraphValue x, (int H, int W) outputSize, string name = "")
    {
        ArgumentNullException.ThrowIfNull(x);
        ExportShapes.RequireRank(x, 4, "AdaptiveAvgPool2d");
        var (oh, ow) = outputSize;
        int c = x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        if (oh <= 0 || ow <= 0) throw new ArgumentException($"output size ({oh}, {ow}) must be positive.");
        if (oh == 1 && ow == 1) return Op("GlobalAveragePool", [x.Name], [x.Shape[0], c, 1, 1]);
        if (h % oh == 0 && w % ow == 0)
        {
            int kh = h / oh, kw = w / ow;
            return Op("AveragePool", [x.Name], [x.Shape[0], c, oh, ow], A.Ints("kernel_shape", kh, kw), A.Ints("strides", kh, kw));
        }
        GraphValue flat = Op("Reshape", [x.Name, Int64s(Join(name, "pool_in_shape"), 0, c, (long)h * w)], [x.Shape[0], c, h * w]);
        GraphValue pooled = Op("MatMul", [flat.Name, Weight(Join(name, "pool_matrix"), ExportShapes.AdaptivePoolMatrix(h, w, oh, ow))], [x.Shape[0], c, oh * ow]);
        return Op("Reshape", [pooled.Name, Int64s(Join(name, "pool_out_shape"), 0, c, oh, ow)], [x.Shape[0], c, oh, ow]);
    }

    /// <summary>Flattens dimensions <paramref name="startDim"/>..<paramref name="endDim"/> (PyTorch's Flatten).</summary>
    public GraphValue Flatten(GraphValue x, int startDim = 1, int endDim = -1, string name = "")
    {
        ArgumentNullException.ThrowIfNull(x);
        int rank = x.Rank;
        int start = startDim < 0 ? startDim + rank : startDim;
        int end = endDim < 0 ? endDim + rank : endDim;
        if (start < 0 || end >= rank || end < start) throw new ArgumentException($"Flatten({startDim}, {endDim}) does not fit {x.DescribeShape()}.");
        if (start == end) return x;
        int merged = 1;
        for (int d = Math.Max(start, 1); d <= end; d++) merged *= x.Shape[d];
        int[] outShape = [.. x.Shape[..start], start == 0 ? -1 : merged, .. x.Shape[(end + 1)..]];
        if (start == 1 && end == rank - 1) return Op("Flatten", [x.Name], outShape, A.Int("axis", 1));
        long[] target = [.. outShape.Select((d, i) => i == 0 ? (start == 0 ? -1L : 0L) : d)];
        return Op("Reshape", [x.Name, Int64s(Join(name, "shape"), target)], outShape);
    }

    /// <summary>
    /// Exports <paramref name="modules"/> one after the other (a Sequential's children), folding each
    /// BatchNorm2d that follows a Conv2d, and each BatchNorm1d that follows a Linear on [N, F], into it.
    /// </summary>
    public GraphValue Sequence(IReadOnlyList<(string Name, Module Module)> modules, GraphValue x)
    {
        ArgumentNullException.ThrowIfNull(modules);
        ArgumentNullException.ThrowIfNull(x);
        for (int i = 0; i < modules.Count; i++)
        {
            var (name, module) = modules[i];
            Module? next = i + 1 < modules.Count ? modules[i + 1].Module : null;
            if (FoldBatchNorm && module is Conv2d conv && next is BatchNorm2d bn2 && CanFold(bn2, conv.OutChannels))
            {
                GraphValue input = x;
                x = InScope(Path(name), conv, input, () => Conv(conv, input, bn2));
                i++;
            }
            else if (FoldBatchNorm && module is Linear linear && x.Rank == 2 && next is BatchNorm1d bn1 && CanFold(bn1, linear.OutFeatures))
            {
                GraphValue input = x;
                x = InScope(Path(name), linear, input, () => Linear(linear, input, bn1));
                i++;
            }
            else
            {
                x = Export(module, name, x);
            }
        }
        return x;
    }

    private string Path(string name) => Scope.Length == 0 ? name : Scope + "." + name;

    private static bool CanFold(BatchNormBase bn, int channels) =>
        bn.TrackRunningStats && bn.RunningMean is not null && bn.RunningVar is not null && bn.NumFeatures == channels;

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;
}
