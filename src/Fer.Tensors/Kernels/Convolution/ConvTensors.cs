namespace Fer.Tensors.Kernels.Convolution;

/// <summary>Raw-storage access for the convolution and pooling ops (kernels work on contiguous row-major memory).</summary>
internal static class ConvTensors
{
    /// <summary>The tensor itself when contiguous, else a contiguous copy without graph.</summary>
    internal static Tensor Dense(Tensor t) => t.IsContiguous ? t : t.CloneData();

    /// <summary>The elements of a contiguous tensor.</summary>
    internal static ReadOnlyMemory<float> Read(Tensor t)
    {
        System.Diagnostics.Debug.Assert(t.IsContiguous);
        return t.Storage.AsMemory(t.Offset, t.ElementCount);
    }

    /// <summary>Writable elements of a contiguous tensor (kernels fill fresh outputs through this).</summary>
    internal static Memory<float> Write(Tensor t)
    {
        System.Diagnostics.Debug.Assert(t.IsContiguous);
        return t.Storage.AsMemory(t.Offset, t.ElementCount);
    }
}
