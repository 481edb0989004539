using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Fer.Tensors.Kernels.Blocked;

/// <summary>
/// The register-tiled micro-kernel of <see cref="BlockedConv2d"/>: a tile of up to 8 output pixels
/// (TS: rows x columns of the output) times one or two channel blocks (TQ), accumulated in registers
/// over every input channel and kernel tap. For each input channel it loads the weights of the tile's
/// output channels (one vector per block) and broadcasts that channel's value at each pixel of the
/// tile, so every load feeds TS.Count or 2 x TS.Count fused multiply-adds (16 accumulators: with 20 or 24 the JIT
/// spills some to the stack inside the loop). The input is blocked, or planar
/// (NCHW: the channel loop then steps from plane to plane). The epilogue adds the bias (with batch
/// norm folded in), an optional residual, applies an optional rectifier and stores a blocked output;
/// or, for a planar (NCHW) output, adds the bias and transposes the tile through a small buffer into
/// the channel planes. Generic parameters are constants to the JIT, so each instantiation is
/// straight-line code with the unused accumulators removed.
/// </summary>
internal static unsafe class BlockedConvTile
{
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
        TV c0 = TV.Zero, c1 = TV.Zero, c2 = TV.Zero, c3 = TV.Zero, c4 = TV.Zero, c5 = TV.Zero, c6 = TV.Zero, c7 = TV.Zero;
        TV d0 = TV.Zero, d1 = TV.Zero, d2 = TV.Zero, d3 = TV.Zero, d4 = TV.Zero, d5 = TV.Zero, d6 = TV.Zero, d7 = TV.Zero;
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
                    }
                }
            }
        }

        TV b0 = TV.Load(a->Bias + channel), b1 = TQ.Value == 2 ? TV.Load(a->Bias + channel + TV.Count) : TV.Zero;
        if (TOut.Planar)
        {
            float* tile = stackalloc float[TS.Count * 2 * TV.Count];
            if (TS.Count > 0) { TV.Store(tile + 0 * 2 * TV.Count, TV.Add(c0, b0)); if (TQ.Value == 2) TV.Store(tile + (0 * 2 + 1) * TV.Count, TV.Add(d0, b1)); }
            if (TS.Count > 1) { TV.Store(tile + 1 * 2 * TV.Count, TV.Add(c1, b0)); if (TQ.Value == 2) TV.Store(tile + (1 * 2 + 1) * TV.Count, TV.Add(d1, b1)); }
            if (TS.Count > 2) { TV.Store(tile + 2 * 2 * TV.Count, TV.Add(c2, b0)); if (TQ.Value == 2) TV.Store(tile + (2 * 2 + 1) * TV.Count, TV.Add(d2, b1)); }
            if (TS.Count > 3) { TV.Store(tile + 3 * 2 * TV.Count, TV.Add(c3, b0)); if (TQ.Value == 2) TV.Store(tile + (3 * 2 + 1) * TV.Count, TV.Add(d3, b1)); }
            if (TS.Count > 4) { TV.Store(tile + 4 * 2 * TV.Count, TV.Add(c4, b0)); if (TQ.Value == 2) TV.Store(tile + (4 * 2 + 1) * TV.Count, TV.Add(d4, b1)); }
            if (TS.Count > 5) { TV.Store(tile + 5 * 2 * TV.Count, TV.Add(c5, b0)); if (TQ.Value == 2) TV.Store(tile + (5 * 2 + 1) * TV.Count, TV.Add(d5, b1)); }
            if (TS.Count > 6) { TV.Store(tile + 6 * 2 * TV.Count, TV.Add(c6, b0)); if (TQ.Value == 2) TV.Store(tile + (6 * 2 + 1) * TV.Count, TV.Add(d6, b1)); }
            if (TS.Count > 7) { TV.Store(tile + 7 * 2 * TV.Count, TV.Add(c7, b0)); if (TQ.Value == 2) TV.Store(tile + (7 * 2 + 1) * TV.Count, TV.Add(d7, b1)); }
            int channels = Math.Min(TQ.Value * TV.Count, a->OutChannels - channel);
            int c = 0;
            if (TS.Rows == 1 && TS.Cols == 8 && TV.Count >= 8 && Avx.IsSupported)
            {
                // Eight pixels of one row: 8 x 8 transposes turn eight channels' values into eight plane rows.
                for (; c + 8 <= channels; c += 8) GemmPacking.Transpose8(tile + c, 2 * TV.Count, 8, y + c * a->OutBlock, a->OutBlock);
            }
            for (; c < channels; c++)
            {
                float* plane = y + c * a->OutBlock;
                for (int r = 0; r < TS.Count; r++) plane[(r / TS.Cols) * a->OutRow + r % TS.Cols] = tile[r * 2 * TV.Count + c];
            }
        }
        else
        {
            int act = a->Activation;
            TV s0 = a->Slopes == null ? TV.Create(a->Slope) : TV.Load(a->Slopes + channel);
            TV s1 = a->Slopes == null ? s0 : TQ.Value == 2 ? TV.Load(a->Slopes + channel + TV.Count) : TV.Zero;
            if (TS.Count > 0) { nint o = Out<TV, TS>(0, a->OutRow); Emit(c0, b0, s0, act, y + o, r0 == null ? null : r0 + Out<TV, TS>(0, a->ResRow)); if (TQ.Value == 2) Emit(d0, b1, s1, act, y + a->OutBlock + o, r0 == null ? null : r0 + a->ResBlock + Out<TV, TS>(0, a->ResRow)); }
            if (TS.Count > 1) { nint o = Out<TV, TS>(1, a->OutRow); Emit(c1, b0, s0, act, y + o, r0 == null ? null : r0 + Out<TV, TS>(1, a->ResRow)); if (TQ.Value == 2) Emit(d1, b1, s1, act, y + a->OutBlock + o, r0 == null ? null : r0 + a->ResBlock + Out<TV, TS>(1, a->ResRow)); }
            if (TS.Count > 2) { nint o = Out<TV, TS>(2, a->OutRow); Emit(c2, b0, s0, act, y + o, r0 == null ? null : r0 + Out<TV, TS>(2, a->ResRow)); if (TQ.Value == 2) Emit(d2, b1, s1, act, y + a->OutBlock + o, r0 == null ? null : r0 + a->ResBlock + Out<TV, TS>(2, a->ResRow)); }
            if (TS.Count > 3) { nint o = Out<TV, TS>(3, a->OutRow); Emit(c3, b0, s0, act, y + o, r0 == null ? null : r0 + Out<TV, TS>(3, a->ResRow)); if (TQ.Value == 2) Emit(d3, b1, s1, act, y + a->OutBlock + o, r0 == null ? null : r0 + a->ResBlock + Out<TV, TS>(3, a->ResRow)); }
            if (TS.Count > 4) { nint o = Out<TV, TS>(4, a->OutRow); Emit(c4, b0, s0, act, y + o, r0 == null ? null : r0 + Out<TV, TS>(4, a->ResRow)); if (TQ.Value == 2) Emit(d4, b1, s1, act, y + a->OutBlock + o, r0 == null ? null : r0 + a->ResBlock + Out<TV, TS>(4, a->ResRow)); }
            if (TS.Count > 5) { nint o = Out<TV, TS>(5, a->OutRow); Emit(c5, b0, s0, act, y + o, r0 == null ? null : r0 + Out<TV, TS>(5, a->ResRow)); if (TQ.Value == 2) Emit(d5, b1, s1, act, y + a->OutBlock + o, r0 == null ? null : r0 + a->ResBlock + Out<TV, TS>(5, a->ResRow)); }
            if (TS.Count > 6) { nint o = Out<TV, TS>(6, a->OutRow); Emit(c6, b0, s0, act, y + o, r0 == null ? null : r0 + Out<TV, TS>(6, a->ResRow)); if (TQ.Value == 2) Emit(d6, b1, s1, act, y + a->OutBlock + o, r0 == null ? null : r0 + a->ResBlock + Out<TV, TS>(6, a->ResRow)); }
            if (TS.Count > 7) { nint o = Out<TV, TS>(7, a->OutRow); Emit(c7, b0, s0, act, y + o, r0 == null ? null : r0 + Out<TV, TS>(7, a->ResRow)); if (TQ.Value == 2) Emit(d7, b1, s1, act, y + a->OutBlock + o, r0 == null ? null : r0 + a->ResBlock + Out<TV, TS>(7, a->ResRow)); }
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Emit<TV>(TV acc, TV bias, TV slope, int act, float* destination, float* residual)
        where TV : struct, IBlockVector<TV>
    {
        TV v = TV.Add(acc, bias);
        if (residual != null) v = TV.Add(v, TV.Load(residual));
        if (act != 0) v = TV.Rectify(v, slope);
        TV.Store(destination, v);
    }
}
