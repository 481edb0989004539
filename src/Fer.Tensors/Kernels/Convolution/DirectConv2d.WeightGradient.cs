using System.Runtime.CompilerServices;
using Fer.Tensors.Kernels.Blocked;
using Fer.Tensors.Threading;

namespace Fer.Tensors.Kernels.Convolution;

internal static unsafe partial class DirectConv2d
{
    [ThreadStatic] private static float[]? blockedGradient;
    [ThreadStatic] private static float[]? blockedOutputGradient;

    /// <summary>
    /// dw = sum over images and output pixels of dy x the input window, without im2col: dy goes into channel
    /// blocks, x into zero-bordered planes, and a register tile of 8 input channels x 2 output blocks
    /// accumulates one kernel tap over a band of output rows (one output block's gradient as a vector, the
    /// input value broadcast). Images are split into one slice per thread; each slice sums into its own
    /// buffer and the slices are added in order, so the result depends on the thread count but not on
    /// scheduling. Writes every element of <paramref name="dw"/>.
    /// </summary>
    public static void BackwardWeight(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dw, in ConvGeometry g)
    {
        dw.Clear();
        if (g.N == 0) return;
        int block = BlockWidth.Default;
        var (bottom, right) = EndPadding(g);
        var xLayout = new BlockedLayout(g.InC, g.InH, g.InW, Math.Max(g.PadTop, Math.Max(0, bottom)), Math.Max(g.PadLeft, Math.Max(0, right)), block, Planar: true);
        var dyLayout = BlockedLayout.Dense(g.OutC, g.OutH, g.OutW, block);
        int slices = Math.Min(g.N, Parallelism.ThreadCount);
        int outBlocks = dyLayout.Blocks, groups = (outBlocks + 1) / 2;
        int icTiles = (g.InC + TileChannels - 1) / TileChannels;
        // Per slice: [group][ic][ky][kx][2 x block] (the odd last group's second block stays zero).
        long sliceFloats = (long)groups * icTiles * TileChannels * g.KH * g.KW * 2 * block;
        float[] xs = Buffer(ref padded, checked((int)(xLayout.ImageStride * g.N)));
        float[] dys = Buffer(ref blockedOutputGradient, checked((int)(dyLayout.ImageStride * g.N)));
        float[] partial = Buffer(ref blockedGradient, checked((int)(sliceFloats * slices)));
        fixed (float* px = x, pdy = dy, bx = xs, bdy = dys, pp = partial)
        {
            Border(px, g.N, xLayout, bx);
            BlockedReorder.FromNchwParallel(pdy, g.N, dyLayout, bdy);
            var args = new WeightArgs
            {
                X = bx + xLayout.Offset(-g.PadTop, -g.PadLeft),
                XRow = xLayout.RowStride,
                XPlane = xLayout.BlockStride,
                XImage = xLayout.ImageStride,
                InC = g.InC,
                Dy = bdy,
                DyRow = dyLayout.RowStride,
                DyBlock = dyLayout.BlockStride,
                DyImage = dyLayout.ImageStride,
                OutBlocks = outBlocks,
                OutH = g.OutH,
                OutW = g.OutW,
                KH = g.KH,
                KW = g.KW,
                StrideH = g.StrideH,
                StrideW = g.StrideW,
                Images = g.N,
                Slices = slices,
                Partial = pp,
                SliceFloats = sliceFloats,
                Groups = groups,
                IcTiles = icTiles,
            };
            delegate*<void*, int, int, void> body = block switch
            {
                16 => &Slices<BlockVector512>,
                8 => &Slices<BlockVector256>,
                _ => &Slices<BlockVector128>,
            };
            BlockedParallel.For(slices, long.MaxValue, body, &args);
            Gather(pp, slices, sliceFloats, dw, g, block, icTiles);
        }
    }

    private const int TileChannels = 8;

