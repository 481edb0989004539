namespace Fer.MLNet.Persistence.MLNetFormat.Transformers;

/// <summary>
/// Turns leaves of an ML.NET model into typed transformer records, for the transformers we can run:
/// ImageLoaderTransform, ImageScalerTransform, ImagePixelExtractor and OnnxTransform.
/// </summary>
public static class MLNetTransformerCodec
{
    /// <summary>The loader signatures that decode to records (plus TransformerChain, which nests them).</summary>
    public static IReadOnlyList<string> SupportedLoaderSignatures { get; } =
    [
        ImageLoadingTransformerRecord.Loader,
        ImageResizingTransformerRecord.Loader,
        ImagePixelExtractingTransformerRecord.Loader,
        OnnxTransformerRecord.Loader,
    ];

    /// <summary>True when <paramref name="loaderSignature"/> decodes to a record.</summary>
    public static bool IsSupported(string loaderSignature) => SupportedLoaderSignatures.Contains(loaderSignature, StringComparer.Ordinal);

    /// <summary>Decodes <paramref name="leaf"/> into its record.</summary>
    /// <exception cref="UnsupportedTransformerException">The leaf's loader signature is not supported (the message names it).</exception>
    /// <exception cref="ModelFormatException">The leaf is a supported transformer with a bad body or sibling entry.</exception>
    public static IMLNetTransformerRecord Decode(MLNetLeafNode leaf)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        MLNetModelKey key = leaf.Key;
        string file = leaf.SourceName, entry = leaf.EntryName;
        switch (leaf.LoaderSignature)
        {
            case ImageLoadingTransformerRecord.Loader:
                return ImageLoadingTransformerRecord.Decode(key, file, entry);
            case ImageResizingTransformerRecord.Loader:
                return ImageResizingTransformerRecord.Decode(key, file, entry);
            case ImagePixelExtractingTransformerRecord.Loader:
                return ImagePixelExtractingTransformerRecord.Decode(key, file, entry);
            case OnnxTransformerRecord.Loader:
                if (!leaf.TryGetEntry(OnnxTransformerRecord.ModelEntryName, out ReadOnlyMemory<byte> onnx))
                    throw new ModelFormatException($"{OnnxTransformerRecord.Loader}: the '{OnnxTransformerRecord.ModelEntryName}' entry beside it is missing.", file, entry);
                return OnnxTransformerRecord.Decode(key, onnx.Span, file, entry);
            default:
                throw Unsupported(leaf);
        }
    }

    internal static UnsupportedTransformerException Unsupported(MLNetNode node) =>
        new(node.LoaderSignature, node.SourceName, node.EntryName, SupportedLoaderSignatures.Append(TransformerChainFormat.LoaderSignature));
}
