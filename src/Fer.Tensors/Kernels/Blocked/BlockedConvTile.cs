using System.Runtime.CompilerServices;

namespace Fer.Tensors.Kernels.Blocked;

/// <summary>
/// The register-tiled micro-kernel of <see cref="BlockedConv2d"/>: a tile of up to 12 output pixels
/// (TS: rows x columns of the output) times one or two channel blocks
/// (TQ), accumulated in registers over every input channel and kernel tap.
/// For each input channel it loads the weights of the tile's output channels (one vector per block)
/// and broadcasts that channel's value at each pixel of the tile, so every load feeds
/// <c>TS.Count</c> or 2 x <c>TS.Count</c> fused multiply-adds. The epilogue adds the bias (with batch
/// norm folded in), an optional residual, applies an optional rectifier and stores. Generic
/// parameters are constants to the JIT, so each instantiation is straight-line code with the
/// unused accumulators removed.
/// </summary>
internal static unsafe class BlockedConvTile
{
    /// <summary>Runs work items [start, end) (see <see cref="BlockedConvArgs.Decode"/>) with groups of <typeparamref name="TQ"/> blocks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TV, TS, TQ, TStride, TLayout>(BlockedConvArgs* a, int start, int end)
        where TV : struct, IBlockVector<TV>
        where TS : struct, ITileShape
        where TQ : struct, IConstant
        where TStride : struct, IConstant
        where TLayout : struct, IInputLayout
    {
        for (int item = start; item < end; item++)
        {
            a->Decode(item, TS.Rows, TS.Cols, out int group, out int n, out int oy, out int ox);
            float* x = a->Input + n * a->InImage + (nint)oy * a->StrideH * a->InRow + (nint)ox * TStride.Value * (TLayout.Planar ? 1 : TV.Count);
            float* y = a->Output + n * a->OutImage + (nint)(group * 2) * a->OutBlock + (nint)oy * a->OutRow + (nint)ox * TV.Count;
            float* r = a->Residual == null ? null : a->Residual + n * a->ResImage + (nint)(group * 2) * a->ResBlock + (nint)oy * a->ResRow + (nint)ox * TV.Count;
            Tile<TV, TS, TQ, TStride, TLayout>(a, x, a->Weights + group * a->GroupWeights, y, r, group * 2 * TV.Count);
        }
    }

