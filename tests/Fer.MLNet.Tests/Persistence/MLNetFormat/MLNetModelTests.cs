using Fer.MLNet.Persistence;
using Fer.MLNet.Persistence.MLNetFormat;
using Fer.MLNet.Persistence.MLNetFormat.Transformers;
using Fer.MLNet.Persistence.Zip;

namespace Fer.MLNet.Tests.Persistence.MLNetFormat;

/// <summary>The component tree on crafted archives: nesting, opaque leaves, missing or bad pieces.</summary>
public sealed class MLNetModelTests
{
    private static byte[] Chain(params MLNetTransformerScope[] scopes) => TransformerChainFormat.Encode(scopes).ToBytes();

    private static MLNetModel Load(DeterministicZipWriter zip) => MLNetModel.Load(new MemoryStream(zip.ToArray()), "crafted.zip");

    private static byte[] Unknown(string loader) =>
        new MLNetModelKey("TERMTRNF", 0x00010003, 0x00010003, loader, null, "Microsoft.ML.Data", ["x"], [0, 0, 0, 0]).ToBytes();

    [Fact]
    public void Load_NestedChains_LeavesFlattenedInOrderAndUnknownKeptOpaque()
    {
        IMLNetTransformerRecord[] image = MLNetModelWriterTests.ImageChain();
        var zip = new DeterministicZipWriter();
        zip.Add("TransformerChain/Model.key", Chain(MLNetTransformerScope.Everything, MLNetTransformerScope.Training));
        zip.Add("TransformerChain/Transform_000/Model.key", Chain(MLNetTransformerScope.Everything, MLNetTransformerScope.Scoring));
        zip.Add("TransformerChain/Transform_000/Transform_000/Model.key", image[0].ToModelKey().ToBytes());
        zip.Add("TransformerChain/Transform_000/Transform_001/Model.key", image[1].ToModelKey().ToBytes());
        zip.Add("TransformerChain/Transform_001/Model.key", Unknown("TermTransform"));
        zip.Add("TransformerChain/Transform_001/Vocabulary/Terms.txt", [65, 66]);

        MLNetModel model = Load(zip);

        var root = (MLNetChainNode)model.Root;
        root.Children.Select(c => c.Scope).Should().Equal(MLNetTransformerScope.Everything, MLNetTransformerScope.Training);
        ((MLNetChainNode)root.Children[0].Node).Children[1].Scope.Should().Be(MLNetTransformerScope.Scoring);
        model.Leaves().Select(l => l.Folder).Should().Equal(
            "TransformerChain/Transform_000/Transform_000", "TransformerChain/Transform_000/Transform_001", "TransformerChain/Transform_001");
        MLNetLeafNode unknown = model.Leaves().Last();
        unknown.LoaderSignature.Should().Be("TermTransform");
        unknown.TryGetEntry(@"Vocabulary\Terms.txt", out ReadOnlyMemory<byte> terms).Should().BeTrue();
        terms.ToArray().Should().Equal(65, 66);
        Action ensure = model.EnsureSupported;
        ensure.Should().Throw<UnsupportedTransformerException>().Which.EntryName.Should().Be("TransformerChain/Transform_001/Model.key");
        MLNetTransformerCodec.Decode(model.Leaves().First()).Should().BeOfType<ImageLoadingTransformerRecord>();
    }

    [Fact]
    public void Load_ChainChildMissing_ThrowsNamingTheEntry()
    {
        var zip = new DeterministicZipWriter();
        zip.Add("TransformerChain/Model.key", Chain(MLNetTransformerScope.Everything, MLNetTransformerScope.Everything));
        zip.Add("TransformerChain/Transform_000/Model.key", Unknown("X"));

        Action load = () => Load(zip);

        load.Should().Throw<ModelFormatException>().Which.EntryName.Should().Be("TransformerChain/Transform_001/Model.key");
    }

    [Fact]
    public void Load_ChainsNestedTooDeep_Throws()
    {
        var zip = new DeterministicZipWriter();
        string folder = "TransformerChain";
        for (int depth = 0; depth <= MLNetModel.MaxChainDepth; depth++)
        {
            zip.Add(folder + "/Model.key", Chain(MLNetTransformerScope.Everything));
            folder += "/Transform_000";
        }
        zip.Add(folder + "/Model.key", Unknown("X"));

        Action load = () => Load(zip);

        load.Should().Throw<ModelFormatException>().WithMessage("*nest deeper than 32*");
    }

    [Fact]
    public void Load_BadScopeOrCorruptModelKey_ThrowsNamingTheEntry()
    {
        var badScope = new DeterministicZipWriter();
        badScope.Add("TransformerChain/Model.key", TransformerChainFormat.Encode([(MLNetTransformerScope)9]).ToBytes());
        byte[] corrupt = Unknown("X");
        corrupt[^1] ^= 1;
        var badKey = new DeterministicZipWriter();
        badKey.Add("TransformerChain/Model.key", Chain(MLNetTransformerScope.Everything));
        badKey.Add("TransformerChain/Transform_000/Model.key", corrupt);

        Action loadScope = () => Load(badScope);
        Action loadKey = () => Load(badKey);

        loadScope.Should().Throw<ModelFormatException>().WithMessage("*scope of child 0 is 9*");
        loadKey.Should().Throw<ModelFormatException>().Which.EntryName.Should().Be("TransformerChain/Transform_000/Model.key");
    }

    [Fact]
    public void Decode_OnnxWithoutOnnxModelEntry_ThrowsNamingIt()
    {
        var zip = new DeterministicZipWriter();
        zip.Add("TransformerChain/Model.key", Chain(MLNetTransformerScope.Everything));
        zip.Add("TransformerChain/Transform_000/Model.key", MLNetModelWriterTests.ImageChain()[3].ToModelKey().ToBytes());
        MLNetModel model = Load(zip);

        Action decode = () => model.DecodeTransformers();

        decode.Should().Throw<ModelFormatException>().WithMessage("*'OnnxModel' entry beside it is missing*");
    }

    [Fact]
    public void Load_NoTransformerChain_Throws()
    {
        var zip = new DeterministicZipWriter();
        zip.Add("manifest.json", "{}"u8);

        Action load = () => Load(zip);

        load.Should().Throw<ModelFormatException>().WithMessage("*no TransformerChain/Model.key*");
    }
}
