using Fer.MLNet.Onnx;
using Fer.MLNet.Onnx.Export;
using Fer.MLNet.Onnx.Proto;
using Fer.MLNet.Onnx.Runtime;
using Fer.MLNet.Tests.Onnx.Support;
using Fer.Testing;
using Fer.Tensors;
using Fer.Tensors.Random;
using A = Fer.MLNet.Onnx.Export.OnnxAttribute;

namespace Fer.MLNet.Tests.Onnx;

/// <summary>Operator-level checks made when a runner is created, input checks at run time, and concurrent runs.</summary>
public sealed class OnnxGraphRunnerTests
{
    private static OnnxGraphRunner Prepare(OnnxGraphBuilder b) => new(OnnxModel.Load(b.ToBytes(), "test.onnx"));

    private static OnnxGraphBuilder Single(string op, int[] input, Func<OnnxGraphBuilder, string[]>? extra = null, int opset = 13, params AttributeProto[] attrs)
    {
        var b = new OnnxGraphBuilder(opsetVersion: opset);
        b.AddInput("x", input);
        b.AddNode(op, ["x", .. extra?.Invoke(b) ?? []], ["y"], "node1", attrs);
        b.AddOutput("y");
        return b;
    }

    [Fact]
    public void Create_UnknownOperator_NamesItAndListsSupported()
    {
        var act = () => Prepare(Single("Erf", [2, 3]));
        act.Should().Throw<OnnxFormatException>()
            .WithMessage("'test.onnx': node 'node1' (Erf): operator 'Erf' is not supported. Supported operators: Add, AveragePool, BatchNormalization, *Conv*Upsample.");
    }

    [Fact]
    public void Create_ConvWeightOfRank3_NamesNodeAndInput()
    {
        var act = () => Prepare(Single("Conv", [1, 3, 8, 8], b => [b.AddInitializer("w", Tensor.Zeros(4, 3, 3))]));
        act.Should().Throw<OnnxFormatException>().WithMessage("*node 'node1' (Conv): input W has shape [4, 3, 3]; expected rank 4 [M, C/group, kH, kW]*");
    }

    [Fact]
    public void Create_ConvChannelMismatch_IsNamed()
    {
        var act = () => Prepare(Single("Conv", [1, 3, 8, 8], b => [b.AddInitializer("w", Tensor.Zeros(4, 2, 3, 3))]));
        act.Should().Throw<OnnxFormatException>().WithMessage("*input X [1, 3, 8, 8] has C = 3 channels, but W [4, 2, 3, 3] with group = 1 expects 2*");
    }

    [Fact]
    public void Create_GemmInnerDimensionMismatch_NamesBothShapes()
    {
        var act = () => Prepare(Single("Gemm", [-1, 5], b => [b.AddInitializer("w", Tensor.Zeros(3, 4))], 13, A.Int("transB", 1)));
        act.Should().Throw<OnnxFormatException>().WithMessage("*node 'node1' (Gemm): inner dimensions differ: A [?, 5] (transA = 0) gives K = 5, B [3, 4] (transB = 1) gives K = 4*");
    }

    [Fact]
    public void Create_UnsupportedAttribute_IsNamed()
    {
        var act = () => Prepare(Single("MaxPool", [1, 1, 4, 4], null, 13, A.Ints("kernel_shape", 2, 2), A.Int("storage_order_x", 1)));
        act.Should().Throw<OnnxFormatException>().WithMessage("*attribute 'storage_order_x' is not supported by this runtime for opset 13 MaxPool*");
    }

    [Fact]
    public void Create_AttributeOfWrongType_IsNamed()
    {
        var act = () => Prepare(Single("MaxPool", [1, 1, 4, 4], null, 13, A.Int("kernel_shape", 2)));
        act.Should().Throw<OnnxFormatException>().WithMessage("*attribute 'kernel_shape' must be INTS; the file gives INT*");
    }

    [Fact]
    public void Create_PadsOfWrongLength_IsNamed()
    {
        var act = () => Prepare(Single("AveragePool", [1, 1, 4, 4], null, 13, A.Ints("kernel_shape", 2, 2), A.Ints("pads", 1, 1)));
        act.Should().Throw<OnnxFormatException>().WithMessage("*attribute 'pads' [1, 1] has 2 entries; expected 4 (begins, then ends)*");
    }

