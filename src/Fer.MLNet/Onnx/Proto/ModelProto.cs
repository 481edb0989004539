namespace Fer.MLNet.Onnx.Proto;

/// <summary>ONNX <c>ModelProto</c>: the top-level message of an .onnx file.</summary>
public sealed class ModelProto
{
    /// <summary>Field 1: the IR version (7 for ONNX 1.7, 8 for 1.10, ...).</summary>
    public long IrVersion { get; set; }

    /// <summary>Field 2: the producing tool.</summary>
    public string ProducerName { get; set; } = "";

    /// <summary>Field 3: the producing tool's version.</summary>
    public string ProducerVersion { get; set; } = "";

    /// <summary>Field 4: the model's domain.</summary>
    public string Domain { get; set; } = "";

    /// <summary>Field 5: the model's version.</summary>
    public long ModelVersion { get; set; }

    /// <summary>Field 6: documentation.</summary>
    public string DocString { get; set; } = "";

    /// <summary>Field 7: the graph, or null when absent.</summary>
    public GraphProto? Graph { get; set; }

    /// <summary>Field 8: imported operator sets.</summary>
    public List<OperatorSetIdProto> OpsetImports { get; } = [];

    /// <summary>Field 14: metadata key/value pairs.</summary>
    public List<StringStringEntryProto> MetadataProps { get; } = [];

    /// <summary>True when field 20 (training_info) was present; it is ignored.</summary>
    public bool HasTrainingInfo { get; set; }

    /// <summary>True when field 25 (functions) was present; model-local functions are not supported.</summary>
    public bool HasFunctions { get; set; }
}
