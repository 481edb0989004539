using Fer.MLNet;
using Fer.MLNet.Data;
using Fer.MLNet.Pipeline;
using Fer.MLNet.Trainers.Supervised;
using Fer.Trainers.Augmentation;
using Fer.Trainers.Training;

namespace Fer.Cli.Training;

/// <summary><c>fer train supervised</c>: grey images to an expression classifier (<c>fer.Trainers.Supervised</c>), FER+ vote distributions as targets when present.</summary>
internal sealed class SupervisedRecipe : ITrainerRecipe
{
    public string Name => "supervised";

    public string Description => "expression classifier (VGG-style, ResNet-18 or MobileFaceNet) on grey face images; FER+ vote distributions as targets";

    public EstimatorChain<ITransformer> Build(FerContext fer, DataViewSchema schema, TrainSettings settings, Action<TrainingOptions> common)
    {
        var options = new SupervisedClassifierEstimator.Options();
        if (settings.Backbone is { } b) options.Backbone = b;
        options.BackboneWidth = settings.Width;
        options.EnsembleSize = settings.Ensemble;
        if (settings.LearningRate is double lr) options.LearningRate = lr;
        if (settings.Optimizer is { } o) options.Optimizer = o;
        if (!settings.Augment) options.Augmentation = AugmentationOptions.None;
        common(options);
        return ImagePreprocessing.GreyPixels(fer, schema, settings.ImageSize).Append<ITransformer>(fer.Trainers.Supervised(options));
    }

    public TrainingResult? Result(ITransformer model)
        => model is TransformerChain<ITransformer> { LastTransformer: ExpressionClassifierTransformer c } ? c.Model.Training : null;
}
