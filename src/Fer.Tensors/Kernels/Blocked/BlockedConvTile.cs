using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Fer.Tensors.Kernels.Blocked;

/// <summary>
/// The register-tiled micro-kernel of <see cref="BlockedConv2d"/>: a tile of up to 12 output pixels (TS:
/// rows x columns of the output) times one or two channel blocks (TQ), accumulated in registers over every
/// input channel and kernel tap. For each input channel it loads the weights of the tile's output channels
/// (one vector per block, prefetched ahead) and broadcasts that channel's value at each pixel of the tile,
/// so every load feeds TS.Count or 2 x TS.Count fused multiply-adds. The input is blocked, or planar (NCHW: the channel loop then steps from plane to plane). After the
/// loop the accumulators go to a small stack buffer and a compact epilogue adds the bias (with batch norm
/// folded in), an optional residual, applies an optional rectifier and stores a blocked output; or, for a
/// planar (NCHW) output, adds the bias and transposes the tile into the channel planes. (Unrolled per pixel,
/// the epilogue kept so many values live that the JIT spilled accumulators inside the loop.) Generic
/// parameters are constants to the JIT, so each instantiation is straight-line code with the unused
/// accumulators removed.
/// </summary>
internal static unsafe class BlockedConvTile
{
    /// <summary>Pixels of the largest tile.</summary>
    public const int MaxPixels = 12;

    /// <summary>How far ahead, in floats, the weights are prefetched: on one image a deep layer's weights stream from memory.</summary>
    private const int PrefetchFloats = 256;

    /// <summary>Runs work items [start, end) (see <see cref="BlockedConvArgs.Decode"/>) with groups of TQ blocks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TV, TS, TQ, TStride, TLayout, TOut>(BlockedConvArgs* a, int start, int end)
        where TV : struct, IBlockVector<TV>
        where TS : struct, ITileShape
        where TQ : struct, IConstant
        where TStride : struct, IConstant
        where TLayout : struct, IChannelLayout
        where TOut : struct, IChannelLayout
    {
        // A planar output's channels are planes: block g starts at channel g * Count.
        nint outBlock = TOut.Planar ? a->OutBlock * TV.Count : a->OutBlock;
        nint outPixel = TOut.Planar ? 1 : TV.Count;
        for (int item = start; item < end; item++)
        {
            a->Decode(item, TS.Rows, TS.Cols, out int group, out int n, out int oy, out int ox);
            float* x = a->Input + n * a->InImage + (nint)oy * a->StrideH * a->InRow + (nint)ox * TStride.Value * (TLayout.Planar ? 1 : TV.Count);
            float* y = a->Output + n * a->OutImage + group * 2 * outBlock + (nint)oy * a->OutRow + ox * outPixel;
            float* r = a->Residual == null ? null : a->Residual + n * a->ResImage + (nint)(group * 2) * a->ResBlock + (nint)oy * a->ResRow + (nint)ox * TV.Count;
            Tile<TV, TS, TQ, TStride, TLayout, TOut>(a, x, a->Weights + group * a->GroupWeights, y, r, group * 2 * TV.Count);
        }
    }

