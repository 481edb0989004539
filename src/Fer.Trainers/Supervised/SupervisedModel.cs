using Fer.Tensors;
using Fer.Tensors.Autograd;
using Fer.Tensors.Nn;
using Fer.Trainers.Heads;
using Fer.Trainers.Training;

namespace Fer.Trainers.Supervised;

/// <summary>A trained expression classifier: the network, its class names and the input it expects.</summary>
public sealed class SupervisedModel
{
    /// <summary>Wraps a trained network.</summary>
    public SupervisedModel(ExpressionNetwork network, IReadOnlyList<string> classNames, int inChannels, int inputSize, TrainingResult? training = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(classNames);
        Network = network;
        ClassNames = classNames;
        InChannels = inChannels;
        InputSize = inputSize;
        Training = training;
        network.Eval();
    }

    /// <summary>The network (in evaluation mode).</summary>
    public ExpressionNetwork Network { get; }

    /// <summary>Class names, in output order.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>Input side in pixels.</summary>
    public int InputSize { get; }

    /// <summary>The training history, when this model was trained in this process.</summary>
    public TrainingResult? Training { get; }

    /// <summary>
    /// Class probabilities [N, K] and features [N, F] of normalised images [N, C, H, W], computed in
    /// chunks of <paramref name="batchSize"/>. Thread-safe: evaluation mode, no graph.
    /// </summary>
    public (Tensor Probabilities, Tensor Features) Predict(Tensor images, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var _ = GradMode.NoGrad();
        var probs = new List<Tensor>();
        var feats = new List<Tensor>();
        int n = images.Size(0);
        for (int s = 0; s < n; s += batchSize)
        {
            Tensor chunk = images.Narrow(0, s, Math.Min(batchSize, n - s));
            var (logits, features) = Network.ForwardWithFeatures(chunk);
            probs.Add(Functional.Softmax(logits, 1));
            feats.Add(features);
        }
        return n == 0 ? (Tensor.Zeros(0, ClassNames.Count), Tensor.Zeros(0, Network.Backbone.FeatureSize)) : (Tensor.Concat(probs, 0), Tensor.Concat(feats, 0));
    }
}
