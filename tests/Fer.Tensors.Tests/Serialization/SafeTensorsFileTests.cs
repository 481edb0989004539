using System.Text.Json;
using Fer.Tensors.Random;
using Fer.Tensors.Serialization;
using Fer.Testing;

namespace Fer.Tensors.Tests.Serialization;

public class SafeTensorsFileTests
{
    private static string Reference(string name) => Path.Combine(SharedData.RepositoryRoot, "tests", "Fer.Tensors.Tests", "Serialization", "Reference", name);

    private static int[] Bits(Tensor t) => t.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();

    [Fact]
    public void WriteRead_F32_IsBitExactIncludingSpecialValues()
    {
        using var dir = new TempFolder();
        var g = new Generator(1);
        var special = Tensor.FromArray(new[] { float.NaN, BitConverter.Int32BitsToSingle(0x7FC0_1234), -0f, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, float.MaxValue, -1e-40f });
        var tensors = new Dictionary<string, Tensor>
        {
            ["conv.weight"] = Tensor.Randn(g, 8, 3, 3, 3),
            ["special"] = special,
            ["scalar"] = Tensor.Scalar(3.5f),
            ["empty"] = Tensor.Zeros(0, 4),
            ["transposed"] = Tensor.Arange(0, 6).Reshape(2, 3).T(),
        };
        string path = dir.File("w.safetensors");
        SafeTensorsFile.Write(path, tensors, new Dictionary<string, string> { ["epoch"] = "7", ["note"] = "grüße" });
        SafeTensorsContent read = SafeTensorsFile.Read(path);

        read.Tensors.Keys.Should().BeEquivalentTo(tensors.Keys);
        foreach (var (name, t) in tensors)
        {
            read.Tensors[name].Shape.ToArray().Should().Equal(t.Shape.ToArray(), name);
            Bits(read.Tensors[name]).Should().Equal(Bits(t), name);
            read.DTypes[name].Should().Be(SafeTensorsDType.F32);
        }
        read.Metadata.Should().Equal(new Dictionary<string, string> { ["epoch"] = "7", ["note"] = "grüße" });
        Directory.GetFiles(dir.Path).Should().Equal(path); // no temporary file left behind
    }

