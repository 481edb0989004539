using System.Numerics.Tensors;
using Fer.Tensors.Inference.Graph;
using Fer.Tensors.Kernels;

namespace Fer.Tensors.Inference.Plan;

/// <summary>rect(x W^T + b) over flat vectors, with W^T packed once.</summary>
internal sealed class LinearStep(LinearNode node, ValueSlot input, ValueSlot output) : PlanStep([input], output)
{
    private readonly PackedMatrix weight = PackedMatrix.Pack(true, node.InFeatures, node.OutFeatures, node.Weight, node.InFeatures);

    public override string Name => $"linear {node.InFeatures}->{node.OutFeatures}";

    public override long WeightFloats => (long)node.InFeatures * node.OutFeatures;

    public override long MultiplyAdds => WeightFloats;

    public override unsafe void Execute(float* arena, int images)
    {
        int inF = node.InFeatures, outF = node.OutFeatures;
        var x = new ReadOnlySpan<float>(Inputs[0].In(arena, images), images * inF);
        var y = new Span<float>(Output.In(arena, images), images * outF);
        Gemm.Multiply(false, images, 1f, x, inF, weight, 0f, y, outF);
        for (int n = 0; n < images; n++)
        {
            Span<float> row = y.Slice(n * outF, outF);
            TensorPrimitives.Add(row, node.Bias, row);
            if (node.Rectifier is { } r) FlatElementwiseStep.Rectify(row, r);
        }
    }
}

/// <summary>Affine maps, sums and rectifiers on flat vectors.</summary>
internal sealed class FlatElementwiseStep(string name, ValueSlot a, ValueSlot? b, float[]? scale, float[]? shift, Rectifier? rectifier, ValueSlot output)
    : PlanStep(b is null ? [a] : [a, b], output)
{
    public override string Name => name;

    public override unsafe void Execute(float* arena, int images)
    {
        int f = Output.Features;
        var y = new Span<float>(Output.In(arena, images), images * f);
        new ReadOnlySpan<float>(Inputs[0].In(arena, images), images * f).CopyTo(y);
        for (int n = 0; n < images; n++)
        {
            Span<float> row = y.Slice(n * f, f);
            if (scale is not null) TensorPrimitives.MultiplyAdd(row, scale, shift, row);
            if (Inputs.Length > 1) TensorPrimitives.Add(row, new ReadOnlySpan<float>(Inputs[1].In(arena, images) + (long)n * f, f), row);
            if (rectifier is not null) Rectify(row, rectifier);
        }
    }

    internal static void Rectify(Span<float> row, Rectifier r)
    {
        for (int i = 0; i < row.Length; i++)
        {
            float v = row[i];
            if (v < 0) row[i] = v * (r.Slopes?[i] ?? r.Slope);
        }
    }
}

/// <summary>Concatenation, mean or softmax of flat vectors.</summary>
internal sealed class FlatCombineStep(GraphNode node, ValueSlot[] inputs, ValueSlot output) : PlanStep(inputs, output)
{
    public override string Name => node switch { ConcatNode => "concat", MeanNode => "mean", _ => "softmax" };

    public override unsafe void Execute(float* arena, int images)
    {
        int f = Output.Features;
        var y = new Span<float>(Output.In(arena, images), images * f);
        for (int n = 0; n < images; n++)
        {
            Span<float> row = y.Slice(n * f, f);
            switch (node)
            {
                case ConcatNode:
                    int at = 0;
                    foreach (ValueSlot s in Inputs)
                    {
                        new ReadOnlySpan<float>(s.In(arena, images) + (long)n * s.Features, s.Features).CopyTo(row[at..]);
                        at += s.Features;
                    }
                    break;
                case MeanNode:
                    row.Clear();
                    foreach (ValueSlot s in Inputs) TensorPrimitives.Add(row, new ReadOnlySpan<float>(s.In(arena, images) + (long)n * f, f), row);
                    TensorPrimitives.Multiply(row, 1f / Inputs.Length, row);
                    break;
                default:
                    TensorPrimitives.SoftMax(new ReadOnlySpan<float>(Inputs[0].In(arena, images) + (long)n * f, f), row);
                    break;
            }
        }
    }
}
