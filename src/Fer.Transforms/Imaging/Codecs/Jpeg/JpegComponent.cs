namespace Fer.Transforms.Imaging.Codecs.Jpeg;

/// <summary>One colour component of a JPEG frame: sampling factors, tables and decoded samples.</summary>
internal sealed class JpegComponent
{
    public int Id;
    public int Index;
    public int H;
    public int V;
    public int QuantTableIndex;

    /// <summary>Samples per row and rows of the component (ceil(image size * factor / max factor)).</summary>
    public int Width;
    public int Height;

    /// <summary>Blocks covering the component exactly (the extent of a non-interleaved scan).</summary>
    public int WidthInBlocks;
    public int HeightInBlocks;

    /// <summary>Blocks per row and column padded to whole MCUs (the extent of an interleaved scan).</summary>
    public int BlocksPerLine;
    public int BlocksPerColumn;

    /// <summary>Decoded samples, <see cref="BlocksPerLine"/> * 8 per row (a pooled buffer, possibly longer).</summary>
    public byte[] Plane = [];

    public int Stride => BlocksPerLine * 8;

    /// <summary>Coefficients of a progressive frame, 64 per block in natural order, quantised.</summary>
    public short[]? Coefficients;

    /// <summary>Per block of a progressive frame: bit k set when the coefficient at zig-zag index k is nonzero.</summary>
    public ulong[]? NonzeroMasks;

    /// <summary>The quantisation table in natural order, latched at the component's first scan.</summary>
    public ushort[]? Quant;

    public JpegHuffmanTable? DcTable;
    public JpegHuffmanTable? AcTable;
    public int DcPredictor;

    /// <summary>Whether any scan carried this component's data (DC for progressive frames).</summary>
    public bool HasData;
}
