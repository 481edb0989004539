using Fer.MLNet;
using Fer.MLNet.Data;
using Fer.MLNet.Pipeline;
using Fer.MLNet.Trainers.FeatureExtractor;
using Fer.Trainers.Augmentation;
using Fer.Trainers.Training;

namespace Fer.Cli.Training;

/// <summary>
/// <c>fer train feature-extractor</c>: one backbone trained on --data and every --aux dataset at once, each with
/// its own head and label set, plus in-batch triplets (<c>fer.Trainers.FeatureExtractor</c>, DeepFEVER-style);
/// the model outputs a Features vector. Distillation from a teacher is a library option (see docs/trainers.md).
/// </summary>
internal sealed class FeatureExtractorRecipe : ITrainerRecipe
{
    public string Name => "feature-extractor";

    public string Description => "one backbone over --data and every --aux KIND:PATH dataset (a head each, triplet loss); outputs a Features vector";

    public EstimatorChain<ITransformer> Build(FerContext fer, DataViewSchema schema, TrainSettings settings, Action<TrainingOptions> common)
    {
        var options = new FeatureExtractorEstimator.Options { MainDatasetName = DatasetName(settings.Data) };
        if (settings.Backbone is { } b) options.Backbone = b;
        options.BackboneWidth = settings.Width;
        if (settings.LearningRate is double lr) options.LearningRate = lr;
        if (settings.Optimizer is { } o) options.Optimizer = o;
        if (!settings.Augment) options.Augmentation = AugmentationOptions.None;
        foreach (string spec in settings.Auxiliary)
        {
            InMemoryDataView raw = Data.DatasetLoader.Load(fer, spec, settings.FerPlusMode, settings.Limit, "--aux");
            IDataView pixels = ImagePreprocessing.GreyPixels(fer, raw.Schema, settings.ImageSize).Fit(raw).Transform(raw);
            options.AuxiliaryData.Add(new AuxiliaryDataset(DatasetName(spec, options.AuxiliaryData.Count + 1), pixels));
        }
        common(options);
        return ImagePreprocessing.GreyPixels(fer, schema, settings.ImageSize).Append<ITransformer>(fer.Trainers.FeatureExtractor(options));
    }

    public TrainingResult? Result(ITransformer model)
        => model is TransformerChain<ITransformer> { LastTransformer: FeatureExtractorTransformer f } ? f.Model.Training : null;

    // "thermal:../shared/data/thermal" -> "thermal"; a second dataset of the same kind gets its position.
    private static string DatasetName(string spec, int position = 0)
    {
        int colon = spec.IndexOf(':', StringComparison.Ordinal);
        string kind = colon > 0 ? spec[..colon] : "data";
        return position == 0 ? kind : $"{kind}{position}";
    }
}
