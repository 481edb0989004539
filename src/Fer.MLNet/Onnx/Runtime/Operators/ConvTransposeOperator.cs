using Fer.Tensors;
using Fer.Tensors.Nn;

namespace Fer.MLNet.Onnx.Runtime.Operators;

/// <summary>
/// ConvTranspose over X [N, C, L] or [N, C, H, W] with W [C, M/group, k...] and optional B [M].
/// Output size per axis: stride*(in-1) + output_padding + dilation*(k-1) + 1 - pad_begin - pad_end,
/// where the pads come from 'pads', or from 'output_shape' or auto_pad SAME_* (output = in*stride):
/// the total padding is split as the ONNX specification says (SAME_UPPER puts the odd pixel at the
/// end, otherwise at the beginning), which is also what ONNX Runtime 1.30 does.
/// </summary>
internal sealed class ConvTransposeOperator : OnnxOperator
{
    private readonly int group;
    private readonly SpatialGeometry geometry;
    private readonly int[] outputPadding;
    private readonly long[]? outputShape;

    public ConvTransposeOperator(NodeContext context)
        : base(context)
    {
        context.RequireInputs(2, 3);
        context.RequireOutputs(1);
        group = context.IntInRange("group", 1, 1, 1 << 20);
        int declared = SpatialGeometry.DeclaredRank(context);
        long[]? op = context.Ints("output_padding");
        outputShape = context.Ints("output_shape");
        if (declared == 0) declared = op?.Length ?? outputShape?.Length ?? 2;
        geometry = SpatialGeometry.Read(context, declared, kernelRequired: false, hasCeilMode: false, hasDilations: true);
        int r = geometry.SpatialRank;
        outputPadding = new int[r];
        if (op is not null)
        {
            if (op.Length != r) throw context.Error($"attribute 'output_padding' {NodeContext.Join(op)} has {op.Length} entries; expected {r}.");
            for (int i = 0; i < r; i++)
            {
                if (op[i] < 0 || op[i] >= Math.Max(geometry.Strides[i], geometry.Dilations[i]))
                    throw context.Error($"attribute 'output_padding' {NodeContext.Join(op)} must be non-negative and smaller than the stride or dilation on each axis.");
                outputPadding[i] = (int)op[i];
            }
        }
        if (outputShape is not null && outputShape.Length != r && outputShape.Length != r + 2)
            throw context.Error($"attribute 'output_shape' {NodeContext.Join(outputShape)} has {outputShape.Length} entries; expected {r} (or {r + 2}).");
    }

    public override SymbolicValue[] Infer(SymbolicValue?[] inputs)
    {
        SymbolicValue x = Required(inputs, 0), w = Required(inputs, 1);
        RequireFloat(x, "input X");
        RequireFloat(w, "input W");
        int r = geometry.SpatialRank;
        RequireRank(x, r + 2, "input X", r == 1 ? "[N, C, L]" : "[N, C, H, W]");
        RequireRank(w, r + 2, "input W", r == 1 ? "[C, M/group, kL]" : "[C, M/group, kH, kW]");
        int c = x.Dim(1), wc = w.Dim(0);
        if (c >= 0 && wc >= 0 && c != wc) throw Error($"input X {SymbolicValue.Format(x.Dims)} has C = {c} channels, but W {SymbolicValue.Format(w.Dims)} has {wc}.");
        if (wc >= 0 && wc % group != 0) throw Error($"W {SymbolicValue.Format(w.Dims)} has {wc} input channels, not divisible by group = {group}.");
        int m = w.Dim(1) < 0 ? -1 : w.Dim(1) * group;
        if (Optional(inputs, 2) is { } b)
        {
            RequireFloat(b, "input B");
            RequireRank(b, 1, "input B", "[M]");
            if (b.Dim(0) >= 0 && m >= 0 && b.Dim(0) != m) throw Error($"input B has shape {SymbolicValue.Format(b.Dims)}, but the output has M = {m} channels.");
        }
        var dims = new int[r + 2];
        dims[0] = x.Dim(0);
        dims[1] = m;
        for (int a = 0; a < r; a++)
        {
            int k = geometry.Kernel?[a] ?? w.Dim(a + 2);
            if (geometry.Kernel is not null && w.Dim(a + 2) >= 0 && w.Dim(a + 2) != k)
                throw Error($"attribute 'kernel_shape' {SymbolicValue.Format(geometry.Kernel)} differs from W's kernel {SymbolicValue.Format(w.Dims![2..])}.");
            int input = x.Dim(a + 2);
            if (k < 0 || input < 0)
            {
                dims[a + 2] = -1;
                continue;
            }
            var (o, _, _, _) = Resolve(a, input, k);
            if (o <= 0) throw Error($"the output size along spatial axis {a} would be {o}.");
            dims[a + 2] = o;
        }
        return [SymbolicValue.Float(dims)];
    }

