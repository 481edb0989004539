using Fer.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Fer.MLNet.Onnx.Runtime.Operators;

/// <summary>GlobalAveragePool and GlobalMaxPool: X [N, C, *] to [N, C, 1, ...] over all spatial positions.</summary>
internal sealed class GlobalPoolOperator : OnnxOperator
{
    public GlobalPoolOperator(NodeContext context)
        : base(context)
    {
        context.RequireInputs(1, 1);
        context.RequireOutputs(1);
    }

    public override SymbolicValue[] Infer(SymbolicValue?[] inputs)
    {
        SymbolicValue x = Required(inputs, 0);
        RequireFloat(x, "input X");
        if (!x.HasRank) return [SymbolicValue.Float(null)];
        if (x.Rank < 3) throw Error($"input X has shape {SymbolicValue.Format(x.Dims)}; expected [N, C, spatial...].");
        int[] dims = x.Dims!.Select((d, i) => i < 2 ? d : 1).ToArray();
        return [SymbolicValue.Float(dims)];
    }

    public override OnnxValue[] Run(OnnxValue?[] inputs)
    {
        Tensor x = inputs[0]!.AsTensor();
        ReadOnlySpan<float> src = Spans.Dense(x);
        int planes = x.Size(0) * x.Size(1);
        int area = planes == 0 ? 0 : x.ElementCount / planes;
        var y = new float[planes];
        bool max = Context.OpType == "GlobalMaxPool";
        for (int p = 0; p < planes; p++)
        {
            ReadOnlySpan<float> plane = src.Slice(p * area, area);
            y[p] = max ? TensorPrimitives.Max(plane) : TensorPrimitives.Sum(plane) / area;
        }
        int[] shape = x.Shape.ToArray().Select((d, i) => i < 2 ? d : 1).ToArray();
        return [OnnxValue.FromTensor(Tensor.Wrap(y, shape))];
    }
}
