namespace Fer.MLNet.Interop;

/// <summary>Settings of <see cref="OnnxModelExporter"/> (and of <c>fer.Model.ExportToOnnx</c>).</summary>
public sealed class OnnxExportOptions
{
    /// <summary>The graph input's name; default "input" (batches [N, C, H, W]).</summary>
    public string InputName { get; init; } = "input";

    /// <summary>The default-domain opset; default 13 (13 to 21 accepted).</summary>
    public int OpsetVersion { get; init; } = 13;

    /// <summary>Fold batch norms into the preceding convolution or linear layer; default true.</summary>
    public bool FoldBatchNorm { get; init; } = true;

    /// <summary>Also write the secondary outputs (e.g. "Features" beside "Score"); default true.</summary>
    public bool IncludeSecondaryOutputs { get; init; } = true;

    /// <summary>
    /// The preprocessing to record, overriding what is read from the pipeline (needed when the model's
    /// pixel column is an input of the model rather than made by its ExtractPixels step); default null.
    /// </summary>
    public ImagePreprocessing? Preprocessing { get; init; }

    /// <summary>More metadata_props entries; default none.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(InputName, nameof(InputName));
        if (OpsetVersion < 13 || OpsetVersion > Onnx.OnnxModel.MaxOpsetVersion)
            throw new ArgumentOutOfRangeException(nameof(OpsetVersion), OpsetVersion, $"the opset must be 13..{Onnx.OnnxModel.MaxOpsetVersion}.");
    }
}
