using Fer.Tensors;

namespace Fer.MLNet.Onnx.Runtime.Operators;

/// <summary>Row-major element access for tensors that may be views.</summary>
internal static class Spans
{
    /// <summary>The elements row-major: the storage itself when contiguous, else a contiguous copy.</summary>
    public static ReadOnlySpan<float> Dense(Tensor t) => t.IsContiguous ? t.AsReadOnlySpan() : t.Contiguous().AsReadOnlySpan();
}