    [Fact]
    public void Create_UnknownAutoPad_IsNamed()
    {
        var act = () => Prepare(Single("MaxPool", [1, 1, 4, 4], null, 13, A.Ints("kernel_shape", 2, 2), A.String("auto_pad", "SAME")));
        act.Should().Throw<OnnxFormatException>().WithMessage("*attribute 'auto_pad' is 'SAME'; expected NOTSET, SAME_UPPER, SAME_LOWER or VALID*");
    }

    [Fact]
    public void Create_ReshapeToWrongCount_IsNamed()
    {
        var act = () => Prepare(Single("Reshape", [2, 6], b => [b.AddInitializer("shape", [5, -1], 2)]));
        act.Should().Throw<OnnxFormatException>().WithMessage("*cannot reshape input [2, 6] (12 elements) to [5, -1]*");
    }

    [Fact]
    public void Create_ConstantIndexOutOfRange_IsNamed()
    {
        var act = () => Prepare(Single("Gather", [4, 2], b => [b.AddInitializer("i", [1, 4], 2)]));
        act.Should().Throw<OnnxFormatException>().WithMessage("*node 'node1' (Gather): index 4 is out of range for axis 0 of size 4*");
    }

    [Fact]
    public void Create_ConcatMismatch_IsNamed()
    {
        var b = new OnnxGraphBuilder();
        b.AddInput("a", 2, 3);
        b.AddInput("b", 4, 3);
        b.AddNode("Concat", ["a", "b"], ["y"], "cat", A.Int("axis", 1));
        b.AddOutput("y");
        var act = () => Prepare(b);
        act.Should().Throw<OnnxFormatException>().WithMessage("*input 1 has shape [4, 3]; dimension 0 must be 2*");
    }

    [Fact]
    public void Create_HugeConstantOfShape_IsRejectedBeforeAllocation()
    {
        var b = new OnnxGraphBuilder();
        b.AddInput("x", 1);
        b.AddInitializer("shape", [1 << 20, 1 << 20], 2);
        b.AddNode("ConstantOfShape", ["shape"], ["big"], "fill");
        b.AddNode("Add", ["x", "big"], ["y"]);
        b.AddOutput("y");
        var act = () => Prepare(b);
        act.Should().Throw<OnnxFormatException>().WithMessage("*node 'fill' (ConstantOfShape): an output of shape [1048576, 1048576] exceeds*");
    }

    [Fact]
    public void Create_Int32GraphInput_IsRejected()
    {
        ModelProto m = Single("Relu", [2]).Build();
        m.Graph!.Inputs[0].Type!.TensorType!.ElemType = (int)TensorDataType.Int32;
        var act = () => new OnnxGraphRunner(OnnxModel.Load(Fer.MLNet.Onnx.Proto.OnnxProtoWriter.Write(m)));
        act.Should().Throw<OnnxFormatException>().WithMessage("*graph input 'x' has element type Int32 (6); supported: FLOAT, INT64*");
    }

    [Fact]
    public void Run_ShapeFailingOnlyForThisBatch_NamesTheNode()
    {
        var runner = Prepare(Single("Reshape", [-1, 6], b => [b.AddInitializer("shape", [4, -1], 2)]));
        runner.Run(Tensor.Zeros(2, 6)).Shape.ToArray().Should().Equal(4, 3);
        var act = () => runner.Run(Tensor.Zeros(1, 6));
        act.Should().Throw<OnnxFormatException>().WithMessage("*node 'node1' (Reshape): cannot reshape input [1, 6] (6 elements) to [4, -1]*");
    }

    [Fact]
    public void Run_InputOfWrongShape_NamesInputAndDimension()
    {
        var runner = Prepare(Single("Relu", [-1, 3, 8]));
        var wrongDim = () => runner.Run(Tensor.Zeros(2, 4, 8));
        wrongDim.Should().Throw<ArgumentException>().WithMessage("input 'x' has shape [2, 4, 8]; the model expects [N, 3, 8] (dimension 1 must be 3).*");
        var wrongRank = () => runner.Run(Tensor.Zeros(3, 8));
        wrongRank.Should().Throw<ArgumentException>().WithMessage("input 'x' has shape [3, 8]; the model expects [N, 3, 8] (rank 3).*");
    }

    [Fact]
    public void Run_MissingOrUnknownInput_ListsTheInputs()
    {
        var runner = Prepare(Single("Relu", [2]));
        var missing = () => runner.Run(new Dictionary<string, Tensor>());
        missing.Should().Throw<ArgumentException>().WithMessage("input 'x' of test.onnx is missing; the inputs are: x.*");
        var unknown = () => runner.Run(new Dictionary<string, Tensor> { ["x"] = Tensor.Zeros(2), ["z"] = Tensor.Zeros(2) });
        unknown.Should().Throw<ArgumentException>().WithMessage("'z' is not an input of test.onnx; the inputs are: x.*");
    }

