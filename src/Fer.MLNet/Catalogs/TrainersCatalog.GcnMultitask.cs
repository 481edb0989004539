using Fer.MLNet.Data;
using Fer.MLNet.Trainers.GcnMultitask;

namespace Fer.MLNet.Catalogs;

public sealed partial class TrainersCatalog
{
    /// <summary>Expressions plus valence/arousal with a GCN over the label graph (see <see cref="GcnMultitaskEstimator"/>).</summary>
    public GcnMultitaskEstimator GcnMultitask(string labelColumnName = "Label", string featureColumnName = "Pixels", string valenceColumnName = "Valence", string arousalColumnName = "Arousal", int epochs = 10)
        => new(Context, new GcnMultitaskEstimator.Options { LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName, ValenceColumnName = valenceColumnName, ArousalColumnName = arousalColumnName, Epochs = epochs, Seed = Context.Seed + 1 });

    /// <summary>The GCN multi-task trainer with all settings.</summary>
    public GcnMultitaskEstimator GcnMultitask(GcnMultitaskEstimator.Options options) => new(Context, options);

    /// <summary>Adds derived valence/arousal columns computed from a vote-distribution column (FER+; see <see cref="DerivedValenceArousalView"/>).</summary>
    public IDataView DeriveValenceArousal(IDataView data, string distributionColumnName = "Distribution", string labelColumnName = "Label") => DerivedValenceArousalView.Create(data, distributionColumnName, labelColumnName);
}
