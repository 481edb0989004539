using Fer.Tensors;
using Fer.Tensors.Autograd;
using Fer.Tensors.Inference;
using Fer.Tensors.Nn;
using Fer.Trainers.Heads;
using Fer.Trainers.Inference;
using Fer.Trainers.Training;

namespace Fer.Trainers.Supervised;

/// <summary>
/// A trained expression classifier: one network, or an ensemble of networks whose class probabilities are
/// averaged, with its class names and the input it expects.
/// </summary>
public sealed class SupervisedModel
{
    private readonly ExpressionNetwork[] members;

    /// <summary>Wraps a trained network.</summary>
    public SupervisedModel(ExpressionNetwork network, IReadOnlyList<string> classNames, int inChannels, int inputSize, TrainingResult? training = null)
        : this([network ?? throw new ArgumentNullException(nameof(network))], classNames, inChannels, inputSize, training)
    {
    }

    /// <summary>Wraps an ensemble of trained networks (all with the same classes and input).</summary>
    /// <exception cref="ArgumentException">No member, or a member's head has another number of outputs than there are classes.</exception>
    public SupervisedModel(IReadOnlyList<ExpressionNetwork> members, IReadOnlyList<string> classNames, int inChannels, int inputSize, TrainingResult? training = null)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(classNames);
        if (members.Count == 0) throw new ArgumentException("A model needs at least one network.", nameof(members));
        for (int i = 0; i < members.Count; i++)
            if (members[i] is null) throw new ArgumentException($"Member {i} is null.", nameof(members));
        this.members = [.. members];
        ClassNames = classNames;
        InChannels = inChannels;
        InputSize = inputSize;
        Training = training;
        foreach (ExpressionNetwork m in this.members) m.Eval();
        plans = new PlanCache(graph =>
        {
            var probabilities = new List<InferenceValue>();
            var features = new List<InferenceValue>();
            foreach (ExpressionNetwork m in this.members)
            {
                var (logits, f) = m.DescribeWithFeatures(graph, graph.Input);
                probabilities.Add(graph.Softmax(logits));
                features.Add(f);
            }
            return [graph.Mean([.. probabilities]), graph.Concat([.. features])];
        });
    }

    private readonly PlanCache plans;

    /// <summary>The network (in evaluation mode); for an ensemble, its first member.</summary>
    public ExpressionNetwork Network => members[0];

    /// <summary>The networks whose probabilities are averaged (one unless this is an ensemble), in evaluation mode.</summary>
    public IReadOnlyList<ExpressionNetwork> Members => members;

    /// <summary>Length of the feature vector: the members' backbone features, concatenated in member order.</summary>
    public int FeatureSize => members.Sum(m => m.Backbone.FeatureSize);

    /// <summary>Class names, in output order.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>Input side in pixels.</summary>
    public int InputSize { get; }

    /// <summary>The training history, when this model was trained in this process.</summary>
    public TrainingResult? Training { get; }

    /// <summary>
    /// Class probabilities [N, K] (for an ensemble, the mean of the members' probabilities) and features
    /// [N, <see cref="FeatureSize"/>] of normalised images [N, C, H, W], computed in chunks of
    /// <paramref name="batchSize"/>. The first call compiles the networks into an inference plan (fused,
    /// channel-blocked kernels; networks without an inference description run op by op), so later
    /// changes to their weights are not seen. Thread-safe.
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
            if (plans.TryRun(chunk) is { } compiled)
            {
                probs.Add(compiled[0]);
                feats.Add(compiled[1]);
                continue;
            }

            Tensor? sum = null;
            var memberFeatures = new List<Tensor>(members.Length);
            foreach (ExpressionNetwork m in members)
            {
                var (logits, features) = m.ForwardWithFeatures(chunk);
                Tensor p = Functional.Softmax(logits, 1);
                sum = sum is null ? p : sum.Add(p);
                memberFeatures.Add(features);
            }
            probs.Add(members.Length == 1 ? sum! : sum!.Div(members.Length));
            feats.Add(members.Length == 1 ? memberFeatures[0] : Tensor.Concat(memberFeatures, 1));
        }
        return n == 0 ? (Tensor.Zeros(0, ClassNames.Count), Tensor.Zeros(0, FeatureSize)) : (Tensor.Concat(probs, 0), Tensor.Concat(feats, 0));
    }
}