    [Fact]
    public void WriteRead_EveryDType_StoresAndRestoresValues()
    {
        float[] ints = [0, 1, 2, 100, 127];
        float[] reals = [1.5f, -0.333333f, 65504f, 1e-8f, 3.0e38f];
        foreach (SafeTensorsDType dtype in Enum.GetValues<SafeTensorsDType>())
        {
            float[] values = dtype switch
            {
                SafeTensorsDType.Bool => [0, 1, 1, 0, 1],
                SafeTensorsDType.F16 or SafeTensorsDType.BF16 or SafeTensorsDType.F32 or SafeTensorsDType.F64 => reals,
                _ => ints,
            };
            var tensors = new Dictionary<string, Tensor> { ["x"] = Tensor.FromArray(values) };
            byte[] bytes = SafeTensorsFile.Serialize(tensors, dtypes: new Dictionary<string, SafeTensorsDType> { ["x"] = dtype });
            SafeTensorsContent read = SafeTensorsFile.Read(bytes);
            read.DTypes["x"].Should().Be(dtype);
            float[] expected = dtype switch
            {
                SafeTensorsDType.F16 => values.Select(v => (float)(Half)v).ToArray(),
                SafeTensorsDType.BF16 => values.Select(v => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(v) + 0x7FFF + ((BitConverter.SingleToInt32Bits(v) >> 16) & 1) & unchecked((int)0xFFFF0000))).ToArray(),
                _ => values,
            };
            read.Tensors["x"].ToArray().Should().Equal(expected, dtype.ToString());
        }
    }

    [Fact]
    public void Read_FileWrittenByPython_AllDTypesMatchNumpyConversion()
    {
        // tools/make_safetensors_reference.py wrote the file by hand (struct/json/numpy/torch 1.13) and the
        // float32 value of every element as numpy/torch convert it.
        SafeTensorsContent read = SafeTensorsFile.Read(Reference("python_all_dtypes.safetensors"));
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(Reference("python_all_dtypes.json")));
        JsonElement tensors = doc.RootElement.GetProperty("tensors");
        read.Tensors.Count.Should().Be(tensors.EnumerateObject().Count());
        foreach (JsonProperty p in tensors.EnumerateObject())
        {
            Tensor t = read.Tensors[p.Name];
            t.Shape.ToArray().Should().Equal(p.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()), p.Name);
            float[] expected = p.Value.GetProperty("values").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
            t.ToArray().Select(BitConverter.SingleToInt32Bits).Should().Equal(expected.Select(BitConverter.SingleToInt32Bits), p.Name);
            SafeTensorsDType dtype = read.DTypes[p.Name];
            (dtype == SafeTensorsDType.Bool ? "BOOL" : dtype.ToString()).Should().Be(p.Value.GetProperty("dtype").GetString());
        }
        read.Metadata["note"].Should().Be("grüße, ☃");
        read.Tensors.Keys.First().Should().Be("scalar", "tensors come in data order, which the file reverses");
    }

    [Fact]
    public void Serialize_MatchesReferenceWriterLayoutByteForByte()
    {
        // reference_layout.safetensors is laid out as the reference writer does (see the tool); our
        // writer must produce the same bytes, so files move between the two in both directions.
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(Reference("reference_layout.json")));
        var tensors = new Dictionary<string, Tensor>();
        var dtypes = new Dictionary<string, SafeTensorsDType>();
        foreach (JsonProperty p in doc.RootElement.GetProperty("tensors").EnumerateObject())
        {
            int[] shape = p.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            tensors[p.Name] = Tensor.FromArray(p.Value.GetProperty("values").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray(), shape);
            string name = p.Value.GetProperty("dtype").GetString()!;
            dtypes[p.Name] = name == "BOOL" ? SafeTensorsDType.Bool : Enum.Parse<SafeTensorsDType>(name);
        }
        var metadata = doc.RootElement.GetProperty("metadata").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        byte[] ours = SafeTensorsFile.Serialize(tensors, metadata, dtypes);
        ours.Should().Equal(File.ReadAllBytes(Reference("reference_layout.safetensors")));
    }

    [Fact]
    public void Serialize_Empty_IsBraceAndPadding()
    {
        byte[] bytes = SafeTensorsFile.Serialize(new Dictionary<string, Tensor>());
        bytes.Should().Equal(new byte[] { 8, 0, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'}', 32, 32, 32, 32, 32, 32 });
        SafeTensorsFile.Read(bytes).Tensors.Should().BeEmpty();
    }

    [Fact]
    public void Read_NonSeekableStream_SameAsFile()
    {
        var g = new Generator(2);
        var tensors = new Dictionary<string, Tensor> { ["a"] = Tensor.Randn(g, 300, 70), ["b"] = Tensor.FromArray(1f, 2f, 3f) };
        byte[] bytes = SafeTensorsFile.Serialize(tensors, dtypes: new Dictionary<string, SafeTensorsDType> { ["b"] = SafeTensorsDType.I64 });
        SafeTensorsContent read = SafeTensorsFile.Read(new NonSeekableStream(bytes), "entry.safetensors");
        Bits(read.Tensors["a"]).Should().Equal(Bits(tensors["a"]));
        read.Tensors["b"].ToArray().Should().Equal(1f, 2f, 3f);
    }

    [Fact]
    public void Write_FailingConversion_LeavesExistingFileAndNoTemp()
    {
        using var dir = new TempFolder();
        string path = dir.File("m.safetensors");
        SafeTensorsFile.Write(path, new Dictionary<string, Tensor> { ["a"] = Tensor.Ones(2) });
        byte[] before = File.ReadAllBytes(path);
        var bad = new Dictionary<string, Tensor> { ["n"] = Tensor.FromArray(1f, 2.5f) };
        FluentActions.Invoking(() => SafeTensorsFile.Write(path, bad, dtypes: new Dictionary<string, SafeTensorsDType> { ["n"] = SafeTensorsDType.I64 }))
            .Should().Throw<ArgumentException>().WithMessage("*'n' element 1 is 2.5*I64*");
        File.ReadAllBytes(path).Should().Equal(before);
        Directory.GetFiles(dir.Path).Should().Equal(path);

        SafeTensorsFile.Write(path, new Dictionary<string, Tensor> { ["b"] = Tensor.Zeros(3) });
        SafeTensorsFile.Read(path).Tensors.Keys.Should().Equal("b");
    }

    [Fact]
    public void Write_BadArguments_Throw()
    {
        var one = new Dictionary<string, Tensor> { ["a"] = Tensor.FromArray(2f) };
        FluentActions.Invoking(() => SafeTensorsFile.Serialize(one, dtypes: new Dictionary<string, SafeTensorsDType> { ["a"] = SafeTensorsDType.Bool }))
            .Should().Throw<ArgumentException>().WithMessage("*BOOL cannot hold*");
        FluentActions.Invoking(() => SafeTensorsFile.Serialize(one, dtypes: new Dictionary<string, SafeTensorsDType> { ["zz"] = SafeTensorsDType.I64 }))
            .Should().Throw<ArgumentException>().WithMessage("*'zz'*not among the tensors*");
        FluentActions.Invoking(() => SafeTensorsFile.Serialize(new Dictionary<string, Tensor> { ["__metadata__"] = Tensor.Zeros(1) }))
            .Should().Throw<ArgumentException>().WithMessage("*reserved*");
        FluentActions.Invoking(() => SafeTensorsFile.Serialize(new Dictionary<string, Tensor> { ["u"] = Tensor.FromArray(-1f) }, dtypes: new Dictionary<string, SafeTensorsDType> { ["u"] = SafeTensorsDType.U8 }))
            .Should().Throw<ArgumentException>().WithMessage("*-1*U8*");
    }

    [Fact]
    public void Read_Limits_AreApplied()
    {
        byte[] bytes = SafeTensorsFile.Serialize(new Dictionary<string, Tensor> { ["a"] = Tensor.Zeros(100) });
        FluentActions.Invoking(() => SafeTensorsFile.Read(bytes, "x", new SafeTensorsReadOptions { MaxHeaderBytes = 16 }))
            .Should().Throw<SafeTensorsFormatException>().WithMessage("x: header length: *over the limit of 16.");
        FluentActions.Invoking(() => SafeTensorsFile.Read(bytes, "x", new SafeTensorsReadOptions { MaxDataBytes = 399 }))
            .Should().Throw<SafeTensorsFormatException>().WithMessage("x: data: the tensors need 400 bytes, more than the limit of 399.");
        FluentActions.Invoking(() => new SafeTensorsReadOptions { MaxDataBytes = -1 }).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Write_MissingFolder_ThrowsIoErrorAndLeavesNothing()
    {
        using var dir = new TempFolder();
        string path = Path.Combine(dir.Path, "no", "such", "w.safetensors");
        FluentActions.Invoking(() => SafeTensorsFile.Write(path, new Dictionary<string, Tensor> { ["a"] = Tensor.Zeros(1) }))
            .Should().Throw<DirectoryNotFoundException>();
        Directory.GetFileSystemEntries(dir.Path).Should().BeEmpty();
    }
}
