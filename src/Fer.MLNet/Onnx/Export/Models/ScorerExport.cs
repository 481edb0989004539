using Fer.MLNet.Interop;

namespace Fer.MLNet.Onnx.Export.Models;

/// <summary>
/// How a transformer that scores images becomes an ONNX graph: the pixel column it reads and its
/// shape, and a function that adds its network to a graph whose input is the [N, C, H, W] batch.
/// Made by the functions registered in <see cref="ScorerExporters"/>.
/// </summary>
public sealed class ScorerExport
{
    /// <summary>The transformer's kind (e.g. "ExpressionClassifier"), written to the metadata.</summary>
    public required string Kind { get; init; }

    /// <summary>The [C, H, W] vector column the transformer reads.</summary>
    public required string InputColumnName { get; init; }

    /// <summary>Input channels.</summary>
    public required int Channels { get; init; }

    /// <summary>Input height.</summary>
    public required int Height { get; init; }

    /// <summary>Input width.</summary>
    public required int Width { get; init; }

    /// <summary>Class names in output order, or null.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>
    /// The preprocessing the transformer itself applies to its input (a pretrained model that reads
    /// raw pixels), or null when its input is prepared by earlier steps of the pipeline.
    /// </summary>
    public ImagePreprocessing? BuiltInPreprocessing { get; init; }

    /// <summary>More metadata_props entries (e.g. how to decode a detector's output); the exporter's own keys win.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>
    /// Adds the network: given the context and the input value [N, C, H, W], returns the outputs
    /// (the first is the main one, e.g. "Score" with its Softmax; others such as "Features").
    /// </summary>
    public required Func<ModuleExportContext, GraphValue, IReadOnlyList<ScorerOutput>> Build { get; init; }
}
