using Fer.Trainers.Data;

namespace Fer.Trainers.FeatureExtractor;

/// <summary>
/// One labelled training set of a <see cref="FeatureExtractorTrainer"/>: it gets its own head over
/// its own classes; only its rows reach that head's loss.
/// </summary>
/// <param name="Name">A short unique name (used in metric names, e.g. "loss.thermal").</param>
/// <param name="Train">Training images with class labels (and optionally probability targets) of this dataset's label set.</param>
/// <param name="Validation">Validation images of the same label set, or null.</param>
/// <param name="LossWeight">Multiplies this dataset's classification loss.</param>
public sealed record FeatureExtractorDataset(string Name, ImageTensorSet Train, ImageTensorSet? Validation = null, double LossWeight = 1.0)
{
    /// <summary>The number of classes: the set's class names, else the largest label + 1.</summary>
    public int ClassCount => Train.ClassNames.Count > 0 ? Train.ClassNames.Count : (Train.Labels is { Length: > 0 } l ? l.Max() + 1 : 0);
}
