namespace Fer.MLNet.Catalogs;

/// <summary>The trainers catalog of <see cref="FerContext"/>.</summary>
public sealed partial class TrainersCatalog
{
    internal TrainersCatalog(FerContext context) => Context = context;

    /// <summary>The owning context.</summary>
    public FerContext Context { get; }

    /// <summary>An expression classifier trained on pixel vectors (see <see cref="Trainers.Supervised.SupervisedClassifierEstimator"/>).</summary>
    public Trainers.Supervised.SupervisedClassifierEstimator Supervised(string labelColumnName = "Label", string featureColumnName = "Pixels", int epochs = 12)
        => new(Context, new Trainers.Supervised.SupervisedClassifierEstimator.Options { LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName, Epochs = epochs, Seed = Context.Seed + 1 });

    /// <summary>An expression classifier with all settings.</summary>
    public Trainers.Supervised.SupervisedClassifierEstimator Supervised(Trainers.Supervised.SupervisedClassifierEstimator.Options options) => new(Context, options);
}
