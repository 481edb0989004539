using System.Runtime.CompilerServices;

namespace Fer.Tensors.Kernels.Blocked;

/// <summary>
/// Element-wise steps on blocked (NCHWc) buffers that no convolution absorbed: a sum of two maps, a
/// rectifier, a per-channel affine map (an unfused batch norm). Interior rows only; the operands may
/// have different halos. Padding lanes stay 0 (affine shifts and slopes are 0 there).
/// </summary>
internal static unsafe class BlockedElementwise
{
    /// <summary>output = rect(a * scale + shift [+ b]) per channel; null scale/shift mean 1/0, null b means none, rectify false means none.</summary>
    public static void Run(float* a, in BlockedLayout aLayout, float* b, in BlockedLayout bLayout, float* scale, float* shift,
        bool rectify, float slope, float* slopes, float* output, in BlockedLayout outLayout, int images)
    {
        if (aLayout.Planar || outLayout.Planar || aLayout.Blocks != outLayout.Blocks || aLayout.Height != outLayout.Height || aLayout.Width != outLayout.Width
            || (b != null && (bLayout.Planar || bLayout.Blocks != outLayout.Blocks || bLayout.Height != outLayout.Height || bLayout.Width != outLayout.Width)))
            throw new ArgumentException($"layouts {aLayout}, {bLayout} -> {outLayout} do not match.");
        var args = new Args
        {
            A = a + aLayout.Offset(0, 0),
            ARow = aLayout.RowStride,
            ABlock = aLayout.BlockStride,
            AImage = aLayout.ImageStride,
            B = b == null ? null : b + bLayout.Offset(0, 0),
            BRow = b == null ? 0 : bLayout.RowStride,
            BBlock = b == null ? 0 : bLayout.BlockStride,
            BImage = b == null ? 0 : bLayout.ImageStride,
            Scale = scale,
            Shift = shift,
            Rectify = rectify ? 1 : 0,
            Slope = slope,
            Slopes = slopes,
            Output = output + outLayout.Offset(0, 0),
            OutRow = outLayout.RowStride,
            OutBlock = outLayout.BlockStride,
            OutImage = outLayout.ImageStride,
            H = outLayout.Height,
            W = outLayout.Width,
            Blocks = outLayout.Blocks,
        };
        delegate*<void*, int, int, void> body = outLayout.Block switch
        {
            16 => &Rows<BlockVector512>,
            8 => &Rows<BlockVector256>,
            4 => &Rows<BlockVector128>,
            _ => throw new InvalidOperationException($"block {outLayout.Block} is not supported."),
        };
        BlockedParallel.For(images * args.Blocks * args.H, (long)images * args.Blocks * outLayout.Block * args.H * args.W, body, &args);
    }

    private struct Args
    {
        public float* A, B, Output, Scale, Shift, Slopes;
        public nint ARow, ABlock, AImage, BRow, BBlock, BImage, OutRow, OutBlock, OutImage;
        public int Rectify, H, W, Blocks;
        public float Slope;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows<TV>(void* state, int start, int end)
        where TV : struct, IBlockVector<TV>
    {
        var a = (Args*)state;
        int lanes = TV.Count;
        for (int item = start; item < end; item++)
        {
            int rest = Math.DivRem(item, a->H, out int y);
            int n = Math.DivRem(rest, a->Blocks, out int block);
            float* pa = a->A + n * a->AImage + block * a->ABlock + (nint)y * a->ARow;
            float* pb = a->B == null ? null : a->B + n * a->BImage + block * a->BBlock + (nint)y * a->BRow;
            float* po = a->Output + n * a->OutImage + block * a->OutBlock + (nint)y * a->OutRow;
            TV scale = a->Scale == null ? TV.Create(1f) : TV.Load(a->Scale + block * lanes);
            TV shift = a->Shift == null ? TV.Zero : TV.Load(a->Shift + block * lanes);
            TV slope = a->Slopes == null ? TV.Create(a->Slope) : TV.Load(a->Slopes + block * lanes);
            bool affine = a->Scale != null || a->Shift != null;
            for (int x = 0; x < a->W; x++)
            {
                nint o = (nint)x * lanes;
                TV v = TV.Load(pa + o);
                if (affine) v = TV.MultiplyAdd(v, scale, shift);
                if (pb != null) v = TV.Add(v, TV.Load(pb + o));
                if (a->Rectify != 0) v = TV.Rectify(v, slope);
                TV.Store(po + o, v);
            }
        }
    }
}
