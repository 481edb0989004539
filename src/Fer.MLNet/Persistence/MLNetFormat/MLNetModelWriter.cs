using System.Text;
using Fer.MLNet.Persistence.MLNetFormat.Transformers;
using Fer.MLNet.Persistence.Zip;

namespace Fer.MLNet.Persistence.MLNetFormat;

/// <summary>
/// Writes an ML.NET model zip that <c>mlContext.Model.Load</c> accepts: <c>TrainingInfo/Version.txt</c>,
/// <c>TransformerChain/Model.key</c> (a chain, every child with scope Everything) and per transformer
/// <c>TransformerChain/Transform_NNN/Model.key</c> plus its sibling entries (e.g. <c>OnnxModel</c>).
/// Entries use '/' and deflate; the bytes depend only on the input (fixed timestamps). No
/// <c>Schema</c> entry is written, so ML.NET's Load reports a null input schema.
/// </summary>
/// <remarks>
/// The typical chain is ImageLoadingTransformer, ImageResizingTransformer,
/// ImagePixelExtractingTransformer, OnnxTransformer; the consuming app references
/// Microsoft.ML.ImageAnalytics and Microsoft.ML.OnnxTransformer, whose loaders ML.NET finds by the
/// assembly names written in each Model.key.
/// </remarks>
public static class MLNetModelWriter
{
    /// <summary>The default first line of <c>TrainingInfo/Version.txt</c> (ML.NET never reads it).</summary>
    public static string DefaultVersionText { get; } = $"FerMLNet {typeof(MLNetModelWriter).Assembly.GetName().Version}";

    /// <summary>Returns the bytes of a model zip holding <paramref name="transformers"/> as one chain, in order.</summary>
    /// <param name="transformers">The transformers, applied in this order.</param>
    /// <param name="versionText">The text of TrainingInfo/Version.txt; null for <see cref="DefaultVersionText"/>.</param>
    /// <exception cref="ArgumentException">No transformer, or a null one.</exception>
    public static byte[] Write(IEnumerable<IMLNetTransformerRecord> transformers, string? versionText = null)
    {
        ArgumentNullException.ThrowIfNull(transformers);
        IMLNetTransformerRecord[] all = transformers.ToArray();
        if (all.Length == 0) throw new ArgumentException("at least one transformer is needed.", nameof(transformers));
        foreach (IMLNetTransformerRecord t in all) ArgumentNullException.ThrowIfNull(t, nameof(transformers));

        var zip = new DeterministicZipWriter();
        zip.Add("TrainingInfo/Version.txt", Encoding.UTF8.GetBytes((versionText ?? DefaultVersionText) + "\r\n"));
        // Children before their chain, siblings before their Model.key: the order ML.NET's writer leaves.
        for (int i = 0; i < all.Length; i++)
        {
            string folder = MLNetModel.RootFolder + "/" + TransformerChainFormat.ChildFolder(i);
            foreach (KeyValuePair<string, byte[]> sibling in all[i].ToSiblingEntries())
            {
                if (sibling.Key == "Model.key")
                    throw new ArgumentException($"transformer {i} ({all[i].LoaderSignature}) has a sibling entry named Model.key.", nameof(transformers));
                zip.Add(folder + "/" + sibling.Key, sibling.Value);
            }
            zip.Add(folder + "/Model.key", all[i].ToModelKey().ToBytes());
        }
        MLNetTransformerScope[] scopes = Enumerable.Repeat(MLNetTransformerScope.Everything, all.Length).ToArray();
        zip.Add(MLNetModel.RootFolder + "/Model.key", TransformerChainFormat.Encode(scopes).ToBytes());
        return zip.ToArray();
    }

    /// <summary>
    /// Writes the model zip to <paramref name="path"/> atomically (temporary file in the same folder,
    /// then rename), so no partial model file ever exists.
    /// </summary>
    /// <exception cref="ArgumentException">No transformer, or a null one.</exception>
    /// <exception cref="DirectoryNotFoundException">The target folder does not exist.</exception>
    public static void Save(string path, IEnumerable<IMLNetTransformerRecord> transformers, string? versionText = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = Write(transformers, versionText);
        AtomicFile.WriteAllBytes(path, bytes);
    }
}