    private struct WeightArgs
    {
        public float* X, Dy, Partial;
        public nint XRow, XPlane, XImage, DyRow, DyBlock, DyImage;
        public long SliceFloats;
        public int InC, OutBlocks, OutH, OutW, KH, KW, StrideH, StrideW, Images, Slices, Groups, IcTiles;
    }

    /// <summary>Slices [start, end): each sums its images into its own partial gradient.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Slices<TV>(void* state, int start, int end)
        where TV : struct, IBlockVector<TV>
    {
        var a = (WeightArgs*)state;
        int b = TV.Count;
        // Bands of output rows of one image, about 64 pixels, share one load and store of the accumulators.
        int band = Math.Clamp((64 + a->OutW - 1) / a->OutW, 1, a->OutH);
        for (int s = start; s < end; s++)
        {
            float* sliceOut = a->Partial + s * a->SliceFloats;
            new Span<float>(sliceOut, (int)a->SliceFloats).Clear();
            int n0 = (int)((long)a->Images * s / a->Slices), n1 = (int)((long)a->Images * (s + 1) / a->Slices);
            for (int n = n0; n < n1; n++)
                for (int oy = 0; oy < a->OutH; oy += band)
                {
                    int rows = Math.Min(band, a->OutH - oy);
                    for (int grp = 0; grp < a->Groups; grp++)
                    {
                        bool two = 2 * grp + 1 < a->OutBlocks;
                        float* dy0 = a->Dy + n * a->DyImage + 2 * grp * a->DyBlock + (nint)oy * a->DyRow;
                        for (int t = 0; t < a->IcTiles; t++)
                            for (int ky = 0; ky < a->KH; ky++)
                                for (int kx = 0; kx < a->KW; kx++)
                                {
                                    float* x0 = a->X + n * a->XImage + (nint)t * TileChannels * a->XPlane + ((nint)oy * a->StrideH + ky) * a->XRow + kx;
                                    float* acc = sliceOut + ((((nint)grp * a->IcTiles + t) * TileChannels * a->KH + ky) * a->KW + kx) * 2 * b;
                                    int channels = Math.Min(TileChannels, a->InC - t * TileChannels);
                                    Band<TV>(a, x0, dy0, acc, rows, channels, two);
                                }
                    }
                }
        }
    }

