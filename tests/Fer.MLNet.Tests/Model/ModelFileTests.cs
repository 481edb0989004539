using System.Text;
using System.Text.Json.Nodes;
using Fer.MLNet.Data;
using Fer.MLNet.Model;
using Fer.MLNet.Persistence;
using Fer.MLNet.Pipeline;
using Fer.MLNet.Tests.Persistence.Zip;
using Fer.MLNet.Tests.Support;
using Fer.MLNet.Transforms;

namespace Fer.MLNet.Tests.Model;

/// <summary>Model zips: round trips, and every kind of bad archive refused with a message that names the problem.</summary>
public sealed class ModelFileTests
{
    private static readonly DataViewSchema InputSchema = new DataViewSchema.Builder()
        .AddColumn("Path", TextDataViewType.Instance)
        .AddColumn("Extra", new VectorDataViewType(3))
        .ToSchema();

    /// <summary>LoadImages, ResizeImages, ExtractPixels and a transformer with weights (index 3).</summary>
    private static TransformerChain<ITransformer> Chain()
    {
        ScaleTransformer.EnsureRegistered();
        return new TransformerChain<ITransformer>(
            new ImageLoadingTransformer(new() { OutputColumnName = "Image" }),
            new ImageResizingTransformer(new() { OutputColumnName = "Image", ImageWidth = 8, ImageHeight = 6 }),
            new ImagePixelExtractingTransformer(new() { OutputColumnName = "Pixels", InputColumnName = "Image" }),
            new ScaleTransformer("Extra", [1f, 2f, 0.5f]));
    }

    private static ModelZip Valid() => new(ModelFile.Serialize(Chain(), InputSchema));

    private static ModelFormatException Rejects(byte[] zip)
    {
        Action load = () => ModelFile.Load(new MemoryStream(zip), out _, "model.zip");
        var e = load.Should().Throw<ModelFormatException>().Which;
        e.FileName.Should().Be("model.zip");
        e.Message.Should().StartWith("'model.zip'");
        return e;
    }

    private static byte[] WithManifest(Action<JsonObject> edit)
    {
        var zip = Valid();
        JsonObject manifest = zip.Manifest;
        edit(manifest);
        zip.Manifest = manifest;
        return zip.Pack();
    }

