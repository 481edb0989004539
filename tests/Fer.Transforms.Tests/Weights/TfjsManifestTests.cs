using System.Buffers.Binary;
using Fer.Transforms.Tests.Datasets;
using Fer.Transforms.Weights;

namespace Fer.Transforms.Tests.Weights;

public class TfjsManifestTests
{
    private static string Manifest(TempFolder tmp, string json, string name = "m-weights_manifest.json") => tmp.WriteText("model/" + name, json);

    [Fact]
    public void Load_AllStorageKindsAcrossShards_DecodesAndConcatenates()
    {
        using var tmp = new TempFolder();
        // Group 0: float32 [2] + uint8 [3] + uint16 [2] + float16 [2] + int32 [2] + bool [3], split over two shards mid-weight.
        var bytes = new List<byte>();
        void F32(float v) { var b = new byte[4]; BinaryPrimitives.WriteSingleLittleEndian(b, v); bytes.AddRange(b); }
        void U16(ushort v) { var b = new byte[2]; BinaryPrimitives.WriteUInt16LittleEndian(b, v); bytes.AddRange(b); }
        void I32(int v) { var b = new byte[4]; BinaryPrimitives.WriteInt32LittleEndian(b, v); bytes.AddRange(b); }
        F32(1.5f); F32(-2.25f);
        bytes.AddRange(new byte[] { 0, 10, 255 });
        U16(0); U16(1000);
        U16(BitConverter.HalfToUInt16Bits((Half)0.5f)); U16(BitConverter.HalfToUInt16Bits((Half)(-3f)));
        I32(-7); I32(123456);
        bytes.AddRange(new byte[] { 0, 1, 2 });
        byte[] all = [.. bytes];
        tmp.WriteBytes("model/shard1.bin", all[..5]);
        tmp.WriteBytes("model/sub/shard2.bin", all[5..]);
        tmp.WriteBytes("model/g1.bin", [3, 4]);
        string path = Manifest(tmp, """
            [{"paths": ["shard1.bin", "./sub/shard2.bin"], "weights": [
              {"name": "f", "shape": [2], "dtype": "float32"},
              {"name": "q8", "shape": [3, 1], "dtype": "float32", "quantization": {"dtype": "uint8", "scale": 0.5, "min": -1}},
              {"name": "q16", "shape": [1, 2], "dtype": "float32", "quantization": {"dtype": "uint16", "scale": 0.001, "min": 0.25}},
              {"name": "h", "shape": [2], "dtype": "float32", "quantization": {"dtype": "float16"}},
              {"name": "i", "shape": [2], "dtype": "int32"},
              {"name": "b", "shape": [3], "dtype": "bool"}]},
             {"paths": ["g1.bin"], "weights": [
              {"name": "qi", "shape": [2], "dtype": "int32", "quantization": {"dtype": "uint8", "scale": 0.5, "min": 0}}]}]
            """);
        var w = TfjsWeightsLoader.Load(path);
        w.Names.Should().Equal("f", "q8", "q16", "h", "i", "b", "qi");
        w["f"].ToArray().Should().Equal(1.5f, -2.25f);
        w["q8"].Shape.ToArray().Should().Equal(3, 1);
        w["q8"].ToArray().Should().Equal(-1f, 4f, 126.5f);
        w["q16"].ToArray().Should().Equal(0.25f, (float)(1000 * 0.001 + 0.25));
        w["h"].ToArray().Should().Equal(0.5f, -3f);
        w["i"].ToArray().Should().Equal(-7f, 123456f);
        w["b"].ToArray().Should().Equal(0f, 1f, 1f);
        w["qi"].ToArray().Should().Equal([2f, 2f], "1.5 and 2 round half up to 2");
    }

    [Fact]
    public void Load_ModelJsonWithWeightsManifest_IsAccepted()
    {
        using var tmp = new TempFolder();
        tmp.WriteBytes("model/w.bin", [1, 2, 3, 4]);
        string path = Manifest(tmp, """{"format": "graph-model", "weightsManifest": [{"paths": ["w.bin"], "weights": [{"name": "x", "shape": [4], "dtype": "float32", "quantization": {"dtype": "uint8", "scale": 1, "min": 0}}]}]}""", "model.json");
        TfjsWeightsLoader.Load(path)["x"].ToArray().Should().Equal(1f, 2f, 3f, 4f);
    }

    [Theory]
    [InlineData("../outside.bin", "escapes")]
    [InlineData("sub/../../outside.bin", "escapes")]
    [InlineData("..\\\\outside.bin", "escapes")]
    [InlineData("/etc/passwd", "absolute")]
    [InlineData("C:\\\\weights.bin", "absolute")]
    [InlineData("https://example.com/w.bin", "absolute")]
    [InlineData("", "empty")]
    public void Load_UnsafeShardPath_IsRejected(string shard, string problem)
    {
        using var tmp = new TempFolder();
        tmp.WriteBytes("outside.bin", [0, 0, 0, 0]);
        string path = Manifest(tmp, $$"""[{"paths": ["{{shard}}"], "weights": [{"name": "x", "shape": [1], "dtype": "float32"}]}]""");
        FluentActions.Invoking(() => TfjsWeightsLoader.Load(path)).Should().Throw<TfjsFormatException>()
            .WithMessage($"*m-weights_manifest.json: group 0*{problem}*");
    }

