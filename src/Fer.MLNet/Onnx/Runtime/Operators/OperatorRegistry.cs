namespace Fer.MLNet.Onnx.Runtime.Operators;

/// <summary>The operators this runtime implements (default ONNX domain), by op_type.</summary>
internal static class OperatorRegistry
{
    private static readonly Dictionary<string, Func<NodeContext, OnnxOperator>> Factories = new(StringComparer.Ordinal)
    {
        ["Add"] = c => new BinaryOperator(c),
        ["Sub"] = c => new BinaryOperator(c),
        ["Mul"] = c => new BinaryOperator(c),
        ["Div"] = c => new BinaryOperator(c),
        ["Relu"] = c => new ActivationOperator(c),
        ["LeakyRelu"] = c => new ActivationOperator(c),
        ["Sigmoid"] = c => new ActivationOperator(c),
        ["Tanh"] = c => new ActivationOperator(c),
        ["Clip"] = c => new ActivationOperator(c),
        ["Identity"] = c => new PassThroughOperator(c),
        ["Dropout"] = c => new PassThroughOperator(c),
        ["MatMul"] = c => new MatMulOperator(c),
        ["Gemm"] = c => new GemmOperator(c),
        ["Conv"] = c => new ConvOperator(c),
        ["ConvTranspose"] = c => new ConvTransposeOperator(c),
        ["BatchNormalization"] = c => new BatchNormalizationOperator(c),
        ["MaxPool"] = c => new PoolOperator(c),
        ["AveragePool"] = c => new PoolOperator(c),
        ["GlobalAveragePool"] = c => new GlobalPoolOperator(c),
        ["GlobalMaxPool"] = c => new GlobalPoolOperator(c),
        ["Reshape"] = c => new ReshapeOperator(c),
        ["Flatten"] = c => new FlattenOperator(c),
        ["Transpose"] = c => new TransposeOperator(c),
        ["Concat"] = c => new ConcatOperator(c),
        ["Squeeze"] = c => new SqueezeOperator(c),
        ["Unsqueeze"] = c => new SqueezeOperator(c),
        ["Shape"] = c => new ShapeOperator(c),
        ["Gather"] = c => new GatherOperator(c),
        ["Slice"] = c => new SliceOperator(c),
        ["Constant"] = c => new ConstantOperator(c),
        ["ConstantOfShape"] = c => new ConstantOfShapeOperator(c),
        ["Cast"] = c => new CastOperator(c),
        ["Softmax"] = c => new SoftmaxOperator(c),
        ["LogSoftmax"] = c => new SoftmaxOperator(c),
        ["Pad"] = c => new PadOperator(c),
        ["Resize"] = c => new ResizeOperator(c),
        ["Upsample"] = c => new ResizeOperator(c),
    };

    /// <summary>The supported op_type names, sorted.</summary>
    public static IReadOnlyList<string> Supported { get; } = Factories.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>Creates the operator for a node, or fails naming the node and listing what is supported.</summary>
    public static OnnxOperator Create(NodeContext context)
    {
        if (!Factories.TryGetValue(context.OpType, out var factory))
            throw context.Error($"operator '{context.OpType}' is not supported. Supported operators: {string.Join(", ", Supported)}.");
        OnnxOperator op = factory(context);
        context.CheckAllAttributesRead();
        return op;
    }
}
