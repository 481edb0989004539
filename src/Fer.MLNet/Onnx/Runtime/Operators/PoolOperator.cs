using Fer.Tensors;
using Fer.Tensors.Threading;

namespace Fer.MLNet.Onnx.Runtime.Operators;

/// <summary>
/// MaxPool and AveragePool over X [N, C, L] or [N, C, H, W] with ONNX's auto_pad, explicit (also
/// asymmetric) pads, strides, dilations, ceil_mode and, for AveragePool, count_include_pad (the
/// divisor counts padded positions but never positions beyond the padding that ceil_mode adds).
/// </summary>
internal sealed class PoolOperator : OnnxOperator
{
    private readonly bool isMax;
    private readonly bool countIncludePad;
    private readonly SpatialGeometry geometry;

    public PoolOperator(NodeContext context)
        : base(context)
    {
        context.RequireInputs(1, 1);
        context.RequireOutputs(1);
        isMax = context.OpType == "MaxPool";
        bool hasDilations = isMax ? context.Opset >= 10 : context.Opset >= 19;
        geometry = SpatialGeometry.Read(context, 0, kernelRequired: true, hasCeilMode: context.Opset >= 10, hasDilations: hasDilations);
        if (isMax && context.Opset >= 8) context.Ignore("storage_order"); // only affects the Indices output
        if (!isMax) countIncludePad = context.IntInRange("count_include_pad", 0, 0, 1) == 1;
    }

    public override SymbolicValue[] Infer(SymbolicValue?[] inputs)
    {
        SymbolicValue x = Required(inputs, 0);
        RequireFloat(x, "input X");
        int r = geometry.SpatialRank;
        RequireRank(x, r + 2, "input X", r == 1 ? "[N, C, L] for a 1-D kernel_shape" : "[N, C, H, W] for a 2-D kernel_shape");
        if (!x.HasRank) return [SymbolicValue.Float(null)];
        var dims = new int[r + 2];
        dims[0] = x.Dim(0);
        dims[1] = x.Dim(1);
        for (int a = 0; a < r; a++)
        {
            var (o, _, _) = geometry.Resolve(a, x.Dim(a + 2), geometry.Kernel![a]);
            if (o == 0) throw Error($"the window (kernel_shape {SymbolicValue.Format(geometry.Kernel)}) does not fit input {SymbolicValue.Format(x.Dims)} with its padding.");
            dims[a + 2] = o;
        }
        return [SymbolicValue.Float(dims)];
    }

    public override OnnxValue[] Run(OnnxValue?[] inputs)
    {
        Tensor x = inputs[0]!.AsTensor().Contiguous();
        bool oneD = geometry.SpatialRank == 1;
        int n = x.Size(0), c = x.Size(1);
        int ih = oneD ? 1 : x.Size(2), iw = x.Size(-1);
        var axisW = geometry.Resolve(oneD ? 0 : 1, iw, geometry.Kernel![oneD ? 0 : 1]);
        var axisH = oneD ? (Out: 1, Begin: 0, End: 0) : geometry.Resolve(0, ih, geometry.Kernel[0]);
        int kh = oneD ? 1 : geometry.Kernel[0], kw = geometry.Kernel[oneD ? 0 : 1];
        int sh = oneD ? 1 : geometry.Strides[0], sw = geometry.Strides[oneD ? 0 : 1];
        int dh = oneD ? 1 : geometry.Dilations[0], dw = geometry.Dilations[oneD ? 0 : 1];
        int oh = axisH.Out, ow = axisW.Out;
        var y = new float[n * c * oh * ow];
        bool max = isMax, include = countIncludePad;
        Parallelism.For(n * c, 1, (start, end) =>
        {
            ReadOnlySpan<float> all = x.AsReadOnlySpan();
            for (int plane = start; plane < end; plane++)
            {
                ReadOnlySpan<float> src = all.Slice(plane * ih * iw, ih * iw);
                Span<float> dst = y.AsSpan(plane * oh * ow, oh * ow);
                for (int i = 0; i < oh; i++)
                {
                    int h0 = i * sh - axisH.Begin;
                    for (int j = 0; j < ow; j++)
                    {
                        int w0 = j * sw - axisW.Begin;
                        float acc = max ? float.NegativeInfinity : 0f;
                        int valid = 0, padded = 0;
                        for (int a = 0; a < kh; a++)
                        {
                            int h = h0 + a * dh;
                            bool hIn = (uint)h < (uint)ih;
                            bool hPad = h >= -axisH.Begin && h < ih + axisH.End;
                            for (int b = 0; b < kw; b++)
                            {
                                int w = w0 + b * dw;
                                if (hPad && w >= -axisW.Begin && w < iw + axisW.End) padded++;
                                if (!hIn || (uint)w >= (uint)iw) continue;
                                float v = src[h * iw + w];
                                valid++;
                                if (max)
                                {
                                    if (v > acc || float.IsNaN(v)) acc = v;
                                }
                                else
                                {
                                    acc += v;
                                }
                            }
                        }
                        dst[i * ow + j] = max ? acc : acc / Math.Max(include ? padded : valid, 1);
                    }
                }
            }
        });
        int[] shape = oneD ? [n, c, ow] : [n, c, oh, ow];
        return [OnnxValue.FromTensor(Tensor.Wrap(y, shape))];
    }
}
