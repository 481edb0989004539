using Fer.MLNet.Onnx;
using Fer.MLNet.Onnx.Export;
using Fer.MLNet.Onnx.Proto;
using Fer.MLNet.Onnx.Runtime;
using Fer.MLNet.Tests.Onnx.Support;
using Fer.Tensors;
using A = Fer.MLNet.Onnx.Export.OnnxAttribute;

namespace Fer.MLNet.Tests.Onnx;

/// <summary>Structure and limits checked by <see cref="OnnxModel.Load(string, OnnxLoadOptions?)"/>: every failure is one typed exception naming the file and the problem.</summary>
public sealed class OnnxModelLoadTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("fer-onnx-load-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static ModelProto ReluModel()
    {
        var b = new OnnxGraphBuilder();
        b.AddInput("x", -1, 4);
        b.AddNode("Relu", ["x"], ["y"], "relu1");
        b.AddOutput("y", [-1, 4]);
        return b.Build();
    }

    private string Save(ModelProto model, string name = "m.onnx") => Save(OnnxProtoWriter.Write(model), name);

    private string Save(byte[] bytes, string name = "m.onnx")
    {
        string path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void Load_EmptyFile_ThrowsNamingFile()
    {
        string path = Save(Array.Empty<byte>());
        var act = () => OnnxModel.Load(path);
        act.Should().Throw<OnnxFormatException>().Where(e => e.FileName == path).WithMessage("*empty*");
    }

    [Fact]
    public void Load_TruncatedFile_AlwaysThrowsOnnxFormatException()
    {
        byte[] bytes = File.ReadAllBytes(TorchModels.Get("cnn_opset13").Path);
        int checkedCount = 0;
        for (int length = 1; length < bytes.Length; length += 37)
        {
            string path = Save(bytes[..length], "cut.onnx");
            var act = () => new OnnxGraphRunner(OnnxModel.Load(path));
            act.Should().Throw<OnnxFormatException>($"a file cut to {length} of {bytes.Length} bytes").Which.FileName.Should().Be(path);
            checkedCount++;
        }
        checkedCount.Should().BeGreaterThan(100);
    }

    [Fact]
    public void Load_TruncatedInsideTensor_NamesTheMessagePath()
    {
        byte[] bytes = OnnxProtoWriter.Write(ReluModelWithWeight());
        string path = Save(bytes[..(bytes.Length - 40)]);
        var act = () => OnnxModel.Load(path);
        act.Should().Throw<OnnxFormatException>().WithMessage("*not a valid ONNX protobuf file*graph*");
    }

    private static ModelProto ReluModelWithWeight()
    {
        var b = new OnnxGraphBuilder();
        b.AddInput("x", 2, 8);
        b.AddInitializer("w", Tensor.Ones(2, 8));
        b.AddNode("Add", ["x", "w"], ["y"]);
        b.AddOutput("y", [2, 8]);
        return b.Build();
    }

    [Fact]
    public void Load_RandomGarbage_ThrowsOnnxFormatException()
    {
        var g = new Fer.Tensors.Random.Generator(3);
        for (int i = 0; i < 50; i++)
        {
            var bytes = new byte[1 + g.NextInt(400)];
            for (int k = 0; k < bytes.Length; k++) bytes[k] = (byte)g.NextInt(256);
            var act = () => new OnnxGraphRunner(OnnxModel.Load(bytes, "garbage"));
            act.Should().Throw<OnnxFormatException>().Which.FileName.Should().Be("garbage");
        }
    }

    [Fact]
    public void Load_BitFlippedModels_LoadRunOrThrowOnnxFormatException()
    {
        TorchModels.Model source = TorchModels.Get("shapes_opset13");
        byte[] original = File.ReadAllBytes(source.Path);
        var input = new Dictionary<string, Tensor> { ["in0"] = Tensor.FromArray(source.Inputs[0].Data, source.Inputs[0].Shape) };
        var g = new Fer.Tensors.Random.Generator(17);
        var options = new OnnxLoadOptions { MaxTensorElements = 1 << 20 };
        for (int i = 0; i < 300; i++)
        {
            byte[] bytes = (byte[])original.Clone();
            int flips = 1 + g.NextInt(3);
            for (int f = 0; f < flips; f++) bytes[g.NextInt(bytes.Length)] ^= (byte)(1 << g.NextInt(8));
            try
            {
                var runner = new OnnxGraphRunner(OnnxModel.Load(bytes, "flipped", options));
                runner.Run(input);
            }
            catch (OnnxFormatException)
            {
            }
            catch (ArgumentException)
            {
                // A flipped graph-input declaration makes the (valid) input no longer fit: a caller error, named.
            }
        }
    }

    [Fact]
    public void Load_Cycle_NamesNodesInTheCycle()
    {
        var b = new OnnxGraphBuilder();
        b.AddInput("x", 2);
        b.AddNode("Add", ["x", "c"], ["a"], "first");
        b.AddNode("Relu", ["a"], ["b"], "second");
        b.AddNode("Sigmoid", ["b"], ["c"], "third");
        b.AddNode("Tanh", ["a"], ["y"], "outside");
        b.AddOutput("y", [2]);
        var act = () => OnnxModel.Load(b.ToBytes(), "cyclic.onnx");
        act.Should().Throw<OnnxFormatException>().WithMessage("'cyclic.onnx': the graph has a cycle: 'first' -> 'second' -> 'third' -> 'first'.");
    }

    [Fact]
    public void Load_MissingInitializer_NamesNodeAndInput()
    {
        var b = new OnnxGraphBuilder();
        b.AddInput("x", 1, 3, 8, 8);
        b.AddNode("Conv", ["x", "conv1.weight"], ["y"], "conv1");
        b.AddOutput("y");
        var act = () => OnnxModel.Load(b.ToBytes(), "m.onnx");
        act.Should().Throw<OnnxFormatException>()
            .WithMessage("*node 'conv1' (Conv): input 'conv1.weight' is not an initializer, a graph input or the output of any node*")
            .Where(e => e.NodeName == "conv1" && e.OpType == "Conv");
    }

    [Fact]
    public void Load_UnproducedGraphOutput_IsNamed()
    {
        ModelProto m = ReluModel();
        m.Graph!.Outputs.Add(new ValueInfoProto { Name = "ghost" });
        var act = () => OnnxModel.Load(OnnxProtoWriter.Write(m));
        act.Should().Throw<OnnxFormatException>().WithMessage("*graph output 'ghost' is not produced*");
    }

    [Fact]
    public void Load_TwoProducersOfOneValue_IsRejected()
    {
        ModelProto m = ReluModel();
        m.Graph!.Nodes.Add(new NodeProto { OpType = "Sigmoid", Name = "dup", Inputs = { "x" }, Outputs = { "y" } });
        var act = () => OnnxModel.Load(OnnxProtoWriter.Write(m));
        act.Should().Throw<OnnxFormatException>().WithMessage("*node 'dup' (Sigmoid): output 'y' is also produced by node 'relu1'*");
    }

    [Theory]
    [InlineData(6)]
    [InlineData(22)]
    public void Load_OpsetOutOfRange_IsRejected(int version)
    {
        ModelProto m = ReluModel();
        m.OpsetImports[0].Version = version;
        var act = () => OnnxModel.Load(OnnxProtoWriter.Write(m), "m.onnx");
        act.Should().Throw<OnnxFormatException>().WithMessage($"*default-domain opset {version} is not supported; expected 7..21*");
    }

    [Fact]
    public void Load_NoDefaultOpset_IsRejected()
    {
        ModelProto m = ReluModel();
        m.OpsetImports.Clear();
        m.OpsetImports.Add(new OperatorSetIdProto("ai.onnx.ml", 3));
        var act = () => OnnxModel.Load(OnnxProtoWriter.Write(m));
        act.Should().Throw<OnnxFormatException>().WithMessage("*no opset for the default ONNX domain*");
    }

    [Fact]
    public void Load_CustomDomainNode_IsRejected()
    {
        ModelProto m = ReluModel();
        m.Graph!.Nodes[0].Domain = "com.microsoft";
        var act = () => OnnxModel.Load(OnnxProtoWriter.Write(m));
        act.Should().Throw<OnnxFormatException>().WithMessage("*node 'relu1' (Relu): operator domain 'com.microsoft' is not supported*");
    }

    [Fact]
    public void Load_RawDataShorterThanShape_IsRejectedBeforeAllocation()
    {
        ModelProto m = ReluModelWithWeight();
        TensorProto w = m.Graph!.Initializers[0];
        w.Dims.Clear();
        w.Dims.AddRange([4, 8]);
        var act = () => OnnxModel.Load(OnnxProtoWriter.Write(m));
        act.Should().Throw<OnnxFormatException>().WithMessage("*initializer 'w' has raw_data of 64 bytes, but dims [4, 8] of Float need 128*");
    }

    [Fact]
    public void Load_HugeDimsWithTinyData_HitsTheElementLimit()
    {
        ModelProto m = ReluModelWithWeight();
        TensorProto w = m.Graph!.Initializers[0];
        w.Dims.Clear();
        w.Dims.AddRange([1L << 20, 1L << 20]);
        var act = () => OnnxModel.Load(OnnxProtoWriter.Write(m));
        act.Should().Throw<OnnxFormatException>().WithMessage("*initializer 'w' of dims [1048576, 1048576] exceeds*MaxTensorElements*");
    }

    [Fact]
    public void Load_UnsupportedInitializerType_IsNamed()
    {
        ModelProto m = ReluModelWithWeight();
        m.Graph!.Initializers[0].ElementType = TensorDataType.Complex64;
        var act = () => OnnxModel.Load(OnnxProtoWriter.Write(m));
        act.Should().Throw<OnnxFormatException>().WithMessage("*initializer 'w' has element type Complex64 (14)*");
    }

    [Fact]
    public void Load_FileOverSizeLimit_IsRejectedBeforeReading()
    {
        string path = Save(ReluModelWithWeight());
        var act = () => OnnxModel.Load(path, new OnnxLoadOptions { MaxFileBytes = 32 });
        act.Should().Throw<OnnxFormatException>().WithMessage("*bytes, over the limit of 32*");
    }

    [Fact]
    public void Load_MoreNodesThanAllowed_IsRejected()
    {
        var act = () => OnnxModel.Load(File.ReadAllBytes(TorchModels.Get("shapes_opset13").Path), "m", new OnnxLoadOptions { MaxNodes = 10 });
        act.Should().Throw<OnnxFormatException>().WithMessage("*more than 10 nodes (OnnxLoadOptions.MaxNodes)*");
    }

    [Fact]
    public void Load_WrongWireType_NamesTheField()
    {
        // ModelProto field 7 (graph) sent as a varint.
        byte[] bytes = [0x08, 0x08, 0x38, 0x01];
        var act = () => OnnxModel.Load(bytes, "m");
        act.Should().Throw<OnnxFormatException>().WithMessage("*field ModelProto.graph has wire type 0, expected 2*");
    }
}
