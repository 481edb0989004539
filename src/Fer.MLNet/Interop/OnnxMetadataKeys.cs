namespace Fer.MLNet.Interop;

/// <summary>The metadata_props keys FerMLNet writes into exported ONNX models (values are plain text or JSON).</summary>
public static class OnnxMetadataKeys
{
    /// <summary>The exported transformer's kind, e.g. "ExpressionClassifier".</summary>
    public const string ModelKind = "model_kind";

    /// <summary>"NCHW": the input is a batch of planar images.</summary>
    public const string InputLayout = "input_layout";

    /// <summary>The input's shape as a JSON array, -1 for the batch, e.g. [-1,3,48,48].</summary>
    public const string InputShape = "input_shape";

    /// <summary>The preprocessing the input needs, as a JSON object (see <see cref="ImagePreprocessing.ToJson"/>), or a sentence saying why it is unknown.</summary>
    public const string Preprocessing = "preprocessing";

    /// <summary>The class names of the main output in order, as a JSON array of strings.</summary>
    public const string ClassNames = "class_names";

    /// <summary>The outputs, as a JSON object from output name to description.</summary>
    public const string Outputs = "outputs";

    /// <summary>The prefix of a key naming an output's slots: "slot_names:Score" holds a JSON array of strings.</summary>
    public const string SlotNamesPrefix = "slot_names:";
}
