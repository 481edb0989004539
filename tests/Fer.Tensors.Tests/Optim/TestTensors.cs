namespace Fer.Tensors.Tests.Optim;

internal static class TestTensors
{
    /// <summary>Marks a tensor as a parameter (requires grad) and gives it a zero gradient.</summary>
    public static Tensor WithGrad(this Tensor t)
    {
        t.RequiresGrad = true;
        t.Grad = Tensor.ZerosLike(t);
        return t;
    }
}
