using Fer.Tensors;
using Fer.Tensors.Nn;

namespace Fer.MLNet.Onnx.Runtime.Operators;

/// <summary>Relu, LeakyRelu (attribute alpha, default 0.01), Sigmoid, Tanh and Clip on float tensors.</summary>
internal sealed class ActivationOperator : OnnxOperator
{
    private readonly float alpha;
    private readonly float clipMin = float.NegativeInfinity;
    private readonly float clipMax = float.PositiveInfinity;

    public ActivationOperator(NodeContext context)
        : base(context)
    {
        context.RequireOutputs(1);
        if (context.OpType == "Clip" && context.Opset >= 11)
        {
            context.RequireInputs(1, 3);
        }
        else
        {
            context.RequireInputs(1, 1);
        }
        switch (context.OpType)
        {
            case "LeakyRelu":
                alpha = context.Float("alpha", 0.01f);
                break;
            case "Clip" when context.Opset < 11:
                clipMin = context.Float("min", float.MinValue);
                clipMax = context.Float("max", float.MaxValue);
                break;
        }
    }

    public override SymbolicValue[] Infer(SymbolicValue?[] inputs)
    {
        SymbolicValue x = Required(inputs, 0);
        RequireFloat(x, "input X");
        for (int i = 1; i < inputs.Length; i++)
        {
            if (inputs[i] is not { } bound) continue;
            RequireFloat(bound, i == 1 ? "input min" : "input max");
            if (bound.HasRank && ShapeMath.Product(bound.Dims) is not (1 or -1))
                throw Error($"{(i == 1 ? "min" : "max")} must be a scalar; got shape {SymbolicValue.Format(bound.Dims)}.");
        }
        return [SymbolicValue.Float(x.Dims)];
    }

    public override OnnxValue[] Run(OnnxValue?[] inputs)
    {
        Tensor x = inputs[0]!.AsTensor();
        Tensor y = Context.OpType switch
        {
            "Relu" => Functional.Relu(x),
            "LeakyRelu" => Functional.LeakyRelu(x, alpha),
            "Sigmoid" => Functional.Sigmoid(x),
            "Tanh" => Functional.Tanh(x),
            _ => Clip(x, inputs),
        };
        return [OnnxValue.FromTensor(y)];
    }

    private Tensor Clip(Tensor x, OnnxValue?[] inputs)
    {
        float lo = Optional(inputs, 1) is { } min ? min.AsTensor().ToArray()[0] : clipMin;
        float hi = Optional(inputs, 2) is { } max ? max.AsTensor().ToArray()[0] : clipMax;
        // ONNX: when min > max every element becomes max.
        return lo > hi ? Tensor.Full(hi, x.Shape.ToArray()) : x.Clamp(lo, hi);
    }
}