    // Too large to inline into the item loop; compiled fully optimised at once (no tiering through slow code).
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void Tile<TV, TS, TQ, TStride, TLayout>(BlockedConvArgs* a, float* x, float* w, float* y, float* r0, int channel)
        where TV : struct, IBlockVector<TV>
        where TS : struct, ITileShape
        where TQ : struct, IConstant
        where TStride : struct, IConstant
        where TLayout : struct, IInputLayout
    {
        int lanes = TLayout.Planar ? 1 : TV.Count;
        nint step = TStride.Value * lanes;
        nint rowStep = a->StrideH * a->InRow;
        int kh = a->KH, kw = a->KW, blocks = a->InBlocks;
        nint inBlock = a->InBlock, inRow = a->InRow;
        TV c0 = TV.Zero, c1 = TV.Zero, c2 = TV.Zero, c3 = TV.Zero, c4 = TV.Zero, c5 = TV.Zero, c6 = TV.Zero, c7 = TV.Zero, c8 = TV.Zero, c9 = TV.Zero, c10 = TV.Zero, c11 = TV.Zero;
        TV d0 = TV.Zero, d1 = TV.Zero, d2 = TV.Zero, d3 = TV.Zero, d4 = TV.Zero, d5 = TV.Zero, d6 = TV.Zero, d7 = TV.Zero, d8 = TV.Zero, d9 = TV.Zero, d10 = TV.Zero, d11 = TV.Zero;
        for (int icb = 0; icb < blocks; icb++)
        {
            for (int ky = 0; ky < kh; ky++)
            {
                for (int kx = 0; kx < kw; kx++)
                {
                    float* p0 = x + icb * inBlock + ky * inRow + kx * lanes;
                    float* p1 = p0 + rowStep, p2 = p1 + rowStep, p3 = p2 + rowStep;
                    for (int ic = 0; ic < lanes; ic++, w += TQ.Value * TV.Count)
                    {
                        TV w0 = TV.Load(w);
                        TV w1 = TQ.Value == 2 ? TV.Load(w + TV.Count) : TV.Zero;
                        if (TS.Count > 0) { TV v = TV.Broadcast(At<TS>(0, p0, p1, p2, p3, step) + ic); c0 = TV.MultiplyAdd(v, w0, c0); if (TQ.Value == 2) d0 = TV.MultiplyAdd(v, w1, d0); }
                        if (TS.Count > 1) { TV v = TV.Broadcast(At<TS>(1, p0, p1, p2, p3, step) + ic); c1 = TV.MultiplyAdd(v, w0, c1); if (TQ.Value == 2) d1 = TV.MultiplyAdd(v, w1, d1); }
                        if (TS.Count > 2) { TV v = TV.Broadcast(At<TS>(2, p0, p1, p2, p3, step) + ic); c2 = TV.MultiplyAdd(v, w0, c2); if (TQ.Value == 2) d2 = TV.MultiplyAdd(v, w1, d2); }
                        if (TS.Count > 3) { TV v = TV.Broadcast(At<TS>(3, p0, p1, p2, p3, step) + ic); c3 = TV.MultiplyAdd(v, w0, c3); if (TQ.Value == 2) d3 = TV.MultiplyAdd(v, w1, d3); }
                        if (TS.Count > 4) { TV v = TV.Broadcast(At<TS>(4, p0, p1, p2, p3, step) + ic); c4 = TV.MultiplyAdd(v, w0, c4); if (TQ.Value == 2) d4 = TV.MultiplyAdd(v, w1, d4); }
                        if (TS.Count > 5) { TV v = TV.Broadcast(At<TS>(5, p0, p1, p2, p3, step) + ic); c5 = TV.MultiplyAdd(v, w0, c5); if (TQ.Value == 2) d5 = TV.MultiplyAdd(v, w1, d5); }
                        if (TS.Count > 6) { TV v = TV.Broadcast(At<TS>(6, p0, p1, p2, p3, step) + ic); c6 = TV.MultiplyAdd(v, w0, c6); if (TQ.Value == 2) d6 = TV.MultiplyAdd(v, w1, d6); }
                        if (TS.Count > 7) { TV v = TV.Broadcast(At<TS>(7, p0, p1, p2, p3, step) + ic); c7 = TV.MultiplyAdd(v, w0, c7); if (TQ.Value == 2) d7 = TV.MultiplyAdd(v, w1, d7); }
                        if (TS.Count > 8) { TV v = TV.Broadcast(At<TS>(8, p0, p1, p2, p3, step) + ic); c8 = TV.MultiplyAdd(v, w0, c8); if (TQ.Value == 2) d8 = TV.MultiplyAdd(v, w1, d8); }
                        if (TS.Count > 9) { TV v = TV.Broadcast(At<TS>(9, p0, p1, p2, p3, step) + ic); c9 = TV.MultiplyAdd(v, w0, c9); if (TQ.Value == 2) d9 = TV.MultiplyAdd(v, w1, d9); }
                        if (TS.Count > 10) { TV v = TV.Broadcast(At<TS>(10, p0, p1, p2, p3, step) + ic); c10 = TV.MultiplyAdd(v, w0, c10); if (TQ.Value == 2) d10 = TV.MultiplyAdd(v, w1, d10); }
                        if (TS.Count > 11) { TV v = TV.Broadcast(At<TS>(11, p0, p1, p2, p3, step) + ic); c11 = TV.MultiplyAdd(v, w0, c11); if (TQ.Value == 2) d11 = TV.MultiplyAdd(v, w1, d11); }
                    }
                }
            }
        }

        int act = a->Activation;
        TV b0 = TV.Load(a->Bias + channel), b1 = TQ.Value == 2 ? TV.Load(a->Bias + channel + TV.Count) : TV.Zero;
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
        if (TS.Count > 8) { nint o = Out<TV, TS>(8, a->OutRow); Emit(c8, b0, s0, act, y + o, r0 == null ? null : r0 + Out<TV, TS>(8, a->ResRow)); if (TQ.Value == 2) Emit(d8, b1, s1, act, y + a->OutBlock + o, r0 == null ? null : r0 + a->ResBlock + Out<TV, TS>(8, a->ResRow)); }
        if (TS.Count > 9) { nint o = Out<TV, TS>(9, a->OutRow); Emit(c9, b0, s0, act, y + o, r0 == null ? null : r0 + Out<TV, TS>(9, a->ResRow)); if (TQ.Value == 2) Emit(d9, b1, s1, act, y + a->OutBlock + o, r0 == null ? null : r0 + a->ResBlock + Out<TV, TS>(9, a->ResRow)); }
        if (TS.Count > 10) { nint o = Out<TV, TS>(10, a->OutRow); Emit(c10, b0, s0, act, y + o, r0 == null ? null : r0 + Out<TV, TS>(10, a->ResRow)); if (TQ.Value == 2) Emit(d10, b1, s1, act, y + a->OutBlock + o, r0 == null ? null : r0 + a->ResBlock + Out<TV, TS>(10, a->ResRow)); }
        if (TS.Count > 11) { nint o = Out<TV, TS>(11, a->OutRow); Emit(c11, b0, s0, act, y + o, r0 == null ? null : r0 + Out<TV, TS>(11, a->ResRow)); if (TQ.Value == 2) Emit(d11, b1, s1, act, y + a->OutBlock + o, r0 == null ? null : r0 + a->ResBlock + Out<TV, TS>(11, a->ResRow)); }
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
