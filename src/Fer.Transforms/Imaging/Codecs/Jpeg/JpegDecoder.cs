using System.Buffers;
using System.Buffers.Binary;

namespace Fer.Transforms.Imaging.Codecs.Jpeg;

/// <summary>
/// Decodes baseline and progressive Huffman JPEGs with 8-bit samples and 1 or 3 components into an
/// <see cref="Image"/>. The arithmetic follows libjpeg-turbo's defaults (accurate integer IDCT,
/// fancy upsampling, its fixed-point YCbCr conversion), so the pixels match <c>djpeg</c>'s.
/// Marker segments are parsed here; entropy decoding is in <see cref="JpegScanDecoder"/> and
/// colour output in <see cref="JpegColorConverter"/>.
/// </summary>
internal sealed class JpegDecoder
{
    private readonly DecodeOptions options;
    private readonly ushort[]?[] quantTables = new ushort[4][];
    private readonly JpegHuffmanTable?[] dcTables = new JpegHuffmanTable[4];
    private readonly JpegHuffmanTable?[] acTables = new JpegHuffmanTable[4];
    private JpegComponent[] components = [];
    private int restartInterval;
    private int scanCount;
    private bool sawJfif;
    private int adobeTransform = -1;
    private int exifOrientation = 1;

    private JpegDecoder(DecodeOptions options) => this.options = options;

    public int Width { get; private set; }

    public int Height { get; private set; }

    public bool Progressive { get; private set; }

    public int MaxH { get; private set; }

    public int MaxV { get; private set; }

    public int McusPerLine { get; private set; }

    public int McusPerColumn { get; private set; }

    public static bool HasSignature(ReadOnlySpan<byte> data) => data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF;

    /// <summary>Decodes a whole JPEG file.</summary>
    /// <exception cref="ImageFormatException">The data is corrupt, truncated, unsupported or over the caps.</exception>
    public static Image Decode(ReadOnlySpan<byte> data, DecodeOptions options) => Decode(data, options, out _);

    /// <summary>Decodes a whole JPEG file and tells whether it was progressive.</summary>
    public static Image Decode(ReadOnlySpan<byte> data, DecodeOptions options, out bool progressive)
    {
        var decoder = new JpegDecoder(options);
        Image image = decoder.Run(data);
        progressive = decoder.Progressive;
        return image;
    }

    private Image Run(ReadOnlySpan<byte> data)
    {
        try
        {
            return RunCore(data);
        }
        finally
        {
            // Planes are scratch space rented from the shared pool; the image owns a fresh buffer.
            foreach (JpegComponent c in components)
            {
                if (c is null) continue; // the frame header failed part-way
                if (c.Plane.Length > 0) ArrayPool<byte>.Shared.Return(c.Plane);
                c.Plane = [];
            }
        }
    }

    private Image RunCore(ReadOnlySpan<byte> data)
    {
        if (!HasSignature(data)) throw Error("missing SOI marker");
        int pos = 2;
        bool frameSeen = false;
        while (true)
        {
            int marker = NextMarker(data, ref pos);
            if (marker < 0 || marker == 0xD9) break; // end of data or EOI
            if (marker is >= 0xD0 and <= 0xD7 || marker == 0x01) continue; // stray RSTn / TEM carry no segment
            if (pos + 2 > data.Length) throw Error($"truncated marker segment 0xFF{marker:X2}");
            int length = BinaryPrimitives.ReadUInt16BigEndian(data[pos..]);
            if (length < 2 || pos + length > data.Length) throw Error($"marker segment 0xFF{marker:X2} with length {length} runs past the end of the data");
            ReadOnlySpan<byte> segment = data.Slice(pos + 2, length - 2);
            pos += length;
            switch (marker)
            {
                case 0xC0 or 0xC1 or 0xC2:
                    if (frameSeen) throw Error("more than one frame (SOF) marker");
                    frameSeen = true;
                    ReadFrame(segment, progressive: marker == 0xC2);
                    break;
                case 0xC3 or 0xC5 or 0xC6 or 0xC7:
                    throw Error("lossless and hierarchical JPEG are not supported");
                case 0xC9 or 0xCA or 0xCB or 0xCD or 0xCE or 0xCF:
                    throw Error("arithmetic-coded JPEG is not supported");
                case 0xC4:
                    ReadHuffmanTables(segment);
                    break;
                case 0xCC:
                    throw Error("arithmetic-coding conditioning (DAC) is not supported");
                case 0xDB:
                    ReadQuantTables(segment);
                    break;
                case 0xDD:
                    if (segment.Length < 2) throw Error("DRI segment too short");
                    restartInterval = BinaryPrimitives.ReadUInt16BigEndian(segment);
                    break;
                case 0xDA:
                    if (!frameSeen) throw Error("scan (SOS) before the frame header (SOF)");
                    if (++scanCount > options.MaxJpegScans)
                        throw Error($"more than {options.MaxJpegScans} scans (DecodeOptions.MaxJpegScans)");
                    pos = ReadScan(data, segment, pos);
                    break;
                case 0xE0:
                    if (segment.Length >= 5 && segment[..5].SequenceEqual("JFIF\0"u8)) sawJfif = true;
                    break;
                case 0xE1:
                    if (exifOrientation == 1) exifOrientation = ExifOrientation.Read(segment);
                    break;
                case 0xEE:
                    if (segment.Length >= 12 && segment[..5].SequenceEqual("Adobe"u8)) adobeTransform = segment[11];
                    break;
                case 0xDC:
                    throw Error("DNL marker (height defined after the scan) is not supported");
                default:
                    break; // APPn, COM and others: skipped
            }
        }
        if (!frameSeen) throw Error("no frame (SOF) marker before the end of the data");
        foreach (JpegComponent c in components)
            if (!c.HasData) throw Error($"no scan data for component {c.Id} (truncated file?)");
        if (Progressive) JpegScanDecoder.FinishProgressive(components);
        bool rgb = components.Length == 3 && IsRgbColorSpace();
        Image image = JpegColorConverter.Convert(this, components, rgb);
        if (options.ApplyExifOrientation && exifOrientation != 1) image = ExifOrientation.Apply(image, exifOrientation);
        return image;
    }

