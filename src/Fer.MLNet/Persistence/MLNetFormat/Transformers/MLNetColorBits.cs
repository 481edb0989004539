namespace Fer.MLNet.Persistence.MLNetFormat.Transformers;

/// <summary>Which colour channels ML.NET's ImagePixelExtractingTransformer extracts (stored as a byte).</summary>
[Flags]
public enum MLNetColorBits : byte
{
    /// <summary>No channel (not valid on its own).</summary>
    None = 0,

    /// <summary>Alpha.</summary>
    Alpha = 0x01,

    /// <summary>Red.</summary>
    Red = 0x02,

    /// <summary>Green.</summary>
    Green = 0x04,

    /// <summary>Blue.</summary>
    Blue = 0x08,

    /// <summary>Red, green and blue (the default).</summary>
    Rgb = Red | Green | Blue,

    /// <summary>All four channels.</summary>
    All = Alpha | Red | Green | Blue,
}
