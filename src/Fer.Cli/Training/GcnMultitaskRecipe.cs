using System.Globalization;
using Fer.Cli.Infrastructure;
using Fer.MLNet;
using Fer.MLNet.Data;
using Fer.MLNet.Pipeline;
using Fer.MLNet.Trainers.GcnMultitask;
using Fer.Trainers.Training;

namespace Fer.Cli.Training;

/// <summary>
/// <c>fer train gcn-multitask</c>: expressions plus valence/arousal with classifiers and regressors made by a
/// graph convolutional network over the label graph (<c>fer.Trainers.GcnMultitask</c>). Valence and arousal
/// come from the dataset (AffectNet) or, for FER+, are derived from the vote distributions.
/// </summary>
internal sealed class GcnMultitaskRecipe : ITrainerRecipe
{
    public string Name => "gcn-multitask";

    public string Description => "expressions plus valence/arousal through a GCN over the label graph; FER+ gets derived valence/arousal; --verbose prints the adjacency";

    public EstimatorChain<ITransformer> Build(FerContext fer, DataViewSchema schema, TrainSettings settings, Action<TrainingOptions> common)
    {
        var options = new GcnMultitaskEstimator.Options { Verbose = settings.Verbose };
        if (settings.Backbone is { } b) options.Backbone = b;
        options.BackboneWidth = settings.Width;
        if (settings.LearningRate is double lr) options.LearningRate = lr;
        if (settings.Optimizer is { } o) options.Optimizer = o;
        common(options);
        return ImagePreprocessing.GreyPixels(fer, schema, settings.ImageSize).Append<ITransformer>(fer.Trainers.GcnMultitask(options));
    }

    public TrainingResult? Result(ITransformer model)
        => model is TransformerChain<ITransformer> { LastTransformer: GcnMultitaskTransformer g } ? g.Model.Training : null;

    public IDataView Prepare(FerContext fer, IDataView data, string option)
    {
        if (data.Schema.GetColumnOrNull("Valence") is not null && data.Schema.GetColumnOrNull("Arousal") is not null) return data;
        if (data.Schema.GetColumnOrNull("Distribution") is null)
            throw new CliException($"{option}: gcn-multitask needs Valence and Arousal columns (affectnet:FILE.csv) or FER+ vote distributions to derive them from (ferplus:FOLDER); this dataset has neither (columns: {data.Schema}).");
        return fer.Trainers.DeriveValenceArousal(data);
    }

    public void PrintExtraMetrics(FerContext fer, CliConsole console, IDataView scored)
    {
        var va = fer.Evaluate.ValenceArousal(scored);
        console.Line(string.Create(CultureInfo.InvariantCulture, $"valence: CCC {va.Valence.Ccc:F4}, RMSE {va.Valence.Rmse:F4}"));
        console.Line(string.Create(CultureInfo.InvariantCulture, $"arousal: CCC {va.Arousal.Ccc:F4}, RMSE {va.Arousal.Rmse:F4}"));
    }
}