    // acc[i][q] += sum over the band's pixels of x[ic i at the pixel's tap] * dy[block q at the pixel]; acc rows are KH*KW*2*b apart.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Band<TV>(WeightArgs* a, float* x0, float* dy0, float* acc, int rows, int channels, bool two)
        where TV : struct, IBlockVector<TV>
    {
        int b = TV.Count, ow = a->OutW, sw = a->StrideW;
        nint accStride = (nint)a->KH * a->KW * 2 * b, plane = a->XPlane;
        // Missing channels of the last tile read channel 0 again and are dropped when gathered.
        nint p1 = channels > 1 ? plane : 0, p2 = channels > 2 ? 2 * plane : 0, p3 = channels > 3 ? 3 * plane : 0;
        nint p4 = channels > 4 ? 4 * plane : 0, p5 = channels > 5 ? 5 * plane : 0, p6 = channels > 6 ? 6 * plane : 0, p7 = channels > 7 ? 7 * plane : 0;
        TV c0 = TV.Load(acc), c1 = TV.Load(acc + accStride), c2 = TV.Load(acc + 2 * accStride), c3 = TV.Load(acc + 3 * accStride);
        TV c4 = TV.Load(acc + 4 * accStride), c5 = TV.Load(acc + 5 * accStride), c6 = TV.Load(acc + 6 * accStride), c7 = TV.Load(acc + 7 * accStride);
        TV d0 = TV.Load(acc + b), d1 = TV.Load(acc + accStride + b), d2 = TV.Load(acc + 2 * accStride + b), d3 = TV.Load(acc + 3 * accStride + b);
        TV d4 = TV.Load(acc + 4 * accStride + b), d5 = TV.Load(acc + 5 * accStride + b), d6 = TV.Load(acc + 6 * accStride + b), d7 = TV.Load(acc + 7 * accStride + b);
        nint second = two ? a->DyBlock : 0;
        for (int r = 0; r < rows; r++)
        {
            float* xp = x0 + (nint)r * a->StrideH * a->XRow;
            float* g0 = dy0 + (nint)r * a->DyRow;
            for (int ox = 0; ox < ow; ox++, xp += sw, g0 += b)
            {
                TV w0 = TV.Load(g0), w1 = TV.Load(g0 + second);
                TV v = TV.Broadcast(xp);
                c0 = TV.MultiplyAdd(v, w0, c0); d0 = TV.MultiplyAdd(v, w1, d0);
                v = TV.Broadcast(xp + p1);
                c1 = TV.MultiplyAdd(v, w0, c1); d1 = TV.MultiplyAdd(v, w1, d1);
                v = TV.Broadcast(xp + p2);
                c2 = TV.MultiplyAdd(v, w0, c2); d2 = TV.MultiplyAdd(v, w1, d2);
                v = TV.Broadcast(xp + p3);
                c3 = TV.MultiplyAdd(v, w0, c3); d3 = TV.MultiplyAdd(v, w1, d3);
                v = TV.Broadcast(xp + p4);
                c4 = TV.MultiplyAdd(v, w0, c4); d4 = TV.MultiplyAdd(v, w1, d4);
                v = TV.Broadcast(xp + p5);
                c5 = TV.MultiplyAdd(v, w0, c5); d5 = TV.MultiplyAdd(v, w1, d5);
                v = TV.Broadcast(xp + p6);
                c6 = TV.MultiplyAdd(v, w0, c6); d6 = TV.MultiplyAdd(v, w1, d6);
                v = TV.Broadcast(xp + p7);
                c7 = TV.MultiplyAdd(v, w0, c7); d7 = TV.MultiplyAdd(v, w1, d7);
            }
        }
        TV.Store(acc, c0); TV.Store(acc + accStride, c1); TV.Store(acc + 2 * accStride, c2); TV.Store(acc + 3 * accStride, c3);
        TV.Store(acc + 4 * accStride, c4); TV.Store(acc + 5 * accStride, c5); TV.Store(acc + 6 * accStride, c6); TV.Store(acc + 7 * accStride, c7);
        TV.Store(acc + b, d0); TV.Store(acc + accStride + b, d1); TV.Store(acc + 2 * accStride + b, d2); TV.Store(acc + 3 * accStride + b, d3);
        TV.Store(acc + 4 * accStride + b, d4); TV.Store(acc + 5 * accStride + b, d5); TV.Store(acc + 6 * accStride + b, d6); TV.Store(acc + 7 * accStride + b, d7);
    }

    /// <summary>dw[oc, ic, ky, kx] = the slices' partial sums added in slice order, out of the blocked layout.</summary>
    private static void Gather(float* partial, int slices, long sliceFloats, Span<float> dw, in ConvGeometry g, int block, int icTiles)
    {
        int kh = g.KH, kw = g.KW;
        for (int oc = 0; oc < g.OutC; oc++)
        {
            int grp = oc / (2 * block), lane = oc % (2 * block);
            for (int ic = 0; ic < g.InC; ic++)
                for (int ky = 0; ky < kh; ky++)
                    for (int kx = 0; kx < kw; kx++)
                    {
                        long at = (((long)grp * icTiles * TileChannels + ic) * kh + ky) * kw * 2 * block + (long)kx * 2 * block + lane;
                        float sum = partial[at];
                        for (int s = 1; s < slices; s++) sum += partial[s * sliceFloats + at];
                        dw[((oc * g.InC + ic) * kh + ky) * kw + kx] = sum;
                    }
        }
    }
}
