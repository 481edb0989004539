using Fer.Tensors;
using Fer.Tensors.Nn;
using Fer.Trainers.Backbones;

namespace Fer.Trainers.GcnMultitask;

/// <summary>
/// The "backbone" for pre-extracted feature vectors: passes [N, F] (or [N, F, 1, 1], the layout an
/// <see cref="Data.ImageTensorSet"/> of 1x1 "images" gives) through unchanged as [N, F], so a head
/// trains on frozen features with the same network code as end to end. Has no parameters.
/// </summary>
public sealed class FeatureVectorInput : Module, IBackbone
{
    /// <summary>Creates the input for vectors of <paramref name="featureSize"/> values.</summary>
    public FeatureVectorInput(int featureSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureSize);
        FeatureSize = featureSize;
    }

    /// <inheritdoc />
    public int FeatureSize { get; }

    /// <summary>The feature size (the vectors are stored as channels of 1x1 images).</summary>
    public int InChannels => FeatureSize;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The input is not [N, F] or [N, F, 1, 1].</exception>
    public Tensor ForwardFeatures(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Rank == 2 && images.Size(1) == FeatureSize) return images;
        if (images.Rank == 4 && images.Size(1) == FeatureSize && images.Size(2) == 1 && images.Size(3) == 1)
            return images.Reshape(images.Size(0), FeatureSize);
        throw new ArgumentException($"Expected feature vectors [N, {FeatureSize}] (or [N, {FeatureSize}, 1, 1]); got {Tensor.FormatShape(images.Shape)}.", nameof(images));
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => ForwardFeatures(input);
}