    [Fact]
    public void RunValues_Int64Input_KeepsIntegersExact()
    {
        var b = new OnnxGraphBuilder();
        ModelProto m;
        b.AddInput("i", 3);
        b.AddInitializer("big", [1L << 40, 1, -7], 3);
        b.AddNode("Add", ["i", "big"], ["y"]);
        b.AddOutput("y");
        m = b.Build();
        m.Graph!.Inputs[0].Type!.TensorType!.ElemType = (int)TensorDataType.Int64;
        m.Graph.Outputs[0].Type!.TensorType!.ElemType = (int)TensorDataType.Int64;
        var runner = new OnnxGraphRunner(OnnxModel.Load(Fer.MLNet.Onnx.Proto.OnnxProtoWriter.Write(m)));
        var result = runner.RunValues(new Dictionary<string, OnnxValue> { ["i"] = OnnxValue.FromInt64([3, 4, 5], 3) });
        result["y"].Kind.Should().Be(OnnxValueKind.Int64);
        result["y"].AsInt64().ToArray().Should().Equal((1L << 40) + 3, 5, -2);
        var fractional = () => runner.Run(new Dictionary<string, Tensor> { ["i"] = Tensor.FromArray(1.5f, 2f, 3f) });
        fractional.Should().Throw<ArgumentException>().WithMessage("*element 0 is 1.5, not a whole number*");
    }

    [Fact]
    public void Run_ConcurrentCalls_GiveTheSerialResults()
    {
        TorchModels.Model model = TorchModels.Get("cnn_opset13");
        var runner = OnnxGraphRunner.Load(model.Path);
        var inputs = Enumerable.Range(0, 8).Select(i => Tensor.Uniform(new Generator((ulong)i), -1f, 1f, 1 + i % 3, 3, 20, 20)).ToArray();
        float[][] serial = inputs.Select(x => runner.Run(x).ToArray()).ToArray();
        var parallel = new float[inputs.Length][];
        Parallel.For(0, inputs.Length * 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, k =>
        {
            int i = k % inputs.Length;
            float[] r = runner.Run(inputs[i]).ToArray();
            lock (parallel) parallel[i] ??= r;
            r.Should().Equal(serial[i]);
        });
        parallel.Should().AllSatisfy(p => p.Should().NotBeNull());
    }

    [Fact]
    public void Run_ConstantOutput_IsACopyCallersCannotCorrupt()
    {
        var b = new OnnxGraphBuilder();
        b.AddInput("x", 2);
        b.AddInitializer("c", Tensor.FromArray(1f, 2f));
        b.AddNode("Identity", ["c"], ["k"]);
        b.AddNode("Relu", ["x"], ["y"]);
        b.AddOutput("k");
        b.AddOutput("y");
        var runner = Prepare(b);
        Tensor first = runner.Run(new Dictionary<string, Tensor> { ["x"] = Tensor.Zeros(2) })["k"];
        first[0] = 99f;
        runner.Run(new Dictionary<string, Tensor> { ["x"] = Tensor.Zeros(2) })["k"].ToArray().Should().Equal(1f, 2f);
    }

    [Fact]
    public void Run_InputRequiringGrad_RecordsNoGraph()
    {
        var runner = OnnxGraphRunner.Load(TorchModels.Get("cnn_opset13").Path);
        Tensor x = Tensor.Uniform(new Generator(2), -1f, 1f, 1, 3, 20, 20);
        x.RequiresGrad = true;
        Tensor y = runner.Run(x);
        y.RequiresGrad.Should().BeFalse();
        y.IsLeaf.Should().BeTrue();
    }

    [Fact]
    public void SupportedOperators_CoverTheRequiredSet()
    {
        string[] required =
        [
            "Conv", "ConvTranspose", "BatchNormalization", "Relu", "LeakyRelu", "Sigmoid", "Tanh", "Add", "Mul", "Sub", "Div", "MatMul", "Gemm",
            "MaxPool", "AveragePool", "GlobalAveragePool", "Reshape", "Flatten", "Transpose", "Concat", "Softmax", "Pad", "Resize", "Clip",
            "ConstantOfShape", "Shape", "Gather", "Unsqueeze", "Squeeze", "Constant", "Identity", "Dropout", "Cast",
        ];
        OnnxGraphRunner.SupportedOperators.Should().Contain(required);
    }
}
