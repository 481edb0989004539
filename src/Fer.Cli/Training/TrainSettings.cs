using Fer.Trainers.Backbones;
using Fer.Trainers.Supervised;
using Fer.Transforms.Datasets;

namespace Fer.Cli.Training;

/// <summary>What <c>fer train</c> was asked to do (parsed and checked options).</summary>
internal sealed record TrainSettings
{
    public required string Trainer { get; init; }

    public required string Data { get; init; }

    public string? Valid { get; init; }

    public required string Out { get; init; }

    public int? Epochs { get; init; }

    public int Seed { get; init; } = 1;

    public string? Resume { get; init; }

    public int? BatchSize { get; init; }

    public double? LearningRate { get; init; }

    public BackboneKind? Backbone { get; init; }

    public int Width { get; init; }

    /// <summary>Networks trained side by side and averaged (supervised only).</summary>
    public int Ensemble { get; init; } = 1;

    public int ImageSize { get; init; } = 48;

    public OptimizerKind? Optimizer { get; init; }

    public bool Augment { get; init; } = true;

    public int Patience { get; init; }

    /// <summary>Keep the last epoch's weights even with a validation set.</summary>
    public bool KeepLast { get; init; }

    /// <summary>The weight-averaging decay (0 = off; null = the trainer's default).</summary>
    public double? AverageWeights { get; init; }

    /// <summary>Where checkpoints go; null = beside the model (<see cref="DefaultCheckpointDirectory"/>), removed after success.</summary>
    public string? CheckpointDirectory { get; init; }

    public int CheckpointEvery { get; init; }

    public int? Limit { get; init; }

    public int? ValidLimit { get; init; }

    public FerPlusLabelMode FerPlusMode { get; init; } = FerPlusLabelMode.Majority;

    /// <summary>More datasets, KIND:PATH (feature-extractor: one head each).</summary>
    public IReadOnlyList<string> Auxiliary { get; init; } = [];

    /// <summary>The global --verbose (gcn-multitask prints its label graph).</summary>
    public bool Verbose { get; init; }

    /// <summary>"model.zip" -> "model.checkpoints".</summary>
    public string DefaultCheckpointDirectory => Path.ChangeExtension(Path.GetFullPath(Out), ".checkpoints");

    public string EffectiveCheckpointDirectory => CheckpointDirectory is null ? DefaultCheckpointDirectory : Path.GetFullPath(CheckpointDirectory);
}
