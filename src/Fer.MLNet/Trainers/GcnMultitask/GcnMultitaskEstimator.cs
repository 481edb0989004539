using Fer.MLNet.Data;
using Fer.MLNet.Pipeline;
using Fer.Trainers.GcnMultitask;

namespace Fer.MLNet.Trainers.GcnMultitask;

/// <summary>
/// Trains expressions and valence/arousal together with classifiers and regressors produced by a
/// GCN over the label graph (Antoniadis et al., FG 2021; see <see cref="GcnMultitaskTrainer"/>), or
/// with two independent linear heads for comparison. Reads an input column ([C, H, W] pixels for end
/// to end training with a backbone, or an [F] feature vector to train the head alone on
/// pre-extracted features), an Int32 label column and Single valence and arousal columns (AffectNet
/// has them; for FER+ add derived ones with <see cref="DerivedValenceArousalView"/>). Validation
/// data (raw, same columns) goes in <see cref="Options.ValidationData"/> or through
/// <see cref="EstimatorChain{T}.Fit(IDataView, IDataView?)"/>.
/// </summary>
public sealed class GcnMultitaskEstimator : IValidatingEstimator<GcnMultitaskTransformer>
{
    private const string Name = "GcnMultitask";
    private readonly FerContext context;

    /// <summary>Creates the estimator.</summary>
    public GcnMultitaskEstimator(FerContext context, Options options)
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
        ArgumentNullException.ThrowIfNull(inputSchema);
        var (features, channels, size, _) = GcnMultitaskData.CheckInput(inputSchema, Settings.FeatureColumnName, Name);
        IReadOnlyList<string> classes = TrainingData.CheckLabel(inputSchema, Settings.LabelColumnName, Name);
        GcnMultitaskData.CheckSingle(inputSchema, Settings.ValenceColumnName, "valence", Name);
        GcnMultitaskData.CheckSingle(inputSchema, Settings.ArousalColumnName, "arousal", Name);
        var cols = new List<(string, DataViewType, DataViewAnnotations?)>
        {
            ("Score", classes.Count > 0 ? new VectorDataViewType(classes.Count) : new VectorDataViewType(), new DataViewAnnotations { SlotNames = classes }),
            ("PredictedLabel", NumberDataViewType.Int32, new DataViewAnnotations { KeyValues = classes }),
            (Settings.PredictedValenceColumnName, NumberDataViewType.Single, null),
            (Settings.PredictedArousalColumnName, NumberDataViewType.Single, null),
        };
        if (Settings.OutputFeatures)
        {
            // The backbone decides the feature length; building one (without training) is the reliable way to know it.
            int length = features ? channels : ((Fer.Trainers.Backbones.IBackbone)Fer.Trainers.Backbones.BackboneFactory.Create(Settings.Backbone, channels, size, Settings.BackboneWidth)).FeatureSize;
            cols.Add(("Features", new VectorDataViewType(length), null));
        }
        return inputSchema.Append(cols);
    }

    /// <inheritdoc />
    public GcnMultitaskTransformer Fit(IDataView input) => Fit(input, null);

    /// <inheritdoc />
    public GcnMultitaskTransformer Fit(IDataView input, IDataView? validation)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(input.Schema);
        validation ??= Settings.ValidationData;
        var train = GcnMultitaskData.Read(input, Settings.FeatureColumnName, Settings.LabelColumnName, Settings.ValenceColumnName, Settings.ArousalColumnName, Name);
        var valid = validation is null ? null
            : GcnMultitaskData.Read(validation, Settings.FeatureColumnName, Settings.LabelColumnName, Settings.ValenceColumnName, Settings.ArousalColumnName, Name + " (validation)");
        bool features = train.Height == 1 && train.Width == 1;
        context.WriteLog(Name, $"training the {Settings.Head} head on {train.Count} "
            + (features ? $"feature vectors [{train.Channels}]" : $"images [{train.Channels}, {train.Height}, {train.Width}] with {Settings.Backbone}")
            + $", {train.ClassNames.Count} classes" + (valid is null ? "" : $", validating on {valid.Count}"));
        if (Settings.Verbose)
            context.WriteLog(Name, GcnMultitaskTrainer.BuildGraph(train, Settings).FormatAdjacency());
        GcnMultitaskModel model = GcnMultitaskTrainer.Train(train, valid, Settings);
        return new GcnMultitaskTransformer(model, Settings.FeatureColumnName, Settings.PredictedValenceColumnName, Settings.PredictedArousalColumnName, Settings.OutputFeatures);
    }

    /// <summary>Training settings plus the columns to read and write.</summary>
    public sealed class Options : GcnMultitaskOptions
    {
        /// <summary>Int32 class indices (-1 = unlabelled).</summary>
        public string LabelColumnName { get; set; } = "Label";

        /// <summary>The input: a [C, H, W] pixel vector, or an [F] feature vector (e.g. "Features").</summary>
        public string FeatureColumnName { get; set; } = "Pixels";

        /// <summary>The true valence (Single, NaN = missing).</summary>
        public string ValenceColumnName { get; set; } = "Valence";

        /// <summary>The true arousal (Single, NaN = missing).</summary>
        public string ArousalColumnName { get; set; } = "Arousal";

        /// <summary>Where the predicted valence goes.</summary>
        public string PredictedValenceColumnName { get; set; } = "PredictedValence";

        /// <summary>Where the predicted arousal goes.</summary>
        public string PredictedArousalColumnName { get; set; } = "PredictedArousal";

        /// <summary>Also write the features the head read as a <c>Features</c> column.</summary>
        public bool OutputFeatures { get; set; }

        /// <summary>Log the label graph (correlations and adjacency tables) through the context's log before training.</summary>
        public bool Verbose { get; set; }

        /// <summary>Validation data with the same raw columns as the training data (transformed by the preceding steps when fitted in a chain).</summary>
        public IDataView? ValidationData { get; set; }

        /// <inheritdoc />
        public override void Validate()
        {
            base.Validate();
            foreach (var (value, name) in new[] { (LabelColumnName, nameof(LabelColumnName)), (FeatureColumnName, nameof(FeatureColumnName)),
                (ValenceColumnName, nameof(ValenceColumnName)), (ArousalColumnName, nameof(ArousalColumnName)),
                (PredictedValenceColumnName, nameof(PredictedValenceColumnName)), (PredictedArousalColumnName, nameof(PredictedArousalColumnName)) })
                if (string.IsNullOrEmpty(value)) throw new ArgumentException($"{name} must name a column.", name);
        }
    }
}
