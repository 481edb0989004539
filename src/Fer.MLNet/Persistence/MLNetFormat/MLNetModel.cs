using System.Text;
using Fer.MLNet.Persistence.MLNetFormat.Transformers;
using Fer.MLNet.Persistence.Zip;

namespace Fer.MLNet.Persistence.MLNetFormat;

/// <summary>
/// An ML.NET model zip (what <c>mlContext.Model.Save</c> writes) read without ML.NET: the archive
/// is read through <see cref="SafeZipReader"/>, <c>TransformerChain/Model.key</c> is parsed, and
/// chains are walked recursively through their <c>Transform_NNN</c> folders into a tree of
/// <see cref="MLNetChainNode"/> and <see cref="MLNetLeafNode"/>. Every component is kept, known or
/// not; <see cref="EnsureSupported"/> and <see cref="DecodeTransformers"/> are for running it.
/// </summary>
public sealed class MLNetModel
{
    /// <summary>The folder of the root component.</summary>
    public const string RootFolder = "TransformerChain";

    /// <summary>Deepest nesting of chains accepted.</summary>
    public const int MaxChainDepth = 32;

    private MLNetModel(SafeZipArchive archive, MLNetNode root)
    {
        Archive = archive;
        Root = root;
    }

    /// <summary>The archive the model was read from.</summary>
    public SafeZipArchive Archive { get; }

    /// <summary>The archive's path or display name.</summary>
    public string SourceName => Archive.SourceName;

    /// <summary>The root component (usually a chain).</summary>
    public MLNetNode Root { get; }

    /// <summary>The text of <c>TrainingInfo/Version.txt</c> (ML.NET's version, never read by ML.NET), or null.</summary>
    public string? VersionText =>
        Archive.TryGetEntry("TrainingInfo/Version.txt", out ReadOnlyMemory<byte> v) ? Encoding.UTF8.GetString(v.Span).TrimEnd('\r', '\n') : null;

    /// <summary>True when the zip holds the input schema entry <c>Schema</c> (a binary IDV we do not decode).</summary>
    public bool HasSchema => Archive.Contains("Schema");

    /// <summary>Reads the model zip at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModelFormatException">The archive or a Model.key is bad, or the zip has no TransformerChain.</exception>
    public static MLNetModel Load(string path, SafeZipReaderOptions? options = null) => FromArchive(SafeZipReader.Read(path, options));

    /// <summary>Reads a model zip from <paramref name="stream"/>; <paramref name="sourceName"/> labels messages.</summary>
    /// <exception cref="ModelFormatException">The archive or a Model.key is bad, or the zip has no TransformerChain.</exception>
    public static MLNetModel Load(Stream stream, string sourceName, SafeZipReaderOptions? options = null) =>
        FromArchive(SafeZipReader.Read(stream, sourceName, options));

    /// <summary>Builds the component tree of an archive already read.</summary>
    /// <exception cref="ModelFormatException">A Model.key is bad, a chain's child is missing, chains nest too deep, or there is no TransformerChain.</exception>
    public static MLNetModel FromArchive(SafeZipArchive archive)
    {
        ArgumentNullException.ThrowIfNull(archive);
        if (!archive.Contains(RootFolder + "/Model.key"))
        {
            string hint = archive.Contains("DataLoaderModel/Model.key") || archive.Contains("Predictor/Model.key")
                ? " It is a legacy ML.NET model (DataLoaderModel/Predictor layout), which is not supported."
                : "";
            throw new ModelFormatException($"no {RootFolder}/Model.key: not an ML.NET transformer model.{hint}", archive.SourceName, null);
        }
        return new MLNetModel(archive, ReadNode(archive, RootFolder, 0));
    }

    /// <summary>The non-chain components in the order ML.NET applies them (nested chains flattened).</summary>
    public IEnumerable<MLNetLeafNode> Leaves() => Flatten(Root);

    /// <summary>
    /// Throws unless every component is a chain or a transformer we can run (see
    /// <see cref="MLNetTransformerCodec.SupportedLoaderSignatures"/>).
    /// </summary>
    /// <exception cref="UnsupportedTransformerException">The first unsupported component, named by loader signature and entry.</exception>
    public void EnsureSupported()
    {
        foreach (MLNetLeafNode leaf in Leaves())
        {
            if (!MLNetTransformerCodec.IsSupported(leaf.LoaderSignature))
                throw MLNetTransformerCodec.Unsupported(leaf);
        }
    }

    /// <summary>Decodes every component into its record, in the order ML.NET applies them.</summary>
    /// <exception cref="UnsupportedTransformerException">A component cannot be run.</exception>
    /// <exception cref="ModelFormatException">A supported component has a bad body or sibling entry.</exception>
    public IReadOnlyList<IMLNetTransformerRecord> DecodeTransformers()
    {
        EnsureSupported();
        return Leaves().Select(MLNetTransformerCodec.Decode).ToArray();
    }

    private static IEnumerable<MLNetLeafNode> Flatten(MLNetNode node)
    {
        if (node is MLNetLeafNode leaf)
        {
            yield return leaf;
            yield break;
        }
        foreach (MLNetChainChild child in ((MLNetChainNode)node).Children)
        {
            foreach (MLNetLeafNode inner in Flatten(child.Node))
                yield return inner;
        }
    }

    private static MLNetNode ReadNode(SafeZipArchive archive, string folder, int depth)
    {
        string entry = folder + "/Model.key";
        if (!archive.TryGetEntry(entry, out ReadOnlyMemory<byte> bytes))
            throw new ModelFormatException("the chain's child has no Model.key.", archive.SourceName, entry);
        MLNetModelKey key = MLNetModelKey.Parse(bytes.Span, archive.SourceName, entry);

        if (key.LoaderSignature != TransformerChainFormat.LoaderSignature)
        {
            var entries = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
            foreach (string name in archive.EntriesUnder(folder))
            {
                if (name != entry) entries.Add(name[(folder.Length + 1)..], archive.GetEntry(name));
            }
            return new MLNetLeafNode(archive.SourceName, folder, key, entries);
        }

        if (depth >= MaxChainDepth)
            throw new ModelFormatException($"transformer chains nest deeper than {MaxChainDepth} levels.", archive.SourceName, entry);
        MLNetTransformerScope[] scopes = TransformerChainFormat.Decode(key, archive.SourceName, entry);
        var children = new MLNetChainChild[scopes.Length];
        for (int i = 0; i < scopes.Length; i++)
        {
            MLNetNode child = ReadNode(archive, folder + "/" + TransformerChainFormat.ChildFolder(i), depth + 1);
            children[i] = new MLNetChainChild(scopes[i], child);
        }
        return new MLNetChainNode(archive.SourceName, folder, key, children);
    }
}
