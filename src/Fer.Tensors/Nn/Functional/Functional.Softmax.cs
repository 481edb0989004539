using Fer.Tensors.Kernels.Activations;
using Fer.Tensors.Kernels.Reduction;

namespace Fer.Tensors.Nn;

public static partial class Functional
{
    /// <summary>
    /// e^x / sum(e^x) along <paramref name="dim"/> (negative counts from the end), computed with the
    /// maximum subtracted, so logits such as 1000 or -1000 give exact probabilities rather than NaN.
    /// A slice holding NaN or +inf gives NaN, as in PyTorch.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dim"/> is outside the tensor's rank.</exception>
    public static Tensor Softmax(Tensor input, int dim) => SoftmaxCore(input, dim, log: false);

    /// <summary>
    /// log(softmax(x)) along <paramref name="dim"/> computed as x - max - log(sum(e^(x - max))), finite
    /// for any finite logits.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dim"/> is outside the tensor's rank.</exception>
    public static Tensor LogSoftmax(Tensor input, int dim) => SoftmaxCore(input, dim, log: true);

    private static Tensor SoftmaxCore(Tensor input, int dim, bool log)
    {
        ArgumentNullException.ThrowIfNull(input);
        int d = input.Rank == 0 ? Internal.ShapeUtil.NormalizeDim(dim, 1) : input.NormalizeDim(dim);
        Tensor x = input.IsContiguous ? input.Detach() : input.CloneData();
        int[] shape = input.ShapeArray;
        var (outer, n, inner) = input.Rank == 0 ? (1, 1, 1) : ReduceKernel.Split(shape, d);
        var y = Tensor.Empty(shape);
        SoftmaxKernel.Forward(x.Storage, x.Offset, outer, n, inner, y.Storage, 0, log);
        return Tensor.Record(y, log ? "log_softmax" : "softmax", input, g =>
        {
            Tensor gc = g.IsContiguous ? g : g.CloneData();
            var dx = Tensor.Empty(shape);
            SoftmaxKernel.Backward(gc.Storage, gc.Offset, y.Storage, 0, outer, n, inner, dx.Storage, log);
            return dx;
        });
    }
}
