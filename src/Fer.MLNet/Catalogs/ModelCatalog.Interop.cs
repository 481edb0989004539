using Fer.MLNet.Data;
using Fer.MLNet.Interop;
using Fer.MLNet.Pipeline;

namespace Fer.MLNet.Catalogs;

/// <summary>ONNX export and ML.NET model zips (see docs/interop.md).</summary>
public sealed partial class ModelCatalog
{
    /// <summary>
    /// Exports the scoring transformer of <paramref name="model"/> (a classifier, feature extractor,
    /// multi-task or pretrained face model) to an ONNX file at <paramref name="path"/>: input "input"
    /// [N, C, H, W], outputs such as "Score" (probabilities) and "Features", batch norm folded, opset 13,
    /// the preprocessing and class names in metadata_props.
    /// </summary>
    /// <exception cref="ArgumentException">The model does not accept <paramref name="inputSchema"/> or has no exportable step (the message lists its steps).</exception>
    /// <exception cref="NotSupportedException">A module of the network has no ONNX exporter.</exception>
    public OnnxExportResult ExportToOnnx(ITransformer model, DataViewSchema inputSchema, string path, OnnxExportOptions? options = null)
    {
        OnnxExportResult result = OnnxModelExporter.Export(model, inputSchema, path, options);
        context.WriteLog("Model", $"exported {result.Kind} to ONNX {path} ({result.Model.Length} bytes)");
        return result;
    }

    /// <summary>Exports to ONNX and writes the model to <paramref name="stream"/>.</summary>
    /// <exception cref="ArgumentException">The model cannot be exported.</exception>
    public OnnxExportResult ExportToOnnx(ITransformer model, DataViewSchema inputSchema, Stream stream, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        OnnxExportResult result = OnnxModelExporter.Export(model, inputSchema, options);
        stream.Write(result.Model);
        return result;
    }

    /// <summary>
    /// Exports the pretrained face detector (face-api's TinyFaceDetector) to an ONNX file at <paramref name="path"/>:
    /// input "input" [N, 3, S, S], output "Grid" [N, 25, S / 32, S / 32] (raw box values; the preprocessing,
    /// anchors and decoding are in metadata_props). <paramref name="inputSize"/>: a multiple of 32 (default 416).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inputSize"/> is not a positive multiple of 32.</exception>
    public OnnxExportResult ExportFaceDetectorToOnnx(string path, int inputSize = 416, OnnxExportOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        OnnxExportResult result = OnnxModelExporter.ExportFaceDetector(inputSize, options);
        Persistence.Zip.AtomicFile.WriteAllBytes(path, result.Model);
        context.WriteLog("Model", $"exported the face detector ({inputSize}x{inputSize}) to ONNX {path} ({result.Model.Length} bytes)");
        return result;
    }

    /// <summary>
    /// Writes <paramref name="model"/> as an ML.NET model zip at <paramref name="path"/> (ImageLoading →
    /// ImageResizing → ImagePixelExtracting → OnnxTransformer with the exported network), which an ML.NET
    /// app loads with <c>mlContext.Model.Load</c> and runs on a column of image paths.
    /// </summary>
    /// <exception cref="ArgumentException">The model cannot be exported, or its preprocessing is unknown.</exception>
    public MLNetExportResult ExportToMLNet(ITransformer model, DataViewSchema inputSchema, string path, MLNetExportOptions? options = null)
    {
        MLNetExportResult result = MLNetModelExporter.Export(model, inputSchema, path, options);
        context.WriteLog("Model", $"exported {result.Onnx.Kind} as an ML.NET model zip {path} ({result.Zip.Length} bytes)");
        return result;
    }

    /// <summary>Loads an ML.NET model zip of image and ONNX transformers and runs it on our engine; <paramref name="inputSchema"/> receives the columns it needs.</summary>
    /// <exception cref="Persistence.ModelFormatException">The zip or its ONNX model is invalid.</exception>
    /// <exception cref="Persistence.MLNetFormat.UnsupportedTransformerException">It holds a transformer we cannot run (named by its loader signature).</exception>
    public TransformerChain<ITransformer> LoadMLNet(string path, out DataViewSchema inputSchema) => MLNetModelImporter.Load(path, out inputSchema);

    /// <summary>Loads an ML.NET model zip (see <see cref="LoadMLNet(string, out DataViewSchema)"/>).</summary>
    public TransformerChain<ITransformer> LoadMLNet(string path) => MLNetModelImporter.Load(path, out _);

    /// <summary>Loads an ML.NET model zip from a stream; <paramref name="sourceName"/> labels messages.</summary>
    public TransformerChain<ITransformer> LoadMLNet(Stream stream, string sourceName, out DataViewSchema inputSchema) => MLNetModelImporter.Load(stream, sourceName, out inputSchema);
}
