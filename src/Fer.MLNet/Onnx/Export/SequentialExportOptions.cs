namespace Fer.MLNet.Onnx.Export;

/// <summary>Settings of <see cref="SequentialOnnxExporter"/>.</summary>
public sealed class SequentialExportOptions
{
    /// <summary>The graph input's name; default "input".</summary>
    public string InputName { get; init; } = "input";

    /// <summary>The graph output's name; default "output".</summary>
    public string OutputName { get; init; } = "output";

    /// <summary>Fold a BatchNorm2d that directly follows a Conv2d into the convolution's weights and bias; default true.</summary>
    public bool FoldBatchNorm { get; init; } = true;

    /// <summary>The default-domain opset; default 13.</summary>
    public int OpsetVersion { get; init; } = 13;

    /// <summary>Key/value pairs written to metadata_props (e.g. the expected preprocessing); default none.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}