    [Fact]
    public void Load_ShardTooShort_NamesManifestAndWeight()
    {
        using var tmp = new TempFolder();
        tmp.WriteBytes("model/w.bin", new byte[10]);
        string path = Manifest(tmp, """[{"paths": ["w.bin"], "weights": [{"name": "a", "shape": [2], "dtype": "float32"}, {"name": "conv/bias", "shape": [2], "dtype": "float32"}]}]""");
        FluentActions.Invoking(() => TfjsWeightsLoader.Load(path)).Should().Throw<TfjsFormatException>()
            .WithMessage("*m-weights_manifest.json: group 0: weight 'conv/bias' needs bytes 8..16*hold only 10 bytes*");
    }

    [Fact]
    public void Load_ShardTooLong_IsRejected()
    {
        using var tmp = new TempFolder();
        tmp.WriteBytes("model/w.bin", new byte[9]);
        string path = Manifest(tmp, """[{"paths": ["w.bin"], "weights": [{"name": "a", "shape": [2], "dtype": "float32"}]}]""");
        FluentActions.Invoking(() => TfjsWeightsLoader.Load(path)).Should().Throw<TfjsFormatException>().WithMessage("*hold 9 bytes but the weights need 8*");
    }

    [Fact]
    public void Load_MissingShard_IsRejected()
    {
        using var tmp = new TempFolder();
        string path = Manifest(tmp, """[{"paths": ["gone.bin"], "weights": [{"name": "a", "shape": [1], "dtype": "float32"}]}]""");
        FluentActions.Invoking(() => TfjsWeightsLoader.Load(path)).Should().Throw<TfjsFormatException>().WithMessage("*shard 'gone.bin' does not exist*");
    }

    [Theory]
    [InlineData("""[{"paths": [], "weights": [{"name": "a", "shape": [1], "dtype": "float64"}]}]""", "'dtype' must be one of")]
    [InlineData("""[{"paths": [], "weights": [{"name": "a", "shape": [-1], "dtype": "float32"}]}]""", "dimension 0 is not a non-negative integer")]
    [InlineData("""[{"paths": [], "weights": [{"name": "a", "shape": [1.5], "dtype": "float32"}]}]""", "dimension 0")]
    [InlineData("""[{"paths": [], "weights": [{"name": "a", "shape": [100000, 100000], "dtype": "float32"}]}]""", "more than 2147483647 elements")]
    [InlineData("""[{"paths": [], "weights": [{"name": "a", "shape": [1], "dtype": "float32"}, {"name": "a", "shape": [1], "dtype": "float32"}]}]""", "'a' appears twice")]
    [InlineData("""[{"paths": [], "weights": [{"name": "a", "shape": [1], "dtype": "float32", "quantization": {"dtype": "uint8", "scale": 1}}]}]""", "needs finite numbers 'scale' and 'min'")]
    [InlineData("""[{"paths": [], "weights": [{"name": "a", "shape": [1], "dtype": "float32", "quantization": {"dtype": "int4", "scale": 1, "min": 0}}]}]""", "'quantization.dtype' must be one of")]
    [InlineData("""[{"paths": [], "weights": [{"name": "a", "shape": [1], "dtype": "int32", "quantization": {"dtype": "float16"}}]}]""", "float16 quantisation applies to float32")]
    [InlineData("""[{"paths": [], "weights": [{"shape": [1], "dtype": "float32"}]}]""", "'name' must be a non-empty string")]
    [InlineData("""[{"weights": []}]""", "'paths' must be an array")]
    [InlineData("""{"format": "layers-model"}""", "expected a JSON array")]
    [InlineData("""[{"paths": ["a.bin"], "weights": [""", "not valid JSON")]
    public void Load_MalformedManifest_ExplainsWhatWasExpected(string json, string problem)
    {
        using var tmp = new TempFolder();
        string path = Manifest(tmp, json);
        FluentActions.Invoking(() => TfjsWeightsLoader.Load(path)).Should().Throw<TfjsFormatException>().WithMessage($"*m-weights_manifest.json*{problem}*");
    }

    [Fact]
    public void Load_OverByteCap_FailsBeforeReadingShards()
    {
        using var tmp = new TempFolder();
        string path = Manifest(tmp, """[{"paths": ["never.bin"], "weights": [{"name": "big", "shape": [30000, 30000], "dtype": "float32"}]}]""");
        FluentActions.Invoking(() => TfjsWeightsLoader.Load(path, new TfjsLoadOptions { MaxTotalBytes = 1 << 20 })).Should().Throw<TfjsFormatException>()
            .WithMessage("*weight 'big'*1048576-byte cap*");
    }

    [Fact]
    public void Load_Int32OutsideFloatPrecision_IsRejected()
    {
        using var tmp = new TempFolder();
        var b = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(b, (1 << 24) + 1);
        tmp.WriteBytes("model/w.bin", b);
        string path = Manifest(tmp, """[{"paths": ["w.bin"], "weights": [{"name": "step", "shape": [], "dtype": "int32"}]}]""");
        FluentActions.Invoking(() => TfjsWeightsLoader.Load(path)).Should().Throw<TfjsFormatException>().WithMessage("*int32 weight 'step' holds 16777217*");
    }

    [Fact]
    public void Load_MissingManifest_IsRejected() =>
        FluentActions.Invoking(() => TfjsWeightsLoader.Load("/no/such-weights_manifest.json")).Should().Throw<TfjsFormatException>().WithMessage("*does not exist*");
}
