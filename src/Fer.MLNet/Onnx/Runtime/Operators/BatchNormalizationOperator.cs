using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Fer.Tensors;
using Fer.Tensors.Threading;

namespace Fer.MLNet.Onnx.Runtime.Operators;

/// <summary>
/// BatchNormalization in inference: y = (x - mean) / sqrt(var + epsilon) * scale + B per channel of
/// X [N, C, *]. With constant parameters the per-channel factor and offset are computed once.
/// </summary>
internal sealed class BatchNormalizationOperator : OnnxOperator
{
    private readonly float epsilon;
    private (float[] Scale, float[] Shift)? folded;

    public BatchNormalizationOperator(NodeContext context)
        : base(context)
    {
        context.RequireInputs(5, 5);
        context.RequireOutputs(1);
        epsilon = context.Float("epsilon", 1e-5f);
        if (!(epsilon >= 0f) || !float.IsFinite(epsilon)) throw context.Error($"attribute 'epsilon' is {epsilon}; expected a finite value >= 0.");
        context.Ignore("momentum");
        if (context.Opset < 9 && context.Int("spatial", 1) != 1)
            throw context.Error("attribute 'spatial' is 0 (per-activation statistics); only spatial = 1 is supported.");
        if (context.Opset >= 14 && context.Int("training_mode", 0) != 0)
            throw context.Error("attribute 'training_mode' is 1; only inference (training_mode = 0) is supported.");
    }

    public override SymbolicValue[] Infer(SymbolicValue?[] inputs)
    {
        SymbolicValue x = Required(inputs, 0);
        RequireFloat(x, "input X");
        if (x.HasRank && x.Rank < 2) throw Error($"input X has shape {SymbolicValue.Format(x.Dims)}; expected [N, C, ...].");
        int c = x.HasRank ? x.Dim(1) : -1;
        string[] names = ["scale", "B", "input_mean", "input_var"];
        for (int i = 1; i < 5; i++)
        {
            SymbolicValue p = Required(inputs, i);
            RequireFloat(p, "input " + names[i - 1]);
            RequireRank(p, 1, "input " + names[i - 1], "[C]");
            if (p.HasRank && c >= 0 && p.Dim(0) >= 0 && p.Dim(0) != c)
                throw Error($"input {names[i - 1]} has shape {SymbolicValue.Format(p.Dims)}, but X {SymbolicValue.Format(x.Dims)} has C = {c} channels.");
        }
        return [SymbolicValue.Float(x.Dims)];
    }

    public override void Prepare(SymbolicValue?[] inputs)
    {
        if (inputs[1]?.Constant is { } s && inputs[2]?.Constant is { } b && inputs[3]?.Constant is { } m && inputs[4]?.Constant is { } v)
            folded = Fold(s.AsTensor(), b.AsTensor(), m.AsTensor(), v.AsTensor());
    }

    public override OnnxValue[] Run(OnnxValue?[] inputs)
    {
        Tensor x = inputs[0]!.AsTensor();
        var (scale, shift) = folded ?? Fold(inputs[1]!.AsTensor(), inputs[2]!.AsTensor(), inputs[3]!.AsTensor(), inputs[4]!.AsTensor());
        int n = x.Size(0), c = x.Size(1);
        int inner = c == 0 || n == 0 ? 0 : x.ElementCount / (n * c);
        var y = new float[x.ElementCount];
        Tensor xc = x.Contiguous();
        Parallelism.For(n * c, 1, (start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                int ch = i % c;
                Span<float> dst = y.AsSpan(i * inner, inner);
                TensorPrimitives.Multiply(xc.AsReadOnlySpan().Slice(i * inner, inner), scale[ch], dst);
                TensorPrimitives.Add(dst, shift[ch], dst);
            }
        });
        return [OnnxValue.FromTensor(Tensor.Wrap(y, x.Shape.ToArray()))];
    }

    private (float[] Scale, float[] Shift) Fold(Tensor scale, Tensor bias, Tensor mean, Tensor variance)
    {
        float[] s = scale.ToArray(), b = bias.ToArray(), m = mean.ToArray(), v = variance.ToArray();
        var a = new float[s.Length];
        var o = new float[s.Length];
        for (int i = 0; i < s.Length; i++)
        {
            a[i] = s[i] / MathF.Sqrt(v[i] + epsilon);
            o[i] = b[i] - m[i] * a[i];
        }
        return (a, o);
    }
}
