using Fer.Tensors;
using Fer.Tensors.Nn;

namespace Fer.MLNet.Onnx.Runtime.Operators;

/// <summary>
/// Conv over X [N, C, L] or [N, C, H, W] with W [M, C/group, k...] and optional B [M]: strides,
/// dilations, group (depthwise included), explicit or asymmetric pads, or auto_pad. 1-D
/// convolutions run as 2-D ones of height 1. Constant weights are reshaped once.
/// </summary>
internal sealed class ConvOperator : OnnxOperator
{
    private readonly int group;
    private readonly SpatialGeometry? fixedGeometry;
    private readonly SpatialGeometry[] byRank = new SpatialGeometry[3];
    private Tensor? preparedWeight;

    public ConvOperator(NodeContext context)
        : base(context)
    {
        context.RequireInputs(2, 3);
        context.RequireOutputs(1);
        group = context.IntInRange("group", 1, 1, 1 << 20);
        int declared = SpatialGeometry.DeclaredRank(context);
        if (declared > 0)
        {
            fixedGeometry = SpatialGeometry.Read(context, declared, kernelRequired: false, hasCeilMode: false, hasDilations: true);
        }
        else
        {
            byRank[1] = SpatialGeometry.Read(context, 1, kernelRequired: false, hasCeilMode: false, hasDilations: true);
            byRank[2] = SpatialGeometry.Read(context, 2, kernelRequired: false, hasCeilMode: false, hasDilations: true);
        }
    }

    public override SymbolicValue[] Infer(SymbolicValue?[] inputs)
    {
        SymbolicValue x = Required(inputs, 0), w = Required(inputs, 1);
        RequireFloat(x, "input X");
        RequireFloat(w, "input W");
        int rank = x.HasRank ? x.Rank : w.HasRank ? w.Rank : fixedGeometry is null ? -1 : fixedGeometry.SpatialRank + 2;
        if (rank < 0) return [SymbolicValue.Float(null)];
        SpatialGeometry g = Geometry(rank);
        string layout = g.SpatialRank == 1 ? "[N, C, L]" : "[N, C, H, W]";
        RequireRank(x, g.SpatialRank + 2, "input X", layout);
        RequireRank(w, g.SpatialRank + 2, "input W", g.SpatialRank == 1 ? "[M, C/group, kL]" : "[M, C/group, kH, kW]");
        int c = x.Dim(1), m = w.Dim(0), cPerGroup = w.Dim(1);
        if (c >= 0 && cPerGroup >= 0 && c != cPerGroup * group)
            throw Error($"input X {SymbolicValue.Format(x.Dims)} has C = {c} channels, but W {SymbolicValue.Format(w.Dims)} with group = {group} expects {cPerGroup * group}.");
        if (m >= 0 && m % group != 0) throw Error($"W {SymbolicValue.Format(w.Dims)} has M = {m} output channels, not divisible by group = {group}.");
        if (Optional(inputs, 2) is { } b)
        {
            RequireFloat(b, "input B");
            RequireRank(b, 1, "input B", "[M]");
            if (b.Dim(0) >= 0 && m >= 0 && b.Dim(0) != m) throw Error($"input B has shape {SymbolicValue.Format(b.Dims)}, but W has M = {m} output channels.");
        }
        var dims = new int[g.SpatialRank + 2];
        dims[0] = x.Dim(0);
        dims[1] = m;
        for (int a = 0; a < g.SpatialRank; a++)
        {
            int k = w.Dim(a + 2);
            if (g.Kernel is not null)
            {
                if (k >= 0 && k != g.Kernel[a])
                    throw Error($"attribute 'kernel_shape' {SymbolicValue.Format(g.Kernel)} differs from W's kernel {SymbolicValue.Format(w.Dims![2..])}.");
                k = g.Kernel[a];
            }
            if (k < 0)
            {
                dims[a + 2] = -1;
                continue;
            }
            var (o, _, _) = g.Resolve(a, x.Dim(a + 2), k);
            if (o == 0) throw Error($"the kernel {SymbolicValue.Format(w.Dims![2..])} does not fit input {SymbolicValue.Format(x.Dims)} with its padding.");
            dims[a + 2] = o;
        }
        return [SymbolicValue.Float(dims)];
    }

    public override void Prepare(SymbolicValue?[] inputs)
    {
        if (inputs[1]?.Constant is { } w) preparedWeight = As2d(w.AsTensor()).Contiguous();
    }

    public override OnnxValue[] Run(OnnxValue?[] inputs)
    {
        Tensor x = inputs[0]!.AsTensor();
        SpatialGeometry g = Geometry(x.Rank);
        Tensor w = preparedWeight ?? As2d(inputs[1]!.AsTensor());
        Tensor? b = Optional(inputs, 2)?.AsTensor();
        bool oneD = g.SpatialRank == 1;
        Tensor x2 = oneD ? x.Unsqueeze(2) : x;
        int kh = w.Size(2), kw = w.Size(3);
        var h = oneD ? (Out: 1, Begin: 0, End: 0) : g.Resolve(0, x2.Size(2), kh);
        var wd = g.Resolve(oneD ? 0 : 1, x2.Size(3), kw);
        (int, int) stride = oneD ? (1, g.Strides[0]) : (g.Strides[0], g.Strides[1]);
        (int, int) dilation = oneD ? (1, g.Dilations[0]) : (g.Dilations[0], g.Dilations[1]);
        Tensor y = Functional.Conv2d(x2, w, b, stride, Conv2dPadding.Explicit(h.Begin, h.End, wd.Begin, wd.End), dilation, group);
        return [OnnxValue.FromTensor(oneD ? y.Squeeze(2) : y)];
    }

    private static Tensor As2d(Tensor w) => w.Rank == 3 ? w.Unsqueeze(2) : w;

    private SpatialGeometry Geometry(int inputRank)
    {
        if (fixedGeometry is not null) return fixedGeometry;
        int r = inputRank - 2;
        if (r is < 1 or > 2) throw Error($"input has rank {inputRank}; only 1-D and 2-D convolutions ([N, C, L] or [N, C, H, W]) are supported.");
        return byRank[r];
    }
}
