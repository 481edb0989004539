namespace Fer.Tensors.Nn;

/// <summary>Batch normalisation over input [N, C, H, W] (PyTorch's BatchNorm2d); see <see cref="BatchNormBase"/> and <see cref="Functional.BatchNorm"/>.</summary>
public sealed class BatchNorm2d : BatchNormBase
{
    /// <summary>Creates the layer (PyTorch defaults: eps 1e-5, momentum 0.1, affine, tracking running statistics).</summary>
    /// <inheritdoc cref="BatchNormBase(int, float, float?, bool, bool)" />
    public BatchNorm2d(int numFeatures, float eps = 1e-5f, float? momentum = 0.1f, bool affine = true, bool trackRunningStats = true)
        : base(numFeatures, eps, momentum, affine, trackRunningStats)
    {
    }

    /// <inheritdoc />
    protected override void CheckInput(Tensor input)
    {
        if (input.Rank != 4)
            throw new ArgumentException($"BatchNorm2d expects input [N, C, H, W]; got shape {Tensor.FormatShape(input.Shape)}.", nameof(input));
    }
}
