namespace Fer.MLNet.Persistence.MLNetFormat.Transformers;

/// <summary>
/// ML.NET's ImageResizingTransformer (loader "ImageScalerTransform", model signature "IMGSCALF",
/// version 0x00010003). Body: the column pairs, then per column int32 width, int32 height, byte
/// resizing kind, byte anchor.
/// </summary>
public sealed class ImageResizingTransformerRecord : IMLNetTransformerRecord
{
    /// <summary>The loader signature.</summary>
    public const string Loader = "ImageScalerTransform";

    internal static readonly MLNetVersionInfo Version =
        new("IMGSCALF", 0x00010003, 0x00010003, 0x00010003, Loader, null, MLNetAssemblyNames.ImageAnalytics);

    /// <summary>Creates the record.</summary>
    /// <exception cref="ArgumentException">No column, or an output column repeats.</exception>
    public ImageResizingTransformerRecord(IEnumerable<ImageResizingColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ImageResizingColumn[] all = columns.ToArray();
        foreach (ImageResizingColumn c in all) ArgumentNullException.ThrowIfNull(c, nameof(columns));
        OneToOneColumns.Validate(all.Select(c => new MLNetColumnPair(c.Output, c.Input)), nameof(columns));
        Columns = all;
    }

    /// <summary>The columns and their target sizes.</summary>
    public IReadOnlyList<ImageResizingColumn> Columns { get; }

    /// <inheritdoc/>
    public string LoaderSignature => Loader;

    /// <summary>Decodes the transformer from its <c>Model.key</c>.</summary>
    /// <exception cref="ModelFormatException">Wrong signature or version, a size not positive, an undefined kind or anchor, or a bad or unconsumed body.</exception>
    public static ImageResizingTransformerRecord Decode(MLNetModelKey key, string? file = null, string? entry = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        Version.Check(key, file, entry);
        var reader = new ModelBodyReader(key, file, entry);
        MLNetColumnPair[] pairs = OneToOneColumns.Read(ref reader);
        var columns = new ImageResizingColumn[pairs.Length];
        for (int i = 0; i < pairs.Length; i++)
        {
            int width = reader.ReadInt32($"column {i} width");
            if (width <= 0) throw reader.Bad($"column {i} width", $"is {width}, expected > 0");
            int height = reader.ReadInt32($"column {i} height");
            if (height <= 0) throw reader.Bad($"column {i} height", $"is {height}, expected > 0");
            var resizing = (MLNetResizingKind)reader.ReadByte($"column {i} resizing kind");
            if (!Enum.IsDefined(resizing)) throw reader.Bad($"column {i} resizing kind", $"is {(byte)resizing}, expected 0 (IsoPad), 1 (IsoCrop) or 2 (Fill)");
            var anchor = (MLNetAnchor)reader.ReadByte($"column {i} anchor");
            if (!Enum.IsDefined(anchor)) throw reader.Bad($"column {i} anchor", $"is {(byte)anchor}, expected 0 to 4 (Right, Left, Top, Bottom, Center)");
            columns[i] = new ImageResizingColumn(pairs[i].Output, pairs[i].Input, width, height, resizing, anchor);
        }
        reader.EnsureEnd();
        return new ImageResizingTransformerRecord(columns);
    }

    /// <inheritdoc/>
    public MLNetModelKey ToModelKey()
    {
        var writer = new ModelBodyWriter();
        OneToOneColumns.Write(writer, Columns.Select(c => new MLNetColumnPair(c.Output, c.Input)));
        foreach (ImageResizingColumn c in Columns)
        {
            writer.WriteInt32(c.Width);
            writer.WriteInt32(c.Height);
            writer.WriteByte((byte)c.Resizing);
            writer.WriteByte((byte)c.Anchor);
        }
        return writer.ToModelKey(Version);
    }

    /// <inheritdoc/>
    public IReadOnlyList<KeyValuePair<string, byte[]>> ToSiblingEntries() => [];
}
