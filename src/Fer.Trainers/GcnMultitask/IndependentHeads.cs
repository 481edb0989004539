using Fer.Tensors;
using Fer.Tensors.Inference;
using Fer.Tensors.Nn;
using Fer.Tensors.Random;

namespace Fer.Trainers.GcnMultitask;

/// <summary>
/// The ablation baseline of the GCN head: two independent linear heads on the same features, a
/// classifier ("classifier", K outputs) and a valence/arousal regressor ("regressor", 2 outputs),
/// concatenated to the GCN head's output layout [N, K + 2].
/// </summary>
public sealed class IndependentHeads : Module
{
    /// <summary>Creates the heads.</summary>
    public IndependentHeads(int featureSize, int classes, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        FeatureSize = featureSize;
        Classes = classes;
        Classifier = RegisterModule("classifier", new Linear(featureSize, classes, generator: generator));
        Regressor = RegisterModule("regressor", new Linear(featureSize, 2, generator: generator));
    }

    /// <summary>Length of the feature vector.</summary>
    public int FeatureSize { get; }

    /// <summary>Number of expression classes.</summary>
    public int Classes { get; }

    /// <summary>The expression classifier.</summary>
    public Linear Classifier { get; }

    /// <summary>The valence/arousal regressor.</summary>
    public Linear Regressor { get; }

    /// <summary>Outputs [N, K + 2] (logits, valence, arousal) of features [N, FeatureSize].</summary>
    /// <exception cref="ArgumentException">The features are not [N, FeatureSize].</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 2 || input.Size(1) != FeatureSize)
            throw new ArgumentException($"IndependentHeads expects features [N, {FeatureSize}]; got {Tensor.FormatShape(input.Shape)}.", nameof(input));
        return Tensor.Concat([Classifier.Forward(input), Regressor.Forward(input)], 1);
    }

    /// <inheritdoc />
    public override InferenceValue Describe(InferenceGraph graph, InferenceValue input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return graph.Concat(Classifier.Describe(graph, input), Regressor.Describe(graph, input));
    }
}
