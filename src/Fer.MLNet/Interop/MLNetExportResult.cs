using Fer.MLNet.Persistence.MLNetFormat.Transformers;

namespace Fer.MLNet.Interop;

/// <summary>An ML.NET model zip written by <see cref="MLNetModelExporter"/>: its bytes, its transformers and the ONNX model inside.</summary>
public sealed class MLNetExportResult
{
    internal MLNetExportResult(byte[] zip, IReadOnlyList<IMLNetTransformerRecord> transformers, OnnxExportResult onnx)
    {
        Zip = zip;
        Transformers = transformers;
        Onnx = onnx;
    }

    /// <summary>The zip's bytes.</summary>
    public byte[] Zip { get; }

    /// <summary>The chain: image loading, resizing, pixel extraction, ONNX scoring.</summary>
    public IReadOnlyList<IMLNetTransformerRecord> Transformers { get; }

    /// <summary>The embedded ONNX model (its input takes the pixel extractor's output; the normalisation the extractor cannot do is in the graph).</summary>
    public OnnxExportResult Onnx { get; }
}
