using System.Numerics.Tensors;

namespace Fer.Tensors.Kernels.Elementwise;

// The element-wise binary operators. Each is a small struct so the generic loop is specialised per op.
#pragma warning disable SA1649, SA1402 // small operator structs live together: one concept

internal readonly struct AddOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => x + y;
    public static void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Add(x, y, d);
    public static void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) => TensorPrimitives.Add(x, y, d);
    public static void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Add(y, x, d);
}

internal readonly struct SubtractOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => x - y;
    public static void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Subtract(x, y, d);
    public static void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) => TensorPrimitives.Subtract(x, y, d);
    public static void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Subtract(x, y, d);
}

internal readonly struct MultiplyOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => x * y;
    public static void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Multiply(x, y, d);
    public static void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) => TensorPrimitives.Multiply(x, y, d);
    public static void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Multiply(y, x, d);
}

internal readonly struct DivideOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => x / y;
    public static void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Divide(x, y, d);
    public static void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) => TensorPrimitives.Divide(x, y, d);
    public static void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Divide(x, y, d);
}

internal readonly struct MaximumOperator : IBinaryOperator
{
    // NaN propagates, as in torch.maximum.
    public static float Invoke(float x, float y) => float.IsNaN(x) || float.IsNaN(y) ? float.NaN : Math.Max(x, y);
    public static void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Max(x, y, d);
    public static void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) => TensorPrimitives.Max(x, y, d);
    public static void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Max(y, x, d);
}

internal readonly struct MinimumOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => float.IsNaN(x) || float.IsNaN(y) ? float.NaN : Math.Min(x, y);
    public static void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Min(x, y, d);
    public static void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) => TensorPrimitives.Min(x, y, d);
    public static void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Min(y, x, d);
}

internal readonly struct PowerOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => MathF.Pow(x, y);
    public static void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Pow(x, y, d);
    public static void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) => TensorPrimitives.Pow(x, y, d);
    public static void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Pow(x, y, d);
}

/// <summary>1 where x &gt; y, else 0.</summary>
internal readonly struct GreaterOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => x > y ? 1f : 0f;
    public static void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) { for (int i = 0; i < d.Length; i++) d[i] = x[i] > y[i] ? 1f : 0f; }
    public static void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) { for (int i = 0; i < d.Length; i++) d[i] = x[i] > y ? 1f : 0f; }
    public static void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) { for (int i = 0; i < d.Length; i++) d[i] = x > y[i] ? 1f : 0f; }
}

/// <summary>1 where x == y, else 0.</summary>
internal readonly struct EqualOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => x == y ? 1f : 0f;
    public static void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) { for (int i = 0; i < d.Length; i++) d[i] = x[i] == y[i] ? 1f : 0f; }
    public static void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) { for (int i = 0; i < d.Length; i++) d[i] = x[i] == y ? 1f : 0f; }
    public static void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) { for (int i = 0; i < d.Length; i++) d[i] = x == y[i] ? 1f : 0f; }
}