    // Too large to inline into the item loop; compiled fully optimised at once (no tiering through slow code).
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    [SkipLocalsInit]
    private static void Tile<TV, TS, TQ, TStride, TLayout, TOut>(BlockedConvArgs* a, float* x, float* w, float* y, float* r0, int channel)
        where TV : struct, IBlockVector<TV>
        where TS : struct, ITileShape
        where TQ : struct, IConstant
        where TStride : struct, IConstant
        where TLayout : struct, IChannelLayout
        where TOut : struct, IChannelLayout
    {
        int pixelLanes = TLayout.Planar ? 1 : TV.Count;
        nint step = TStride.Value * pixelLanes;
        nint rowStep = a->StrideH * a->InRow;
        int kh = a->KH, kw = a->KW;
        // Blocked: blocks of Count channels one float apart. Planar: one block of every channel, a plane apart.
        int blocks = TLayout.Planar ? 1 : a->InBlocks, lanes = TLayout.Planar ? a->InBlocks : TV.Count;
        nint inBlock = a->InBlock, inRow = a->InRow, laneStride = TLayout.Planar ? a->InBlock : 1;
        TV c0 = TV.Zero, c1 = TV.Zero, c2 = TV.Zero, c3 = TV.Zero, c4 = TV.Zero, c5 = TV.Zero, c6 = TV.Zero, c7 = TV.Zero, c8 = TV.Zero, c9 = TV.Zero, c10 = TV.Zero, c11 = TV.Zero;
        TV d0 = TV.Zero, d1 = TV.Zero, d2 = TV.Zero, d3 = TV.Zero, d4 = TV.Zero, d5 = TV.Zero, d6 = TV.Zero, d7 = TV.Zero, d8 = TV.Zero, d9 = TV.Zero, d10 = TV.Zero, d11 = TV.Zero;
        for (int icb = 0; icb < blocks; icb++)
        {
            for (int ky = 0; ky < kh; ky++)
            {
                for (int kx = 0; kx < kw; kx++)
                {
                    float* q0 = x + icb * inBlock + ky * inRow + kx * pixelLanes;
                    float* q1 = q0 + rowStep, q2 = q1 + rowStep, q3 = q2 + rowStep;
                    for (int ic = 0; ic < lanes; ic++, w += TQ.Value * TV.Count, q0 += laneStride, q1 += laneStride, q2 += laneStride, q3 += laneStride)
                    {
                        if (Sse.IsSupported) Sse.Prefetch0(w + PrefetchFloats);
                        TV w0 = TV.Load(w);
                        TV w1 = TQ.Value == 2 ? TV.Load(w + TV.Count) : TV.Zero;
                        if (TS.Count > 0) { TV v = TV.Broadcast(At<TS>(0, q0, q1, q2, q3, step)); c0 = TV.MultiplyAdd(v, w0, c0); if (TQ.Value == 2) d0 = TV.MultiplyAdd(v, w1, d0); }
                        if (TS.Count > 1) { TV v = TV.Broadcast(At<TS>(1, q0, q1, q2, q3, step)); c1 = TV.MultiplyAdd(v, w0, c1); if (TQ.Value == 2) d1 = TV.MultiplyAdd(v, w1, d1); }
                        if (TS.Count > 2) { TV v = TV.Broadcast(At<TS>(2, q0, q1, q2, q3, step)); c2 = TV.MultiplyAdd(v, w0, c2); if (TQ.Value == 2) d2 = TV.MultiplyAdd(v, w1, d2); }
                        if (TS.Count > 3) { TV v = TV.Broadcast(At<TS>(3, q0, q1, q2, q3, step)); c3 = TV.MultiplyAdd(v, w0, c3); if (TQ.Value == 2) d3 = TV.MultiplyAdd(v, w1, d3); }
                        if (TS.Count > 4) { TV v = TV.Broadcast(At<TS>(4, q0, q1, q2, q3, step)); c4 = TV.MultiplyAdd(v, w0, c4); if (TQ.Value == 2) d4 = TV.MultiplyAdd(v, w1, d4); }
                        if (TS.Count > 5) { TV v = TV.Broadcast(At<TS>(5, q0, q1, q2, q3, step)); c5 = TV.MultiplyAdd(v, w0, c5); if (TQ.Value == 2) d5 = TV.MultiplyAdd(v, w1, d5); }
                        if (TS.Count > 6) { TV v = TV.Broadcast(At<TS>(6, q0, q1, q2, q3, step)); c6 = TV.MultiplyAdd(v, w0, c6); if (TQ.Value == 2) d6 = TV.MultiplyAdd(v, w1, d6); }
                        if (TS.Count > 7) { TV v = TV.Broadcast(At<TS>(7, q0, q1, q2, q3, step)); c7 = TV.MultiplyAdd(v, w0, c7); if (TQ.Value == 2) d7 = TV.MultiplyAdd(v, w1, d7); }
                        if (TS.Count > 8) { TV v = TV.Broadcast(At<TS>(8, q0, q1, q2, q3, step)); c8 = TV.MultiplyAdd(v, w0, c8); if (TQ.Value == 2) d8 = TV.MultiplyAdd(v, w1, d8); }
                        if (TS.Count > 9) { TV v = TV.Broadcast(At<TS>(9, q0, q1, q2, q3, step)); c9 = TV.MultiplyAdd(v, w0, c9); if (TQ.Value == 2) d9 = TV.MultiplyAdd(v, w1, d9); }
                        if (TS.Count > 10) { TV v = TV.Broadcast(At<TS>(10, q0, q1, q2, q3, step)); c10 = TV.MultiplyAdd(v, w0, c10); if (TQ.Value == 2) d10 = TV.MultiplyAdd(v, w1, d10); }
                        if (TS.Count > 11) { TV v = TV.Broadcast(At<TS>(11, q0, q1, q2, q3, step)); c11 = TV.MultiplyAdd(v, w0, c11); if (TQ.Value == 2) d11 = TV.MultiplyAdd(v, w1, d11); }
                    }
                }
            }
        }

        // [pixel][two blocks] (one block: the first half of each pixel's slot).
        float* acc = stackalloc float[MaxPixels * 2 * 16];
        if (TS.Count > 0) { TV.Store(acc + 0 * 2 * TV.Count, c0); if (TQ.Value == 2) TV.Store(acc + (0 * 2 + 1) * TV.Count, d0); }
        if (TS.Count > 1) { TV.Store(acc + 1 * 2 * TV.Count, c1); if (TQ.Value == 2) TV.Store(acc + (1 * 2 + 1) * TV.Count, d1); }
        if (TS.Count > 2) { TV.Store(acc + 2 * 2 * TV.Count, c2); if (TQ.Value == 2) TV.Store(acc + (2 * 2 + 1) * TV.Count, d2); }
        if (TS.Count > 3) { TV.Store(acc + 3 * 2 * TV.Count, c3); if (TQ.Value == 2) TV.Store(acc + (3 * 2 + 1) * TV.Count, d3); }
        if (TS.Count > 4) { TV.Store(acc + 4 * 2 * TV.Count, c4); if (TQ.Value == 2) TV.Store(acc + (4 * 2 + 1) * TV.Count, d4); }
        if (TS.Count > 5) { TV.Store(acc + 5 * 2 * TV.Count, c5); if (TQ.Value == 2) TV.Store(acc + (5 * 2 + 1) * TV.Count, d5); }
        if (TS.Count > 6) { TV.Store(acc + 6 * 2 * TV.Count, c6); if (TQ.Value == 2) TV.Store(acc + (6 * 2 + 1) * TV.Count, d6); }
        if (TS.Count > 7) { TV.Store(acc + 7 * 2 * TV.Count, c7); if (TQ.Value == 2) TV.Store(acc + (7 * 2 + 1) * TV.Count, d7); }
        if (TS.Count > 8) { TV.Store(acc + 8 * 2 * TV.Count, c8); if (TQ.Value == 2) TV.Store(acc + (8 * 2 + 1) * TV.Count, d8); }
        if (TS.Count > 9) { TV.Store(acc + 9 * 2 * TV.Count, c9); if (TQ.Value == 2) TV.Store(acc + (9 * 2 + 1) * TV.Count, d9); }
        if (TS.Count > 10) { TV.Store(acc + 10 * 2 * TV.Count, c10); if (TQ.Value == 2) TV.Store(acc + (10 * 2 + 1) * TV.Count, d10); }
        if (TS.Count > 11) { TV.Store(acc + 11 * 2 * TV.Count, c11); if (TQ.Value == 2) TV.Store(acc + (11 * 2 + 1) * TV.Count, d11); }
        if (TOut.Planar) PlanarEpilogue<TV, TS, TQ>(a, acc, y, channel);
        else BlockedEpilogue<TV, TS, TQ>(a, acc, y, r0, channel);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void BlockedEpilogue<TV, TS, TQ>(BlockedConvArgs* a, float* acc, float* y, float* residual, int channel)
        where TV : struct, IBlockVector<TV>
        where TS : struct, ITileShape
        where TQ : struct, IConstant
    {
        bool rectify = a->Activation != 0;
        for (int q = 0; q < TQ.Value; q++)
        {
            int c = channel + q * TV.Count;
            TV bias = TV.Load(a->Bias + c);
            TV slope = a->Slopes == null ? TV.Create(a->Slope) : TV.Load(a->Slopes + c);
            float* yq = y + q * a->OutBlock;
            float* rq = residual == null ? null : residual + q * a->ResBlock;
            for (int r = 0; r < TS.Count; r++)
            {
                TV v = TV.Add(TV.Load(acc + (r * 2 + q) * TV.Count), bias);
                if (rq != null) v = TV.Add(v, TV.Load(rq + Out<TV, TS>(r, a->ResRow)));
                if (rectify) v = TV.Rectify(v, slope);
                TV.Store(yq + Out<TV, TS>(r, a->OutRow), v);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PlanarEpilogue<TV, TS, TQ>(BlockedConvArgs* a, float* acc, float* y, int channel)
        where TV : struct, IBlockVector<TV>
        where TS : struct, ITileShape
        where TQ : struct, IConstant
    {
        for (int q = 0; q < TQ.Value; q++)
        {
            TV bias = TV.Load(a->Bias + channel + q * TV.Count);
            for (int r = 0; r < TS.Count; r++) TV.Store(acc + (r * 2 + q) * TV.Count, TV.Add(TV.Load(acc + (r * 2 + q) * TV.Count), bias));
        }
        int channels = Math.Min(TQ.Value * TV.Count, a->OutChannels - channel), c = 0;
        if (TS.Rows == 1 && TS.Cols == 8 && TV.Count >= 8 && Avx.IsSupported)
        {
            // Eight pixels of one row: 8 x 8 transposes turn eight channels' values into eight plane rows.
            for (; c + 8 <= channels; c += 8) GemmPacking.Transpose8(acc + c, 2 * TV.Count, 8, y + c * a->OutBlock, a->OutBlock);
        }
        for (; c < channels; c++)
        {
            float* plane = y + c * a->OutBlock;
            for (int r = 0; r < TS.Count; r++) plane[(r / TS.Cols) * a->OutRow + r % TS.Cols] = acc[r * 2 * TV.Count + c];
        }
    }

    /// <summary>Input address of tile pixel <paramref name="r"/> (row r / Cols, column r % Cols) from the row pointers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float* At<TS>(int r, float* p0, float* p1, float* p2, float* p3, nint step)
        where TS : struct, ITileShape
    {
        int row = r / TS.Cols;
        float* p = row == 0 ? p0 : row == 1 ? p1 : row == 2 ? p2 : p3;
        return p + (r % TS.Cols) * step;
    }

    /// <summary>Offset of output pixel <paramref name="r"/> of the tile in a blocked buffer with row stride <paramref name="rowStride"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nint Out<TV, TS>(int r, nint rowStride)
        where TV : struct, IBlockVector<TV>
        where TS : struct, ITileShape
        => (r / TS.Cols) * rowStride + (nint)(r % TS.Cols) * TV.Count;
}
