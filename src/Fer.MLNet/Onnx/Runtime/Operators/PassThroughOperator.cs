namespace Fer.MLNet.Onnx.Runtime.Operators;

/// <summary>Identity, and Dropout in inference (the input passes unchanged; a requested mask output is not supported).</summary>
internal sealed class PassThroughOperator : OnnxOperator
{
    public PassThroughOperator(NodeContext context)
        : base(context)
    {
        context.RequireOutputs(1);
        if (context.OpType == "Dropout")
        {
            context.RequireInputs(1, context.Opset >= 12 ? 3 : 1);
            if (context.Opset < 12) context.Ignore("ratio");
            else context.Ignore("seed");
        }
        else
        {
            context.RequireInputs(1, 1);
        }
    }

    public override SymbolicValue[] Infer(SymbolicValue?[] inputs)
    {
        if (Optional(inputs, 2) is { } training)
        {
            if (training.Constant is not { } c) throw Error("training_mode must be a constant false for inference.");
            bool on = c.Kind == OnnxValueKind.Int64 ? c.AsInt64()[0] != 0 : c.AsTensor().ToArray()[0] != 0;
            if (on) throw Error("training_mode is true; only inference (training_mode = false) is supported.");
        }
        SymbolicValue x = Required(inputs, 0);
        return [new SymbolicValue(x.Kind, x.Dims)];
    }

    public override OnnxValue[] Run(OnnxValue?[] inputs) => [inputs[0]!];
}