    [Fact]
    public void SaveLoad_File_RoundTripsSchemaAndChain()
    {
        string folder = Directory.CreateTempSubdirectory("fer-model-").FullName;
        try
        {
            string path = Path.Combine(folder, "model.zip");
            ModelFile.Save(Chain(), InputSchema, path);

            var loaded = ModelFile.Load(path, out DataViewSchema schema);

            Directory.GetFiles(folder).Should().Equal([path], "the atomic writer leaves no temporary file");
            SchemaAssert.Equal(InputSchema, schema, "saved input schema");
            loaded.Select(t => ((IPersistentTransformer)t).Kind).Should().Equal("LoadImages", "ResizeImages", "ExtractPixels", ScaleTransformer.KindName);
            ((ScaleTransformer)loaded[3]).Scale.Should().Equal(1f, 2f, 0.5f);
            SchemaAssert.Equal(Chain().GetOutputSchema(InputSchema), loaded.GetOutputSchema(schema), "output schema");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void SaveLoad_InputSchemaAnnotations_AreKept()
    {
        var schema = new DataViewSchema.Builder()
            .AddColumn("Label", NumberDataViewType.Int32, new DataViewAnnotations { KeyValues = ["neutral", "happiness"] })
            .AddColumn("Score", new VectorDataViewType(2), new DataViewAnnotations { SlotNames = ["a", "b"] })
            .ToSchema();
        var model = new TransformerChain<ITransformer>(new KeyToValueMappingTransformer(new() { OutputColumnName = "Name", InputColumnName = "Label" }, ["neutral", "happiness"]));

        ModelFile.Load(new MemoryStream(ModelFile.Serialize(model, schema)), out DataViewSchema loaded);

        SchemaAssert.Equal(schema, loaded, "annotations in the saved input schema");
    }

    [Fact]
    public void Save_StepThatCannotBeSaved_ThrowsNamingStep()
    {
        var model = new TransformerChain<ITransformer>(new ImageLoadingTransformer(new()), new NotPersistent());

        Action save = () => ModelFile.Serialize(model, InputSchema);

        save.Should().Throw<ArgumentException>().WithMessage("Step 1 of the model (NotPersistent) cannot be saved*");
    }

    [Fact]
    public void Load_TruncatedZip_Refused()
    {
        byte[] zip = Valid().Pack();

        Rejects(zip[..(zip.Length / 2)]).Message.Should().Contain("no end-of-central-directory record");
        Rejects(zip[..10]).Message.Should().Contain("not a zip archive");
    }

    [Fact]
    public void Load_BitFlipInStoredManifest_CrcError()
    {
        var model = Valid();
        byte[] zip = model.Pack("manifest.json");
        // Entries are written in order; the manifest (last) starts right after its 30-byte local header and name.
        int offset = model.Entries.TakeWhile(e => e.Name != "manifest.json").Sum(e => 30 + e.Name.Length + CraftedZip.DeflateBytes(e.Content).Length)
            + 30 + "manifest.json".Length + 20;
        zip[offset] ^= 0x04;

        var e = Rejects(zip);

        e.EntryName.Should().Be("manifest.json");
        e.Message.Should().Contain("CRC-32 mismatch");
    }

    [Fact]
    public void Load_BitFlipInDeflatedManifest_Refused()
    {
        var model = Valid();
        byte[] zip = model.Pack();
        int offset = model.Entries.TakeWhile(e => e.Name != "manifest.json").Sum(e => 30 + e.Name.Length + CraftedZip.DeflateBytes(e.Content).Length)
            + 30 + "manifest.json".Length + 40;
        zip[offset] ^= 0x10;

        var e = Rejects(zip);

        e.EntryName.Should().Be("manifest.json");
        e.Message.Should().MatchRegex("CRC-32 mismatch|deflate data is corrupt|inflates to");
    }

    [Fact]
    public void Load_UnknownKind_RefusedListingKnownKinds()
    {
        byte[] zip = WithManifest(m => m["transformers"]![1]!["kind"] = "System.Diagnostics.Process");

        var e = Rejects(zip);

        e.Message.Should().Contain("transformer 1 has unknown kind 'System.Diagnostics.Process'").And.Contain("Known kinds:").And.Contain("ResizeImages");
    }

    [Fact]
    public void Load_WeightOfOtherShape_RefusedNamingWeightAndShapes()
    {
        var zip = Valid();
        zip.Set("transformer_003.safetensors", Fer.Tensors.Serialization.SafeTensorsFile.Serialize(
            new Dictionary<string, Fer.Tensors.Tensor> { ["scale"] = Fer.Tensors.Tensor.FromArray([1f, 2f, 3f, 4f], 4) }));

        var e = Rejects(zip.Pack());

        e.Message.Should().Contain("transformer 3 (Test.Scale) cannot be rebuilt").And.Contain("Weight 'scale' has shape [4]; expected [3]");
    }

    [Fact]
    public void Load_CorruptWeightsEntry_RefusedNamingEntry()
    {
        var zip = Valid();
        byte[] weights = zip.Get("transformer_003.safetensors");
        zip.Set("transformer_003.safetensors", weights[..^2]);

        var e = Rejects(zip.Pack());

        e.EntryName.Should().Be("transformer_003.safetensors");
        e.Message.Should().Contain("weights of transformer 3 (Test.Scale) are invalid");
    }

    [Fact]
    public void Load_MissingWeightsEntry_Refused()
    {
        var e = Rejects(Valid().Remove("transformer_003.safetensors").Pack());

        e.Message.Should().Contain("transformer 3's weights entry is missing");
    }

    [Fact]
    public void Load_WeightsNamedForAnotherStep_Refused()
    {
        byte[] zip = WithManifest(m => m["transformers"]![3]!["weights"] = "transformer_002.safetensors");

        Rejects(zip).Message.Should().Contain("transformer 3 names weights '\"transformer_002.safetensors\"'; expected 'transformer_003.safetensors'");
    }

    [Theory]
    [InlineData("../transformer_003.safetensors", "'..'")]
    [InlineData("/manifest.json", "absolute")]
    [InlineData(@"..\..\evil.dll", "'..'")]
    [InlineData("C:/Windows/evil.dll", "':'")]
    public void Load_ZipSlipEntryName_Refused(string name, string problem)
    {
        var e = Rejects(Valid().Set(name, [1, 2, 3]).Pack());

        e.Message.Should().Contain(problem);
    }

    [Fact]
    public void Load_UnlistedExtraEntry_Refused()
    {
        var e = Rejects(Valid().Set("notes.txt", Encoding.UTF8.GetBytes("hello")).Pack());

        e.EntryName.Should().Be("notes.txt");
        e.Message.Should().Contain("not one this loader accepts");
    }

    [Fact]
    public void Load_UnreferencedWeightsEntry_Refused()
    {
        var e = Rejects(Valid().Set("transformer_007.safetensors", Valid().Get("transformer_003.safetensors")).Pack());

        e.EntryName.Should().Be("transformer_007.safetensors");
        e.Message.Should().Contain("not referenced by the manifest");
    }

    [Fact]
    public void Load_DeflateBombManifest_RefusedBeforeInflating()
    {
        // 64 MiB of JSON whitespace after the manifest: valid JSON, deflates about 1000 to 1.
        var zip = Valid();
        byte[] manifest = zip.Get("manifest.json");
        byte[] bomb = new byte[manifest.Length + (64 << 20)];
        manifest.CopyTo(bomb, 0);
        bomb.AsSpan(manifest.Length).Fill((byte)' ');

        var e = Rejects(zip.Set("manifest.json", bomb).Pack());

        e.EntryName.Should().Be("manifest.json");
        e.Message.Should().Contain("compression-ratio cap");
    }

    [Fact]
    public void Load_EntryInflatingPastDeclaredSize_Refused()
    {
        var model = Valid();
        var zip = new CraftedZip();
        foreach (var (name, content) in model.Entries)
            zip.Add(name == "manifest.json" ? new CraftedZip.Entry { Name = name, Content = content, DeclaredSize = 100 } : new CraftedZip.Entry { Name = name, Content = content });

        Rejects(zip.ToArray()).Message.Should().Contain("inflates to more than the 100 bytes it declares");
    }

    [Fact]
    public void Load_OversizedManifest_RefusedNamingCap()
    {
        var zip = Valid();
        byte[] manifest = zip.Get("manifest.json");
        byte[] big = new byte[5 << 20];
        big.AsSpan().Fill((byte)' ');
        manifest.CopyTo(big, 0);

        var e = Rejects(zip.Set("manifest.json", big).Pack("manifest.json"));

        e.Message.Should().Contain($"manifest.json is {5 << 20} bytes; at most {4 << 20} are accepted");
    }

    [Fact]
    public void Load_MissingManifest_Refused()
    {
        var e = Rejects(Valid().Remove("manifest.json").Pack());

        e.Message.Should().Contain("no manifest.json");
    }

    [Theory]
    [InlineData("2", "format version 2 is not supported")]
    [InlineData("0", "format version 0 is not supported")]
    [InlineData("1.5", "format version 1.5 is not supported")]
    [InlineData("1e30", "format version 1e30 is not supported")]
    [InlineData("\"1\"", "format version \"1\" is not supported")]
    public void Load_OtherFormatVersion_Refused(string version, string message)
    {
        byte[] zip = WithManifest(m => m["formatVersion"] = JsonNode.Parse(version));

        Rejects(zip).Message.Should().Contain(message).And.Contain($"reads version {ModelFile.FormatVersion}");
    }

    [Fact]
    public void Load_MissingFormatVersion_Refused()
    {
        Rejects(WithManifest(m => m.Remove("formatVersion"))).Message.Should().Contain("format version (missing) is not supported");
    }

    [Fact]
    public void Load_OtherFormatName_Refused()
    {
        Rejects(WithManifest(m => m["format"] = "onnx")).Message.Should().Contain("does not declare format 'fermlnet-model'");
    }

    [Fact]
    public void Load_ManifestNotJson_Refused()
    {
        Rejects(Valid().Set("manifest.json", Encoding.UTF8.GetBytes("{\"format\": ")).Pack()).Message.Should().Contain("manifest.json is not valid JSON");
        Rejects(Valid().Set("manifest.json", Encoding.UTF8.GetBytes("[1, 2]")).Pack()).Message.Should().Contain("not a JSON object");
    }

    [Theory]
    [InlineData("Tensor<Half>", "Unknown column type 'Tensor<Half>'")]
    [InlineData("Vector<Single, 99999999999>", "is invalid")]
    [InlineData("Vector<Single, 100000, 100000>", "is invalid")]
    [InlineData("Vector<Single, 0>", "is invalid")]
    public void Load_BadInputSchemaType_Refused(string type, string message)
    {
        byte[] zip = WithManifest(m => m["inputSchema"]![0]!["type"] = type);

        Rejects(zip).Message.Should().Contain("inputSchema entry").And.Contain(message);
    }

    [Fact]
    public void Load_InputSchemaEntryNotObject_Refused()
    {
        Rejects(WithManifest(m => m["inputSchema"]![0] = 5)).Message.Should().Contain("inputSchema entry 5 is invalid");
    }

    [Theory]
    [InlineData("imageWidth", "\"wide\"", "Option 'imageWidth' is not a Int32")]
    [InlineData("imageWidth", "0", "ImageWidth")]
    [InlineData("imageWidth", "1e12", "Option 'imageWidth' is not a Int32")]
    [InlineData("padColor", "300", "Option 'padColor' is not a Byte")]
    [InlineData("interpolation", "\"Bicubic\"", "Option 'interpolation' is 'Bicubic'; expected one of Bilinear, Area, Nearest")]
    [InlineData("interpolation", "1", "Option 'interpolation' is not a String")]
    public void Load_BadOption_RefusedNamingStepAndOption(string option, string json, string message)
    {
        byte[] zip = WithManifest(m => m["transformers"]![1]!["options"]![option] = JsonNode.Parse(json));

        Rejects(zip).Message.Should().Contain("transformer 1 (ResizeImages) cannot be rebuilt").And.Contain(message);
    }

    [Fact]
    public void Load_OptionArrayWithWrongElement_RefusedNamingElement()
    {
        byte[] zip = WithManifest(m => m["transformers"]![2]!["options"]!["mean"] = JsonNode.Parse("[0.5, null, \"x\"]"));

        Rejects(zip).Message.Should().Contain("transformer 2 (ExtractPixels) cannot be rebuilt").And.Contain("Option 'mean' element 1 is not a number");
    }

    [Fact]
    public void Load_ChainThatRefusesItsOwnSchema_Refused()
    {
        byte[] zip = WithManifest(m => m["inputSchema"]![0]!["type"] = "Int32");

        Rejects(zip).Message.Should().Contain("does not accept its own input schema").And.Contain("'Path'");
    }

    [Fact]
    public void Load_TransformerEntryWithoutKind_Refused()
    {
        Rejects(WithManifest(m => m["transformers"]![0] = new JsonObject { ["options"] = new JsonObject() }))
            .Message.Should().Contain("transformer 0 needs a string 'kind' and an object 'options'");
    }

    private sealed class NotPersistent : ITransformer
    {
        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => inputSchema;

        public IDataView Transform(IDataView input) => input;
    }
}
