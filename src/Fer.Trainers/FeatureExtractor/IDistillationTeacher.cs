using Fer.Tensors;

namespace Fer.Trainers.FeatureExtractor;

/// <summary>
/// A teacher for knowledge distillation: class scores over the classes of the feature extractor's
/// first (main) dataset, for the same normalised images [N, C, H, W] the student sees.
/// </summary>
public interface IDistillationTeacher
{
    /// <summary>Number of classes (must equal the main dataset's).</summary>
    int ClassCount { get; }

    /// <summary>Unnormalised log-scores (logits) [N, <see cref="ClassCount"/>] of images [N, C, H, W]; called without a graph.</summary>
    Tensor Logits(Tensor images);
}
