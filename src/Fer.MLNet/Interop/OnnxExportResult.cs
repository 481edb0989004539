namespace Fer.MLNet.Interop;

/// <summary>An exported ONNX model and what it expects and produces.</summary>
public sealed class OnnxExportResult
{
    internal OnnxExportResult(byte[] model, string kind, string inputName, int[] inputShape, IReadOnlyList<string> outputNames,
        ImagePreprocessing? preprocessing, IReadOnlyList<string>? classNames, IReadOnlyDictionary<string, string> metadata)
    {
        Model = model;
        Kind = kind;
        InputName = inputName;
        InputShape = inputShape;
        OutputNames = outputNames;
        Preprocessing = preprocessing;
        ClassNames = classNames;
        Metadata = metadata;
    }

    /// <summary>The serialised ONNX model.</summary>
    public byte[] Model { get; }

    /// <summary>The kind of the exported transformer (e.g. "ExpressionClassifier").</summary>
    public string Kind { get; }

    /// <summary>The graph input's name.</summary>
    public string InputName { get; }

    /// <summary>The graph input's shape, -1 for the batch N.</summary>
    public IReadOnlyList<int> InputShape { get; }

    /// <summary>The graph outputs, main one first (e.g. "Score", "Features").</summary>
    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>How images must be prepared, or null when the pipeline does not say.</summary>
    public ImagePreprocessing? Preprocessing { get; }

    /// <summary>Class names of the main output, or null.</summary>
    public IReadOnlyList<string>? ClassNames { get; }

    /// <summary>The metadata_props written.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }
}
