namespace Fer.Tensors.Kernels.Convolution;

/// <summary>
/// Per-thread scratch arrays for the im2col matrices, grown on demand and reused across calls so a
/// training step does not allocate a fresh [C*KH*KW, OH*OW] buffer per image. Three slots, because
/// backward needs an unfolded input or gradient and a gathered output gradient at the same time on one thread.
/// </summary>
internal static class ConvScratch
{
    [ThreadStatic] private static float[]? columns;
    [ThreadStatic] private static float[]? gradientColumns;
    [ThreadStatic] private static float[]? rows;

    /// <summary>A buffer of at least <paramref name="length"/> floats for im2col of the input (contents undefined).</summary>
    internal static float[] Columns(int length) => Get(ref columns, length);

    /// <summary>A second buffer of at least <paramref name="length"/> floats, for gradients (contents undefined).</summary>
    internal static float[] GradientColumns(int length) => Get(ref gradientColumns, length);

    /// <summary>A third buffer, for [C_out, images * OH * OW] matrices (gathered output gradients, or outputs before scattering).</summary>
    internal static float[] Rows(int length) => Get(ref rows, length);

    private static float[] Get(ref float[]? slot, int length)
    {
        if (slot is null || slot.Length < length)
            slot = GC.AllocateUninitializedArray<float>(length);
        return slot;
    }
}
