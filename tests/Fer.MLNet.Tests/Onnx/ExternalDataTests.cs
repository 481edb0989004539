using Fer.MLNet.Onnx;
using Fer.MLNet.Onnx.Export;
using Fer.MLNet.Onnx.Proto;
using Fer.MLNet.Onnx.Runtime;
using Fer.Tensors;

namespace Fer.MLNet.Tests.Onnx;

/// <summary>Tensors stored in external files: off by default; when allowed, only relative paths inside the model's folder.</summary>
public sealed class ExternalDataTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("fer-onnx-ext-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static readonly OnnxLoadOptions Allow = new() { AllowExternalData = true };

    /// <summary>y = x + w with w [2, 2] stored at <paramref name="location"/> (offset 8 in the data file), as a saved model path.</summary>
    private string SaveModel(string location, long? length = 16, string modelName = "model.onnx")
    {
        var b = new OnnxGraphBuilder();
        b.AddInput("x", 2, 2);
        b.AddInitializer("w", Tensor.Zeros(2, 2));
        b.AddNode("Add", ["x", "w"], ["y"]);
        b.AddOutput("y", [2, 2]);
        ModelProto m = b.Build();
        TensorProto w = m.Graph!.Initializers[0];
        w.RawData = default;
        w.HasRawData = false;
        w.DataLocation = 1;
        w.ExternalData.Add(new StringStringEntryProto("location", location));
        w.ExternalData.Add(new StringStringEntryProto("offset", "8"));
        if (length is { } l) w.ExternalData.Add(new StringStringEntryProto("length", l.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        string path = Path.Combine(folder, modelName);
        File.WriteAllBytes(path, OnnxProtoWriter.Write(m));
        return path;
    }

    private void WriteData(string relative)
    {
        string path = Path.Combine(folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = new byte[8 + 16];
        Buffer.BlockCopy(new[] { 1f, 2f, 3f, 4f }, 0, bytes, 8, 16);
        File.WriteAllBytes(path, bytes);
    }

    [Fact]
    public void Load_ExternalData_IsRejectedByDefault()
    {
        WriteData("w.bin");
        string path = SaveModel("w.bin");
        var act = () => OnnxModel.Load(path);
        act.Should().Throw<OnnxFormatException>().WithMessage("*initializer 'w' keeps its data in the external file 'w.bin'; external data is disabled*AllowExternalData*");
    }

    [Fact]
    public void Load_ExternalDataInSubfolder_WhenAllowed_IsRead()
    {
        WriteData("weights/w.bin");
        var runner = new OnnxGraphRunner(OnnxModel.Load(SaveModel("weights/w.bin"), Allow));
        runner.Run(Tensor.Ones(2, 2)).ToArray().Should().Equal(2f, 3f, 4f, 5f);
    }

    [Theory]
    [InlineData("../w.bin")]
    [InlineData("weights/../../w.bin")]
    [InlineData("/etc/passwd")]
    [InlineData("C:/w.bin")]
    public void Load_ExternalPathOutsideFolder_IsRejected(string location)
    {
        var act = () => OnnxModel.Load(SaveModel(location), Allow);
        act.Should().Throw<OnnxFormatException>().WithMessage($"*external data location '{location}'*");
    }

    [Fact]
    public void Load_ExternalPathThroughSymlink_IsRejected()
    {
        string outside = Directory.CreateTempSubdirectory("fer-onnx-outside-").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(outside, "w.bin"), new byte[24]);
            Directory.CreateSymbolicLink(Path.Combine(folder, "link"), outside);
            var act = () => OnnxModel.Load(SaveModel("link/w.bin"), Allow);
            act.Should().Throw<OnnxFormatException>().WithMessage("*goes through a symbolic link*");
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public void Load_ExternalLengthNotMatchingShape_IsRejected()
    {
        WriteData("w.bin");
        var act = () => OnnxModel.Load(SaveModel("w.bin", length: 12), Allow);
        act.Should().Throw<OnnxFormatException>().WithMessage("*external data length is 12 bytes, but its dims need 16*");
    }

    [Fact]
    public void Load_ExternalRangePastEndOfFile_IsRejected()
    {
        File.WriteAllBytes(Path.Combine(folder, "short.bin"), new byte[20]);
        var act = () => OnnxModel.Load(SaveModel("short.bin"), Allow);
        act.Should().Throw<OnnxFormatException>().WithMessage("*external range [offset 8, length 16] lies outside 'short.bin' (20 bytes)*");
    }

    [Fact]
    public void Load_ExternalDataFromBytes_HasNoFolder()
    {
        WriteData("w.bin");
        byte[] bytes = File.ReadAllBytes(SaveModel("w.bin"));
        var act = () => OnnxModel.Load(bytes, "bytes", Allow);
        act.Should().Throw<OnnxFormatException>().WithMessage("*loaded from bytes, so there is no folder*");
    }
}
