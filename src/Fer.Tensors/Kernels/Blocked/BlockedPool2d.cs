using System.Runtime.CompilerServices;

namespace Fer.Tensors.Kernels.Blocked;

/// <summary>
/// Max or average pooling on blocked (NCHWc) buffers, whole channel blocks at a time. Each output
/// row and column has a window [start, end) of input rows or columns, clipped to the map (padding never
/// wins a maximum; for averages it counts toward the divisor when asked, as in PyTorch): the same
/// tables describe plain pooling with padding and ceil mode, TensorFlow's 'same' pooling and adaptive
/// average pooling. Reads interiors only, so the input's halo is never used. Immutable; thread-safe.
/// </summary>
internal sealed unsafe class BlockedPool2d
{
    private readonly int[] rowStart, rowEnd, colStart, colEnd;
    private readonly float[] rowCount, colCount;

    private BlockedPool2d(bool max, int channels, int block, (int Start, int End, int Count)[] rows, (int Start, int End, int Count)[] cols)
    {
        Max = max;
        Channels = channels;
        Block = block;
        rowStart = [.. rows.Select(r => r.Start)];
        rowEnd = [.. rows.Select(r => r.End)];
        rowCount = [.. rows.Select(r => (float)r.Count)];
        colStart = [.. cols.Select(c => c.Start)];
        colEnd = [.. cols.Select(c => c.End)];
        colCount = [.. cols.Select(c => (float)c.Count)];
    }

    /// <summary>True for max pooling, false for average pooling.</summary>
    public bool Max { get; }

    public int Channels { get; }

    public int Block { get; }

    public int OutHeight => rowStart.Length;

    public int OutWidth => colStart.Length;

    /// <summary>
    /// Pooling with kernel, stride and leading padding per axis over an inH x inW map into outH x outW; with
    /// <paramref name="countPadding"/> an average divides by the window counted up to the padded border
    /// (<paramref name="padEnd"/> past the map's end), else by the input pixels it covers.
    /// </summary>
    public static BlockedPool2d Windowed(bool max, int channels, int block, int inH, int inW, int outH, int outW,
        (int H, int W) kernel, (int H, int W) stride, (int H, int W) padStart, (int H, int W) padEnd, bool countPadding)
        => new(max, channels, block, Windows(outH, inH, kernel.H, stride.H, padStart.H, padEnd.H, countPadding),
            Windows(outW, inW, kernel.W, stride.W, padStart.W, padEnd.W, countPadding));

    /// <summary>Adaptive average pooling of an inH x inW map into outH x outW bins (PyTorch's bin edges).</summary>
    public static BlockedPool2d Adaptive(int channels, int block, int inH, int inW, int outH, int outW)
        => new(false, channels, block, Bins(inH, outH), Bins(inW, outW));

    private static (int, int, int)[] Windows(int outSize, int inSize, int kernel, int stride, int padStart, int padEnd, bool countPadding)
    {
        var result = new (int, int, int)[outSize];
        for (int i = 0; i < outSize; i++)
        {
            int start = i * stride - padStart, end = Math.Min(start + kernel, inSize + padEnd);
            int s = Math.Max(start, 0), e = Math.Min(end, inSize);
            if (s >= e) throw new ArgumentException($"pooling window {i} ({start}..{end}) covers no input pixel of {inSize}.");
            result[i] = (s, e, countPadding ? end - start : e - s);
        }
        return result;
    }

    private static (int, int, int)[] Bins(int inSize, int outSize)
    {
        var result = new (int, int, int)[outSize];
        for (int i = 0; i < outSize; i++)
        {
            int start = (int)((long)i * inSize / outSize), end = (int)(((long)(i + 1) * inSize + outSize - 1) / outSize);
            result[i] = (start, end, end - start);
        }
        return result;
    }

