using System.Text.RegularExpressions;
using Fer.MLNet.Persistence;
using Fer.MLNet.Persistence.MLNetFormat;
using Fer.MLNet.Persistence.Zip;
using Fer.Testing;
using Xunit.Abstractions;

namespace Fer.MLNet.Tests.Persistence.MLNetFormat;

/// <summary>The component tree of every golden ML.NET zip, checked against the archive's own folder layout.</summary>
public sealed partial class MLNetModelGoldenTests(ITestOutputHelper output)
{
    [GeneratedRegex(@"^Transform_(\d{3,})$")]
    private static partial Regex ChildFolder();

    [SkippableFact]
    public void Load_EveryGoldenZip_TreeMatchesFolderLayoutOrLegacyIsNamed()
    {
        int models = 0, legacy = 0, chains = 0, leaves = 0;
        foreach (string zip in MLNetModelKeyGoldenTests.GoldenZips())
        {
            SafeZipArchive archive = SafeZipReader.Read(zip);
            if (!archive.Contains("TransformerChain/Model.key"))
            {
                Action load = () => MLNetModel.FromArchive(archive);
                load.Should().Throw<ModelFormatException>().WithMessage("*legacy ML.NET model*").Which.FileName.Should().Be(zip);
                legacy++;
                continue;
            }

            MLNetModel model = MLNetModel.FromArchive(archive);
            models++;
            foreach (MLNetNode node in All(model.Root))
            {
                // Independent oracle: the child folders that exist directly under the node's folder.
                string[] childFolders = archive.EntriesUnder(node.Folder)
                    .Select(n => n[(node.Folder.Length + 1)..].Split('/'))
                    .Where(parts => parts.Length == 2 && parts[1] == "Model.key" && ChildFolder().IsMatch(parts[0]))
                    .Select(parts => parts[0]).Distinct().Order(StringComparer.Ordinal).ToArray();
                if (node is MLNetChainNode chain)
                {
                    chains++;
                    chain.Children.Select(c => c.Node.Folder[(node.Folder.Length + 1)..]).Should().Equal(childFolders);
                    chain.Children.Should().OnlyContain(c => c.Scope == MLNetTransformerScope.Everything);
                }
                else
                {
                    leaves++;
                    var leaf = (MLNetLeafNode)node;
                    leaf.Entries.Keys.Order(StringComparer.Ordinal).Should().Equal(
                        archive.EntriesUnder(node.Folder).Where(n => n != node.EntryName).Select(n => n[(node.Folder.Length + 1)..]).Order(StringComparer.Ordinal));
                }
                node.Key.ToBytes().Should().Equal(archive.GetEntry(node.EntryName).ToArray());
            }
            model.Leaves().Should().NotBeEmpty();
        }
        output.WriteLine($"{models} transformer models ({chains} chains, {leaves} leaves), {legacy} legacy models refused by name.");
        models.Should().BeGreaterThan(5);
        legacy.Should().BeGreaterThan(5);
    }

    [SkippableFact]
    public void Load_IrisSample_NestedChainsInApplicationOrder()
    {
        string zip = Path.Combine(SharedData.Require(MLNetModelKeyGoldenTests.GoldenFolder), "IrisClassification_IrisClassificationModel.zip");

        MLNetModel model = MLNetModel.Load(zip);

        var root = model.Root.Should().BeOfType<MLNetChainNode>().Which;
        root.Children.Should().HaveCount(3);
        root.Children[1].Node.Should().BeOfType<MLNetChainNode>().Which.Children.Should().HaveCount(1);
        model.Leaves().Select(l => l.LoaderSignature).Should().Equal("TermTransform", "ConcatTransform", "MulticlassPredXfer", "KeyToValueTransform");
        model.Leaves().First().Entries.Keys.Should().BeEquivalentTo("Vocabulary/Terms.txt", "Vocabulary/Model.key");
        model.HasSchema.Should().BeTrue();
        model.VersionText.Should().Be("1.0.0.0");
    }

    [SkippableFact]
    public void EnsureSupported_GoldenZip_ThrowsNamingLoaderSignatureAndEntry()
    {
        string zip = Path.Combine(SharedData.Require(MLNetModelKeyGoldenTests.GoldenFolder), "IrisClassification_IrisClassificationModel.zip");
        MLNetModel model = MLNetModel.Load(zip);

        Action ensure = model.EnsureSupported;
        Action decode = () => model.DecodeTransformers();

        var ex = ensure.Should().Throw<UnsupportedTransformerException>().Which;
        ex.LoaderSignature.Should().Be("TermTransform");
        ex.EntryName.Should().Be("TransformerChain/Transform_000/Model.key");
        ex.Message.Should().Contain("'TermTransform' is not supported").And.Contain("OnnxTransform");
        decode.Should().Throw<UnsupportedTransformerException>();
    }

    private static IEnumerable<MLNetNode> All(MLNetNode node)
    {
        yield return node;
        if (node is MLNetChainNode chain)
        {
            foreach (MLNetNode inner in chain.Children.SelectMany(c => All(c.Node)))
                yield return inner;
        }
    }
}
