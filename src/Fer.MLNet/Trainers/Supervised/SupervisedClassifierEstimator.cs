using Fer.MLNet.Data;
using Fer.MLNet.Pipeline;
using Fer.Trainers.Supervised;

namespace Fer.MLNet.Trainers.Supervised;

/// <summary>
/// Trains an expression classifier on a [C, H, W] pixel column and an Int32 label column (with FER+
/// vote distributions as probability targets when the data has a <c>Distribution</c> column); see
/// <see cref="SupervisedTrainer"/>. Validation data (raw, same columns as the training data) goes in
/// <see cref="Options.ValidationData"/> or through <see cref="EstimatorChain{T}.Fit(IDataView, IDataView?)"/>.
/// </summary>
public sealed class SupervisedClassifierEstimator : IValidatingEstimator<ExpressionClassifierTransformer>
{
    private readonly FerContext context;

    /// <summary>Creates the estimator.</summary>
    public SupervisedClassifierEstimator(FerContext context, Options options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.context = context;
        Settings = options;
    }

    /// <summary>The settings.</summary>
    public Options Settings { get; }

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        TrainingData.CheckFeatures(inputSchema, Settings.FeatureColumnName, "Supervised");
        IReadOnlyList<string> classes = TrainingData.CheckLabel(inputSchema, Settings.LabelColumnName, "Supervised");
        var cols = new List<(string, DataViewType, DataViewAnnotations?)>
        {
            ("Score", classes.Count > 0 ? new VectorDataViewType(classes.Count) : new VectorDataViewType(), new DataViewAnnotations { SlotNames = classes }),
            ("PredictedLabel", NumberDataViewType.Int32, new DataViewAnnotations { KeyValues = classes }),
        };
        if (Settings.OutputFeatures) cols.Add(("Features", new VectorDataViewType(), null));
        return inputSchema.Append(cols);
    }

    /// <inheritdoc />
    public ExpressionClassifierTransformer Fit(IDataView input) => Fit(input, null);

    /// <inheritdoc />
    public ExpressionClassifierTransformer Fit(IDataView input, IDataView? validation)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(input.Schema);
        validation ??= Settings.ValidationData;
        var train = TrainingData.Read(input, Settings.FeatureColumnName, Settings.LabelColumnName,
            Settings.UseProbabilityTargets ? Settings.ProbabilityColumnName : null, trainer: "Supervised");
        var valid = validation is null ? null : TrainingData.Read(validation, Settings.FeatureColumnName, Settings.LabelColumnName, trainer: "Supervised (validation)");
        context.WriteLog("Supervised", $"training {Settings.Backbone} on {train.Count} images [{train.Channels}, {train.Height}, {train.Width}], {train.ClassNames.Count} classes"
            + (valid is null ? "" : $", validating on {valid.Count}"));
        SupervisedModel model = SupervisedTrainer.Train(train, valid, Settings);
        return new ExpressionClassifierTransformer(model, Settings.Backbone, Settings.BackboneWidth, Settings.HeadDropout, Settings.FeatureColumnName, Settings.OutputFeatures);
    }

    /// <summary>Training settings plus the columns to read.</summary>
    public sealed class Options : SupervisedTrainerOptions
    {
        /// <summary>Int32 class indices.</summary>
        public string LabelColumnName { get; set; } = "Label";

        /// <summary>The [C, H, W] pixel vector.</summary>
        public string FeatureColumnName { get; set; } = "Pixels";

        /// <summary>Probability targets (used when present and <see cref="SupervisedTrainerOptions.UseProbabilityTargets"/>).</summary>
        public string ProbabilityColumnName { get; set; } = "Distribution";

        /// <summary>Also write the backbone's feature vector as a <c>Features</c> column.</summary>
        public bool OutputFeatures { get; set; }

        /// <summary>Validation data with the same raw columns as the training data (transformed by the preceding steps when fitted in a chain).</summary>
        public IDataView? ValidationData { get; set; }
    }
}
