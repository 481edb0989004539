namespace Fer.Tensors.Nn;

/// <summary>Batch normalisation over input [N, C] or [N, C, L] (PyTorch's BatchNorm1d); see <see cref="BatchNormBase"/> and <see cref="Functional.BatchNorm"/>.</summary>
public sealed class BatchNorm1d : BatchNormBase
{
    /// <summary>Creates the layer (PyTorch defaults: eps 1e-5, momentum 0.1, affine, tracking running statistics).</summary>
    /// <inheritdoc cref="BatchNormBase(int, float, float?, bool, bool)" />
    public BatchNorm1d(int numFeatures, float eps = 1e-5f, float? momentum = 0.1f, bool affine = true, bool trackRunningStats = true)
        : base(numFeatures, eps, momentum, affine, trackRunningStats)
    {
    }

    /// <inheritdoc />
    protected override void CheckInput(Tensor input)
    {
        if (input.Rank is not (2 or 3))
            throw new ArgumentException($"BatchNorm1d expects input [N, C] or [N, C, L]; got shape {Tensor.FormatShape(input.Shape)}.", nameof(input));
    }
}
