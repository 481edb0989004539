using Fer.MLNet;
using Fer.MLNet.Data;
using Fer.MLNet.Pipeline;
using Fer.Trainers.Training;

namespace Fer.Cli.Training;

/// <summary>One trainer of <c>fer train</c>: the pipeline it fits and what its fitted model tells about training.</summary>
internal interface ITrainerRecipe
{
    /// <summary>The command-line name (<c>fer train NAME</c>).</summary>
    string Name { get; }

    /// <summary>One line for the help text.</summary>
    string Description { get; }

    /// <summary>
    /// The whole pipeline from the dataset's columns to the trained model. <paramref name="common"/> fills in
    /// what every trainer shares (progress, cancellation, checkpoints, resume, seed, epochs, patience).
    /// </summary>
    EstimatorChain<ITransformer> Build(FerContext fer, DataViewSchema schema, TrainSettings settings, Action<TrainingOptions> common);

    /// <summary>The training history held by the fitted model's last step, when it has one.</summary>
    TrainingResult? Result(ITransformer model);

    /// <summary>Adds what the trainer needs and the dataset lacks (e.g. derived valence/arousal); <paramref name="option"/> names the data in errors.</summary>
    IDataView Prepare(FerContext fer, IDataView data, string option) => data;

    /// <summary>Prints what the trainer adds to the classification metrics of the final model on --valid.</summary>
    void PrintExtraMetrics(FerContext fer, Infrastructure.CliConsole console, IDataView scored)
    {
    }
}
