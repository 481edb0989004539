namespace Fer.MLNet.Persistence.MLNetFormat.Transformers;

/// <summary>
/// ML.NET's ImagePixelExtractingTransformer (loader "ImagePixelExtractor", model signature
/// "IMGPXEXT", written 0x00010003, readable 0x00010002). Body: the column pairs, then per column
/// byte colour bits, byte order (only when written at 0x00010003 or later), bool byte as-float,
/// float32 offset, float32 scale, bool byte interleave.
/// </summary>
public sealed class ImagePixelExtractingTransformerRecord : IMLNetTransformerRecord
{
    /// <summary>The loader signature.</summary>
    public const string Loader = "ImagePixelExtractor";

    private const uint BeforeOrderVersion = 0x00010002;

    internal static readonly MLNetVersionInfo Version =
        new("IMGPXEXT", 0x00010003, 0x00010002, 0x00010002, Loader, null, MLNetAssemblyNames.ImageAnalytics);

    /// <summary>Creates the record.</summary>
    /// <exception cref="ArgumentException">No column, or an output column repeats.</exception>
    public ImagePixelExtractingTransformerRecord(IEnumerable<PixelExtractingColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        PixelExtractingColumn[] all = columns.ToArray();
        foreach (PixelExtractingColumn c in all) ArgumentNullException.ThrowIfNull(c, nameof(columns));
        OneToOneColumns.Validate(all.Select(c => new MLNetColumnPair(c.Output, c.Input)), nameof(columns));
        Columns = all;
    }

    /// <summary>The columns and their extraction settings.</summary>
    public IReadOnlyList<PixelExtractingColumn> Columns { get; }

    /// <inheritdoc/>
    public string LoaderSignature => Loader;

    /// <summary>Decodes the transformer from its <c>Model.key</c> (versions 0x00010002 and 0x00010003).</summary>
    /// <exception cref="ModelFormatException">Wrong signature or version, invalid settings, or a bad or unconsumed body.</exception>
    public static ImagePixelExtractingTransformerRecord Decode(MLNetModelKey key, string? file = null, string? entry = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        Version.Check(key, file, entry);
        var reader = new ModelBodyReader(key, file, entry);
        MLNetColumnPair[] pairs = OneToOneColumns.Read(ref reader);
        var columns = new PixelExtractingColumn[pairs.Length];
        for (int i = 0; i < pairs.Length; i++)
        {
            string c = $"column {i}";
            var colors = (MLNetColorBits)reader.ReadByte($"{c} colour bits");
            if (colors == MLNetColorBits.None || (colors & MLNetColorBits.All) != colors)
                throw reader.Bad($"{c} colour bits", $"are 0x{(byte)colors:X2}, expected a non-empty subset of A 1, R 2, G 4, B 8");
            var order = MLNetColorsOrder.Argb;
            if (key.VersionWritten > BeforeOrderVersion)
            {
                order = (MLNetColorsOrder)reader.ReadByte($"{c} colour order");
                if (!Enum.IsDefined(order)) throw reader.Bad($"{c} colour order", $"is {(byte)order}, expected 1 (ARGB) to 6 (AGBR)");
            }
            bool asFloat = reader.ReadBoolByte($"{c} as-float flag");
            float offset = reader.ReadSingle($"{c} offset");
            if (!float.IsFinite(offset)) throw reader.Bad($"{c} offset", $"is {offset}, expected a finite number");
            float scale = reader.ReadSingle($"{c} scale");
            if (!float.IsFinite(scale) || scale == 0) throw reader.Bad($"{c} scale", $"is {scale}, expected a finite non-zero number");
            if (!asFloat && (offset != 0 || scale != 1))
                throw reader.Bad($"{c} offset and scale", $"are {offset} and {scale} with byte output, expected 0 and 1");
            bool interleave = reader.ReadBoolByte($"{c} interleave flag");
            columns[i] = new PixelExtractingColumn(pairs[i].Output, pairs[i].Input, colors, order, asFloat, offset, scale, interleave);
        }
        reader.EnsureEnd();
        return new ImagePixelExtractingTransformerRecord(columns);
    }

    /// <inheritdoc/>
    public MLNetModelKey ToModelKey()
    {
        var writer = new ModelBodyWriter();
        OneToOneColumns.Write(writer, Columns.Select(c => new MLNetColumnPair(c.Output, c.Input)));
        foreach (PixelExtractingColumn c in Columns)
        {
            writer.WriteByte((byte)c.Colors);
            writer.WriteByte((byte)c.Order);
            writer.WriteBoolByte(c.OutputAsFloat);
            writer.WriteSingle(c.Offset);
            writer.WriteSingle(c.Scale);
            writer.WriteBoolByte(c.Interleave);
        }
        return writer.ToModelKey(Version);
    }

    /// <inheritdoc/>
    public IReadOnlyList<KeyValuePair<string, byte[]>> ToSiblingEntries() => [];
}
