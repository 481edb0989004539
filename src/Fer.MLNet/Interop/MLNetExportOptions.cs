namespace Fer.MLNet.Interop;

/// <summary>Settings of <see cref="MLNetModelExporter"/> (and of <c>fer.Model.ExportToMLNet</c>): the column names of the ML.NET chain and the ONNX export.</summary>
public sealed class MLNetExportOptions
{
    /// <summary>The string column of image paths the ML.NET app provides; default "ImagePath".</summary>
    public string ImagePathColumnName { get; init; } = "ImagePath";

    /// <summary>The loaded image column; default "Image".</summary>
    public string ImageColumnName { get; init; } = "Image";

    /// <summary>The resized image column; default "ImageResized".</summary>
    public string ResizedImageColumnName { get; init; } = "ImageResized";

    /// <summary>The folder relative image paths resolve against in the ML.NET app, or null (paths as given); default null.</summary>
    public string? ImageFolder { get; init; }

    /// <summary>The ONNX export settings; the graph input's name is also the pixel column's name. Default: <see cref="OnnxExportOptions"/>'s defaults.</summary>
    public OnnxExportOptions Onnx { get; init; } = new();

    /// <summary>Text of TrainingInfo/Version.txt (never read by ML.NET); null for the writer's default.</summary>
    public string? VersionText { get; init; }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ImagePathColumnName, nameof(ImagePathColumnName));
        ArgumentException.ThrowIfNullOrWhiteSpace(ImageColumnName, nameof(ImageColumnName));
        ArgumentException.ThrowIfNullOrWhiteSpace(ResizedImageColumnName, nameof(ResizedImageColumnName));
        ArgumentNullException.ThrowIfNull(Onnx, nameof(Onnx));
        string[] names = [ImagePathColumnName, ImageColumnName, ResizedImageColumnName, Onnx.InputName];
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Length)
            throw new ArgumentException($"The path, image, resized image and pixel column names must differ; got {string.Join(", ", names)}.");
    }
}
