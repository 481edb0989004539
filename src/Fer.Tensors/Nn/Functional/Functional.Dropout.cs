using System.Numerics.Tensors;
using Fer.Tensors.Random;

namespace Fer.Tensors.Nn;

public static partial class Functional
{
    /// <summary>
    /// Inverted dropout: in training, each element is zeroed with probability <paramref name="p"/>
    /// and the survivors are scaled by 1 / (1 - p), so the expected value is unchanged; any shape.
    /// Returns <paramref name="input"/> itself when not training or when p = 0; p = 1 gives zeros.
    /// The mask is drawn element by element in row-major order from <paramref name="generator"/>
    /// (PyTorch's default generator when null: <see cref="Generator.Default"/>), so a seed reproduces it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1] or NaN.</exception>
    public static Tensor Dropout(Tensor input, float p = 0.5f, bool training = true, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!(p >= 0f && p <= 1f))
            throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout probability must be in [0, 1].");
        if (!training || p == 0f) return input;
        int[] shape = input.ShapeArray;
        if (p == 1f)
        {
            Tensor zeros = Tensor.Zeros(shape);
            return Tensor.Record(zeros, "dropout", input, _ => Tensor.Zeros(shape));
        }
        generator ??= Generator.Default;
        float scale = 1f / (1f - p);
        double keep = 1.0 - p;
        var mask = GC.AllocateUninitializedArray<float>(input.ElementCount);
        for (int i = 0; i < mask.Length; i++) mask[i] = generator.NextDouble() < keep ? scale : 0f;
        Tensor x = input.IsContiguous ? input.Detach() : input.CloneData();
        var y = Tensor.Empty(shape);
        if (mask.Length > 0) TensorPrimitives.Multiply(x.AsSpan(), mask, y.AsSpan());
        return Tensor.Record(y, "dropout", input, g =>
        {
            Tensor gc = g.IsContiguous ? g : g.CloneData();
            var dx = Tensor.Empty(shape);
            if (mask.Length > 0) TensorPrimitives.Multiply(gc.AsSpan(), mask, dx.AsSpan());
            return dx;
        });
    }
}
