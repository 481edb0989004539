using Fer.Tensors;

namespace Fer.Trainers.Backbones;

/// <summary>
/// A network body that maps images [N, C, H, W] to feature vectors [N, <see cref="FeatureSize"/>].
/// Heads (classifiers, regressors, GCN-produced weights) are separate modules on top.
/// </summary>
public interface IBackbone
{
    /// <summary>Length of the feature vector.</summary>
    int FeatureSize { get; }

    /// <summary>Input channels (1 for grey, 3 for RGB).</summary>
    int InChannels { get; }

    /// <summary>Features of a batch: [N, C, H, W] to [N, FeatureSize].</summary>
    Tensor ForwardFeatures(Tensor images);
}
