namespace Fer.Tensors.Kernels.Elementwise;

/// <summary>
/// A float binary operation with a scalar form (the reference, used for strided runs) and span
/// forms for the contiguous, span-scalar and scalar-span cases (TensorPrimitives where it has them).
/// </summary>
internal interface IBinaryOperator
{
    static abstract float Invoke(float x, float y);

    static abstract void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination);

    static abstract void Invoke(ReadOnlySpan<float> x, float y, Span<float> destination);

    static abstract void Invoke(float x, ReadOnlySpan<float> y, Span<float> destination);
}