    public override OnnxValue[] Run(OnnxValue?[] inputs)
    {
        Tensor x = inputs[0]!.AsTensor(), w = inputs[1]!.AsTensor();
        Tensor? b = Optional(inputs, 2)?.AsTensor();
        bool oneD = geometry.SpatialRank == 1;
        if (oneD)
        {
            x = x.Unsqueeze(2);
            w = w.Unsqueeze(2);
        }
        int kh = w.Size(2), kw = w.Size(3);
        var h = oneD ? (Out: 1, Begin: 0, End: 0, Adj: 0) : Resolve(0, x.Size(2), kh);
        var wd = Resolve(oneD ? 0 : 1, x.Size(3), kw);
        (int, int) stride = oneD ? (1, geometry.Strides[0]) : (geometry.Strides[0], geometry.Strides[1]);
        (int, int) dilation = oneD ? (1, geometry.Dilations[0]) : (geometry.Dilations[0], geometry.Dilations[1]);
        Tensor y;
        if (h.Begin == h.End && wd.Begin == wd.End)
        {
            y = Functional.ConvTranspose2d(x, w, b, stride, (h.Begin, wd.Begin), (h.Adj, wd.Adj), group, dilation);
        }
        else
        {
            // Asymmetric padding: the full result, cropped at the beginning and cropped or extended at the end.
            Tensor full = Functional.ConvTranspose2d(x, w, null, stride, (0, 0), (0, 0), group, dilation);
            int fh = full.Size(2), fw = full.Size(3);
            y = full.Pad([-wd.Begin, wd.Out - fw + wd.Begin, -h.Begin, h.Out - fh + h.Begin]);
            if (b is not null) y = y.Add(b.Reshape(1, b.ElementCount, 1, 1));
        }
        return [OnnxValue.FromTensor(oneD ? y.Squeeze(2) : y)];
    }

    private (int Out, int Begin, int End, int Adj) Resolve(int axis, int input, int kernel)
    {
        int s = geometry.Strides[axis], adj = outputPadding[axis];
        int full = (input - 1) * s + adj + (kernel - 1) * geometry.Dilations[axis] + 1;
        int begin, end;
        if (outputShape is not null)
        {
            int target = (int)outputShape[outputShape.Length - geometry.SpatialRank + axis];
            int total = Math.Max(0, full - target);
            (begin, end) = geometry.AutoPad == "SAME_UPPER" ? (total / 2, total - total / 2) : (total - total / 2, total / 2);
        }
        else if (geometry.AutoPad is "SAME_UPPER" or "SAME_LOWER")
        {
            int total = Math.Max(0, full - input * s);
            (begin, end) = geometry.AutoPad == "SAME_UPPER" ? (total / 2, total - total / 2) : (total - total / 2, total / 2);
        }
        else
        {
            begin = geometry.Pads[axis];
            end = geometry.Pads[axis + geometry.SpatialRank];
        }
        return (full - begin - end, begin, end, adj);
    }
}