    /// <summary>libjpeg's rule for a 3-component file: JFIF means YCbCr; else the Adobe flag; else component ids R, G, B mean RGB.</summary>
    private bool IsRgbColorSpace()
    {
        if (sawJfif) return false;
        if (adobeTransform >= 0) return adobeTransform == 0;
        return components[0].Id == 'R' && components[1].Id == 'G' && components[2].Id == 'B';
    }

    /// <summary>Finds the next marker at or after <paramref name="pos"/>, skipping stray bytes; returns its code, or -1 at the end.</summary>
    private static int NextMarker(ReadOnlySpan<byte> data, ref int pos)
    {
        while (pos + 1 < data.Length)
        {
            if (data[pos] == 0xFF)
            {
                byte code = data[pos + 1];
                if (code != 0xFF && code != 0)
                {
                    pos += 2;
                    return code;
                }
            }
            pos++;
        }
        pos = data.Length;
        return -1;
    }

    private void ReadFrame(ReadOnlySpan<byte> s, bool progressive)
    {
        Progressive = progressive;
        if (s.Length < 6) throw Error("SOF segment too short");
        if (s[0] != 8) throw Error($"{s[0]}-bit samples are not supported (only 8-bit)");
        Height = BinaryPrimitives.ReadUInt16BigEndian(s[1..]);
        Width = BinaryPrimitives.ReadUInt16BigEndian(s[3..]);
        int count = s[5];
        if (Height == 0) throw Error("image height 0 (height given by a DNL marker) is not supported");
        if (Width == 0) throw Error("image width 0 in the frame header");
        if (count != 1 && count != 3) throw Error($"{count} components: only 1 (grey) and 3 (YCbCr/RGB) are supported");
        if (s.Length < 6 + 3 * count) throw Error("SOF segment too short for its components");
        options.CheckDimensions("JPEG", Width, Height, count);

        components = new JpegComponent[count];
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> c = s.Slice(6 + 3 * i, 3);
            int h = c[1] >> 4, v = c[1] & 15;
            if (h is < 1 or > 2 || v is < 1 or > 2)
                throw Error($"component {c[0]} has sampling factors {h}x{v}: only factors 1 and 2 are supported");
            if (c[2] > 3) throw Error($"component {c[0]} names quantisation table {c[2]} (0..3 allowed)");
            for (int j = 0; j < i; j++)
                if (components[j].Id == c[0]) throw Error($"duplicate component id {c[0]}");
            components[i] = new JpegComponent { Id = c[0], Index = i, H = h, V = v, QuantTableIndex = c[2] };
        }
        MaxH = components.Max(c => c.H);
        MaxV = components.Max(c => c.V);
        McusPerLine = (Width + 8 * MaxH - 1) / (8 * MaxH);
        McusPerColumn = (Height + 8 * MaxV - 1) / (8 * MaxV);
        foreach (JpegComponent c in components)
        {
            c.Width = (int)(((long)Width * c.H + MaxH - 1) / MaxH);
            c.Height = (int)(((long)Height * c.V + MaxV - 1) / MaxV);
            c.WidthInBlocks = (c.Width + 7) / 8;
            c.HeightInBlocks = (c.Height + 7) / 8;
            c.BlocksPerLine = McusPerLine * c.H;
            c.BlocksPerColumn = McusPerColumn * c.V;
        }
        // Allocation happens only now, after the dimensions passed the caps.
        foreach (JpegComponent c in components)
        {
            // Not cleared: every sample that output reads is written by the scans (HasData is checked).
            c.Plane = ArrayPool<byte>.Shared.Rent(c.BlocksPerLine * 8 * c.BlocksPerColumn * 8);
            if (progressive)
            {
                c.Coefficients = new short[c.BlocksPerLine * c.BlocksPerColumn * 64];
                c.NonzeroMasks = new ulong[c.BlocksPerLine * c.BlocksPerColumn];
            }
        }
    }

    private void ReadHuffmanTables(ReadOnlySpan<byte> s)
    {
        while (s.Length > 0)
        {
            if (s.Length < 17) throw Error("DHT segment too short");
            int tc = s[0] >> 4, th = s[0] & 15;
            if (tc > 1 || th > 3) throw Error($"DHT names table class {tc} id {th}");
            ReadOnlySpan<byte> counts = s.Slice(1, 16);
            int total = 0;
            foreach (byte n in counts) total += n;
            if (total > 256 || s.Length < 17 + total) throw Error("DHT segment too short for its symbol counts");
            JpegHuffmanTable?[] set = tc == 0 ? dcTables : acTables;
            var table = new JpegHuffmanTable();
            table.Build(counts, s.Slice(17, total), isDc: tc == 0);
            set[th] = table;
            s = s[(17 + total)..];
        }
    }

    private void ReadQuantTables(ReadOnlySpan<byte> s)
    {
        ReadOnlySpan<byte> natural = JpegTables.NaturalOrder;
        while (s.Length > 0)
        {
            int pq = s[0] >> 4, tq = s[0] & 15;
            if (pq > 1 || tq > 3) throw Error($"DQT names precision {pq} table {tq}");
            int size = pq == 0 ? 64 : 128;
            if (s.Length < 1 + size) throw Error("DQT segment too short");
            var table = new ushort[64];
            for (int k = 0; k < 64; k++)
                table[natural[k]] = pq == 0 ? s[1 + k] : BinaryPrimitives.ReadUInt16BigEndian(s[(1 + 2 * k)..]);
            quantTables[tq] = table;
            s = s[(1 + size)..];
        }
    }

    /// <summary>Parses an SOS header, decodes its entropy-coded data and returns the position of the next marker.</summary>
    private int ReadScan(ReadOnlySpan<byte> data, ReadOnlySpan<byte> s, int pos)
    {
        if (s.Length < 1) throw Error("SOS segment too short");
        int n = s[0];
        if (n < 1 || n > components.Length || s.Length < 1 + 2 * n + 3) throw Error($"SOS with {n} components is invalid for this frame");
        var scan = new JpegComponent[n];
        for (int i = 0; i < n; i++)
        {
            int id = s[1 + 2 * i], tables = s[2 + 2 * i];
            JpegComponent? c = Array.Find(components, x => x.Id == id) ?? throw Error($"scan names unknown component {id}");
            if (Array.IndexOf(scan, c) >= 0) throw Error($"scan names component {id} twice");
            scan[i] = c;
            if ((tables >> 4) > 3 || (tables & 15) > 3) throw Error($"scan names Huffman table {tables:X2}");
            c.DcTable = dcTables[tables >> 4];
            c.AcTable = acTables[tables & 15];
        }
        int ss = s[1 + 2 * n], se = s[2 + 2 * n], ah = s[3 + 2 * n] >> 4, al = s[3 + 2 * n] & 15;
        if (Progressive)
        {
            bool dc = ss == 0;
            if (dc ? se != 0 : (se < ss || se > 63 || n != 1) || ah > 13 || al > 13 || (ah != 0 && ah != al + 1))
                throw Error($"invalid progressive scan parameters Ss={ss} Se={se} Ah={ah} Al={al} for {n} component(s)");
            if (!dc && !scan[0].HasData) throw Error($"AC scan of component {scan[0].Id} before its DC scan");
        }
        else if (ss != 0 || se != 63 || ah != 0 || al != 0)
        {
            // libjpeg ignores these fields in sequential files; only reject nonsense that signals a wrong SOF.
            if (ss > 63 || se > 63) throw Error($"invalid scan parameters Ss={ss} Se={se}");
        }
        int blocksPerMcu = 0;
        foreach (JpegComponent c in scan) blocksPerMcu += n == 1 ? 1 : c.H * c.V;
        if (blocksPerMcu > 10) throw Error($"{blocksPerMcu} blocks per MCU (at most 10 allowed)");

        foreach (JpegComponent c in scan)
        {
            bool needDc = !Progressive || (ss == 0 && ah == 0);
            bool needAc = !Progressive || ss > 0; // AC refinement scans are Huffman-coded too
            if (needDc && c.DcTable is null) throw Error($"component {c.Id} uses an undefined DC Huffman table");
            if (needAc && c.AcTable is null) throw Error($"component {c.Id} uses an undefined AC Huffman table");
            if (c.Quant is null)
            {
                // Latch the table at the component's first scan, as libjpeg does.
                ushort[] q = quantTables[c.QuantTableIndex] ?? throw Error($"component {c.Id} uses undefined quantisation table {c.QuantTableIndex}");
                c.Quant = (ushort[])q.Clone();
            }
            c.DcPredictor = 0;
        }
        var scanParameters = new JpegScanDecoder.ScanParameters(ss, se, ah, al, restartInterval, McusPerLine, McusPerColumn);
        int end = Progressive
            ? JpegScanDecoder.DecodeProgressive(data, pos, scan, scanParameters)
            : JpegScanDecoder.DecodeBaseline(data, pos, scan, scanParameters);
        foreach (JpegComponent c in scan) c.HasData = true;
        return end;
    }

    private static ImageFormatException Error(string what) => new($"JPEG: {what}.");
}
