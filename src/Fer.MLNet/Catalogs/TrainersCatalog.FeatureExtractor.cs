using Fer.MLNet.Trainers.FeatureExtractor;

namespace Fer.MLNet.Catalogs;

public sealed partial class TrainersCatalog
{
    /// <summary>A DeepFEVER-style feature extractor trained on the main data alone, with the triplet objective (see <see cref="FeatureExtractorEstimator"/>).</summary>
    public FeatureExtractorEstimator FeatureExtractor(string labelColumnName = "Label", string featureColumnName = "Pixels", string outputColumnName = "Features", int epochs = 12)
        => new(Context, new FeatureExtractorEstimator.Options { LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName, OutputColumnName = outputColumnName, Epochs = epochs, Seed = Context.Seed + 1 });

    /// <summary>A DeepFEVER-style feature extractor with all settings: auxiliary datasets, teacher, objectives.</summary>
    public FeatureExtractorEstimator FeatureExtractor(FeatureExtractorEstimator.Options options) => new(Context, options);
}
