namespace Fer.MLNet.Persistence.MLNetFormat.Transformers;

/// <summary>
/// The order ML.NET's ImagePixelExtractingTransformer lays extracted channels out in (stored as a
/// byte since its version 0x00010003; older streams mean ARGB). Channels not extracted are skipped.
/// </summary>
public enum MLNetColorsOrder : byte
{
    /// <summary>Alpha, red, green, blue (the default).</summary>
    Argb = 1,

    /// <summary>Alpha, red, blue, green.</summary>
    Arbg = 2,

    /// <summary>Alpha, blue, red, green.</summary>
    Abrg = 3,

    /// <summary>Alpha, blue, green, red.</summary>
    Abgr = 4,

    /// <summary>Alpha, green, red, blue.</summary>
    Agrb = 5,

    /// <summary>Alpha, green, blue, red.</summary>
    Agbr = 6,
}
