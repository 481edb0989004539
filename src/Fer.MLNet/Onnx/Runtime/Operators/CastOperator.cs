using Fer.MLNet.Onnx.Import;
using Fer.MLNet.Onnx.Proto;
using Fer.Tensors;

namespace Fer.MLNet.Onnx.Runtime.Operators;

/// <summary>
/// Cast between the two kinds this runtime holds: to FLOAT (or DOUBLE, computed as float32) and to
/// INT64 (or INT32); floats become integers by truncation toward zero, as a C cast does.
/// </summary>
internal sealed class CastOperator : OnnxOperator
{
    private readonly OnnxValueKind target;

    public CastOperator(NodeContext context)
        : base(context)
    {
        context.RequireInputs(1, 1);
        context.RequireOutputs(1);
        if (context.Opset >= 19) context.Ignore("saturate"); // only affects float8 targets
        long to = context.IntOrNull("to") ?? throw context.Error("attribute 'to' is required.");
        target = (TensorDataType)to switch
        {
            TensorDataType.Float or TensorDataType.Double => OnnxValueKind.Float32,
            TensorDataType.Int64 or TensorDataType.Int32 => OnnxValueKind.Int64,
            _ => throw context.Error($"attribute 'to' is {OnnxTensorDecoder.Describe((int)to)}; supported targets: FLOAT, DOUBLE (computed as float32), INT64, INT32."),
        };
    }

    public override SymbolicValue[] Infer(SymbolicValue?[] inputs) => [new SymbolicValue(target, Required(inputs, 0).Dims)];

    public override OnnxValue[] Run(OnnxValue?[] inputs)
    {
        OnnxValue x = inputs[0]!;
        if (x.Kind == target) return [x];
        if (target == OnnxValueKind.Float32) return [OnnxValue.FromTensor(x.ToFloatTensor())];
        float[] f = x.AsTensor().ToArray();
        var data = new long[f.Length];
        for (int i = 0; i < f.Length; i++) data[i] = float.IsFinite(f[i]) ? (long)f[i] : 0;
        return [OnnxValue.WrapInt64(data, x.ShapeArray)];
    }
}
