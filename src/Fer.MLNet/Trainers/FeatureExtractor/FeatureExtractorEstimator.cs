using Fer.MLNet.Data;
using Fer.MLNet.Pipeline;
using Fer.Trainers.Data;
using Fer.Trainers.FeatureExtractor;

namespace Fer.MLNet.Trainers.FeatureExtractor;

/// <summary>
/// Trains a DeepFEVER-style feature extractor (see <see cref="FeatureExtractorTrainer"/>) on the main
/// data (a [C, H, W] pixel column and an Int32 label column, with FER+ vote distributions as
/// probability targets when present) plus the <see cref="Options.AuxiliaryData"/> sets, and returns a
/// transformer that writes the backbone's <c>Features</c> vector. Validation data for the main
/// dataset goes in <see cref="Options.ValidationData"/> or through <see cref="EstimatorChain{T}.Fit(IDataView, IDataView?)"/>.
/// </summary>
public sealed class FeatureExtractorEstimator : IValidatingEstimator<FeatureExtractorTransformer>
{
    private const string Trainer = "FeatureExtractor";
    private readonly FerContext context;

    /// <summary>Creates the estimator.</summary>
    /// <exception cref="ArgumentException">An option is invalid, or an auxiliary dataset is malformed.</exception>
    public FeatureExtractorEstimator(FerContext context, Options options)
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
    /// <exception cref="ArgumentException">A column is missing or of the wrong type (in the main data or an auxiliary set).</exception>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        var (c, h, w) = TrainingData.CheckFeatures(inputSchema, Settings.FeatureColumnName, Trainer);
        TrainingData.CheckLabel(inputSchema, Settings.LabelColumnName, Trainer);
        foreach (AuxiliaryDataset aux in Settings.AuxiliaryData)
        {
            string who = $"{Trainer} (auxiliary '{aux.Name}')";
            var shape = TrainingData.CheckFeatures(aux.Data.Schema, Settings.FeatureColumnName, who);
            if (shape != (c, h, w))
                throw new ArgumentException($"{who}: column '{Settings.FeatureColumnName}' holds [{shape.C}, {shape.H}, {shape.W}] images; the main data holds [{c}, {h}, {w}]. Run the same preprocessing on every dataset.");
            TrainingData.CheckLabel(aux.Data.Schema, aux.LabelColumnName, who);
        }
        return inputSchema.Append([(Settings.OutputColumnName, new VectorDataViewType(FeatureExtractorTrainer.FeatureSizeOf(Settings.Backbone, Settings.BackboneWidth)), null)]);
    }

    /// <inheritdoc />
    public FeatureExtractorTransformer Fit(IDataView input) => Fit(input, null);

    /// <inheritdoc />
    public FeatureExtractorTransformer Fit(IDataView input, IDataView? validation)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(input.Schema);
        validation ??= Settings.ValidationData;
        string? prob = Settings.UseProbabilityTargets ? Settings.ProbabilityColumnName : null;
        var sets = new List<FeatureExtractorDataset>
        {
            new(Settings.MainDatasetName,
                TrainingData.Read(input, Settings.FeatureColumnName, Settings.LabelColumnName, prob, trainer: Trainer),
                validation is null ? null : TrainingData.Read(validation, Settings.FeatureColumnName, Settings.LabelColumnName, trainer: Trainer + " (validation)")),
        };
        foreach (AuxiliaryDataset aux in Settings.AuxiliaryData)
        {
            string who = $"{Trainer} (auxiliary '{aux.Name}')";
            ImageTensorSet train = TrainingData.Read(aux.Data, Settings.FeatureColumnName, aux.LabelColumnName, prob, trainer: who);
            ImageTensorSet? valid = aux.Validation is null ? null : TrainingData.Read(aux.Validation, Settings.FeatureColumnName, aux.LabelColumnName, trainer: who + " (validation)");
            sets.Add(new FeatureExtractorDataset(aux.Name, train, valid, aux.LossWeight));
        }
        context.WriteLog(Trainer, $"training {Settings.Backbone} on {string.Join(" + ", sets.Select(s => $"{s.Name} ({s.Train.Count} images, {s.ClassCount} classes)"))}, "
            + $"[{sets[0].Train.Channels}, {sets[0].Train.Height}, {sets[0].Train.Width}], {Settings.Sampling} sampling, "
            + (Settings.Teacher is null ? "no teacher" : $"distillation T={Settings.Temperature} weight {Settings.DistillationWeight}") + $", triplet weight {Settings.TripletWeight}");
        FeatureExtractorModel model = FeatureExtractorTrainer.Train(sets, Settings);
        return new FeatureExtractorTransformer(model, Settings.Backbone, Settings.BackboneWidth, Settings.HeadDropout, Settings.FeatureColumnName, Settings.OutputColumnName);
    }

    /// <summary>Training settings plus the columns and datasets to read.</summary>
    public sealed class Options : FeatureExtractorTrainerOptions
    {
        /// <summary>Int32 class indices of the main data.</summary>
        public string LabelColumnName { get; set; } = "Label";

        /// <summary>The [C, H, W] pixel vector (the same column name in every dataset).</summary>
        public string FeatureColumnName { get; set; } = "Pixels";

        /// <summary>The feature vector written by the transformer.</summary>
        public string OutputColumnName { get; set; } = "Features";

        /// <summary>Probability targets (used when present and <see cref="FeatureExtractorTrainerOptions.UseProbabilityTargets"/>), in every dataset.</summary>
        public string ProbabilityColumnName { get; set; } = "Distribution";

        /// <summary>Name of the main dataset (its head is distilled; metrics "loss.NAME").</summary>
        public string MainDatasetName { get; set; } = "main";

        /// <summary>Further datasets, each with its own head and labels, already featurized like the main data.</summary>
        public IList<AuxiliaryDataset> AuxiliaryData { get; } = [];

        /// <summary>Validation data with the same raw columns as the main training data (transformed by the preceding steps when fitted in a chain).</summary>
        public IDataView? ValidationData { get; set; }

        /// <inheritdoc />
        public override void Validate()
        {
            base.Validate();
            ArgumentException.ThrowIfNullOrWhiteSpace(LabelColumnName);
            ArgumentException.ThrowIfNullOrWhiteSpace(FeatureColumnName);
            ArgumentException.ThrowIfNullOrWhiteSpace(OutputColumnName);
            ArgumentException.ThrowIfNullOrWhiteSpace(MainDatasetName);
            var names = new HashSet<string>(StringComparer.Ordinal) { MainDatasetName };
            for (int i = 0; i < AuxiliaryData.Count; i++)
            {
                AuxiliaryDataset aux = AuxiliaryData[i] ?? throw new ArgumentException($"AuxiliaryData[{i}] is null.", nameof(AuxiliaryData));
                if (aux.Data is null) throw new ArgumentException($"AuxiliaryData[{i}] ('{aux.Name}') has no data.", nameof(AuxiliaryData));
                if (string.IsNullOrWhiteSpace(aux.LabelColumnName)) throw new ArgumentException($"AuxiliaryData[{i}] ('{aux.Name}') names no label column.", nameof(AuxiliaryData));
                if (!names.Add(aux.Name ?? "")) throw new ArgumentException($"AuxiliaryData[{i}] is named '{aux.Name}', a name already used.", nameof(AuxiliaryData));
            }
        }
    }
}
