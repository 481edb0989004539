namespace Fer.MLNet.Persistence.MLNetFormat.Transformers;

/// <summary>
/// ML.NET's ImageLoadingTransformer (loader "ImageLoaderTransform", model signature "IMGLOADR",
/// version 0x00010003): loads the image whose path is in each input column. Body: the column pairs,
/// the image folder (string id or -1), and a bool byte that is 1 for an image-typed output (0 for raw bytes).
/// </summary>
public sealed class ImageLoadingTransformerRecord : IMLNetTransformerRecord
{
    /// <summary>The loader signature.</summary>
    public const string Loader = "ImageLoaderTransform";

    internal static readonly MLNetVersionInfo Version =
        new("IMGLOADR", 0x00010003, 0x00010003, 0x00010003, Loader, null, MLNetAssemblyNames.ImageAnalytics);

    /// <summary>Creates the record.</summary>
    /// <param name="columns">Output and input (path) columns; at least one, outputs unique.</param>
    /// <param name="imageFolder">Folder the paths are relative to, or null for none.</param>
    /// <param name="outputImageType">True (ML.NET's default) for an image column, false for the file's raw bytes.</param>
    /// <exception cref="ArgumentException">A column name is empty, an output repeats, or there is no column.</exception>
    public ImageLoadingTransformerRecord(IEnumerable<MLNetColumnPair> columns, string? imageFolder = null, bool outputImageType = true)
    {
        ArgumentNullException.ThrowIfNull(columns);
        MLNetColumnPair[] all = columns.ToArray();
        OneToOneColumns.Validate(all, nameof(columns));
        Columns = all;
        ImageFolder = imageFolder;
        OutputImageType = outputImageType;
    }

    /// <summary>The output and input (path) columns.</summary>
    public IReadOnlyList<MLNetColumnPair> Columns { get; }

    /// <summary>The folder image paths are relative to, or null.</summary>
    public string? ImageFolder { get; }

    /// <summary>True for an image-typed output column, false for a vector of the file's bytes.</summary>
    public bool OutputImageType { get; }

    /// <inheritdoc/>
    public string LoaderSignature => Loader;

    /// <summary>Decodes the transformer from its <c>Model.key</c>.</summary>
    /// <exception cref="ModelFormatException">Wrong signature or version, or a bad or unconsumed body.</exception>
    public static ImageLoadingTransformerRecord Decode(MLNetModelKey key, string? file = null, string? entry = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        Version.Check(key, file, entry);
        var reader = new ModelBodyReader(key, file, entry);
        MLNetColumnPair[] columns = OneToOneColumns.Read(ref reader);
        string? folder = reader.ReadStringOrNull("image folder");
        bool imageType = reader.ReadBoolByte("image type flag");
        reader.EnsureEnd();
        return new ImageLoadingTransformerRecord(columns, folder, imageType);
    }

    /// <inheritdoc/>
    public MLNetModelKey ToModelKey()
    {
        var writer = new ModelBodyWriter();
        OneToOneColumns.Write(writer, Columns);
        writer.WriteStringOrNull(ImageFolder);
        writer.WriteBoolByte(OutputImageType);
        return writer.ToModelKey(Version);
    }

    /// <inheritdoc/>
    public IReadOnlyList<KeyValuePair<string, byte[]>> ToSiblingEntries() => [];
}