    /// <summary>Pools <paramref name="images"/> images of <paramref name="input"/> into <paramref name="output"/>'s interior.</summary>
    public void Run(float* input, in BlockedLayout inLayout, float* output, in BlockedLayout outLayout, int images)
    {
        if (inLayout.Planar || outLayout.Planar || inLayout.Block != Block || outLayout.Block != Block || inLayout.Channels != Channels || outLayout.Channels != Channels
            || outLayout.Height != OutHeight || outLayout.Width != OutWidth)
            throw new ArgumentException($"layouts {inLayout} -> {outLayout} do not fit this pooling ({Channels} channels, block {Block}, output {OutHeight} x {OutWidth}).");
        fixed (int* rs = rowStart, re = rowEnd, cs = colStart, ce = colEnd)
        fixed (float* rc = rowCount, cc = colCount)
        {
            var args = new Args
            {
                Input = input + inLayout.Offset(0, 0),
                InRow = inLayout.RowStride,
                InBlock = inLayout.BlockStride,
                InImage = inLayout.ImageStride,
                Output = output + outLayout.Offset(0, 0),
                OutRow = outLayout.RowStride,
                OutBlock = outLayout.BlockStride,
                OutImage = outLayout.ImageStride,
                RowStart = rs,
                RowEnd = re,
                ColStart = cs,
                ColEnd = ce,
                RowCount = rc,
                ColCount = cc,
                OutH = OutHeight,
                OutW = OutWidth,
                Blocks = inLayout.Blocks,
            };
            delegate*<void*, int, int, void> body = (Block, Max) switch
            {
                (16, true) => &Rows<BlockVector512, MaxWindow>,
                (16, false) => &Rows<BlockVector512, MeanWindow>,
                (8, true) => &Rows<BlockVector256, MaxWindow>,
                (8, false) => &Rows<BlockVector256, MeanWindow>,
                (4, true) => &Rows<BlockVector128, MaxWindow>,
                (4, false) => &Rows<BlockVector128, MeanWindow>,
                _ => throw new InvalidOperationException($"block {Block} is not supported."),
            };
            long work = (long)images * inLayout.Blocks * Block * inLayout.Height * inLayout.Width;
            BlockedParallel.For(images * args.Blocks * OutHeight, work, body, &args);
        }
    }

    private struct Args
    {
        public float* Input, Output;
        public nint InRow, InBlock, InImage, OutRow, OutBlock, OutImage;
        public int* RowStart, RowEnd, ColStart, ColEnd;
        public float* RowCount, ColCount;
        public int OutH, OutW, Blocks;
    }

    private interface IWindow
    {
        static abstract TV Reduce<TV>(float* origin, nint row, int rows, int cols, float divisor)
            where TV : struct, IBlockVector<TV>;
    }

    private readonly struct MaxWindow : IWindow
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Reduce<TV>(float* origin, nint row, int rows, int cols, float divisor)
            where TV : struct, IBlockVector<TV>
        {
            // Starts from the first pixel (not -inf), so the maximum of NaN and numbers is NaN, as in PyTorch.
            TV m = TV.Load(origin);
            for (int y = 0; y < rows; y++)
                for (int x = 0; x < cols; x++) m = TV.Max(TV.Load(origin + y * row + x * TV.Count), m);
            return m;
        }
    }

    private readonly struct MeanWindow : IWindow
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Reduce<TV>(float* origin, nint row, int rows, int cols, float divisor)
            where TV : struct, IBlockVector<TV>
        {
            TV sum = TV.Zero;
            for (int y = 0; y < rows; y++)
                for (int x = 0; x < cols; x++) sum = TV.Add(sum, TV.Load(origin + y * row + x * TV.Count));
            return TV.Multiply(sum, TV.Create(1f / divisor));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows<TV, TW>(void* state, int start, int end)
        where TV : struct, IBlockVector<TV>
        where TW : struct, IWindow
    {
        var a = (Args*)state;
        for (int item = start; item < end; item++)
        {
            int rest = Math.DivRem(item, a->OutH, out int oy);
            int n = Math.DivRem(rest, a->Blocks, out int block);
            float* x = a->Input + n * a->InImage + block * a->InBlock + (nint)a->RowStart[oy] * a->InRow;
            float* y = a->Output + n * a->OutImage + block * a->OutBlock + (nint)oy * a->OutRow;
            int rows = a->RowEnd[oy] - a->RowStart[oy];
            for (int ox = 0; ox < a->OutW; ox++)
            {
                int c0 = a->ColStart[ox];
                TV v = TW.Reduce<TV>(x + (nint)c0 * TV.Count, a->InRow, rows, a->ColEnd[ox] - c0, a->RowCount[oy] * a->ColCount[ox]);
                TV.Store(y + (nint)ox * TV.Count, v);
            }
        }
    }
}
