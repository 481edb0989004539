using Fer.Tensors;

namespace Fer.MLNet.Onnx.Runtime.Operators;

/// <summary>Constant: exactly one of value (tensor), value_float, value_floats, value_int, value_ints.</summary>
internal sealed class ConstantOperator : OnnxOperator
{
    private readonly OnnxValue value;

    public ConstantOperator(NodeContext context)
        : base(context)
    {
        context.RequireInputs(0, 0);
        context.RequireOutputs(1);
        foreach (string unsupported in new[] { "sparse_value", "value_string", "value_strings" })
        {
            if (context.Has(unsupported)) throw context.Error($"attribute '{unsupported}' is not supported; only numeric constants are.");
        }
        var found = new List<OnnxValue>();
        if (context.TensorAttribute("value") is { } t) found.Add(context.DecodeTensor(t, "attribute 'value'"));
        if (context.Opset >= 12)
        {
            if (context.Has("value_float")) found.Add(OnnxValue.FromTensor(Tensor.Scalar(context.Float("value_float", 0f))));
            if (context.Floats("value_floats") is { } fs) found.Add(OnnxValue.FromTensor(Tensor.FromArray(fs)));
            if (context.IntOrNull("value_int") is { } i) found.Add(OnnxValue.WrapInt64([i], []));
            if (context.Ints("value_ints") is { } iv) found.Add(OnnxValue.WrapInt64(iv, [iv.Length]));
        }
        if (found.Count != 1) throw context.Error($"needs exactly one value attribute; got {found.Count}.");
        value = found[0];
    }

    public OnnxValue Value => value;

    public override SymbolicValue[] Infer(SymbolicValue?[] inputs) => [SymbolicValue.Of(value)];

    public override OnnxValue[] Run(OnnxValue?[] inputs) => [value];
}
