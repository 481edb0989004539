using Fer.Tensors;
using Fer.Tensors.Autograd;
using Fer.Tensors.Nn;
using Fer.Trainers.Supervised;

namespace Fer.Trainers.FeatureExtractor;

/// <summary>
/// An ensemble of trained supervised classifiers as a distillation teacher: its logits are the mean
/// of the members' log-probabilities (the normalised geometric mean of their predictions).
/// </summary>
public sealed class EnsembleTeacher : IDistillationTeacher
{
    private readonly SupervisedModel[] members;

    /// <summary>Creates the ensemble.</summary>
    /// <exception cref="ArgumentException">No member, or members disagree on classes or input shape.</exception>
    public EnsembleTeacher(params SupervisedModel[] members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Length == 0) throw new ArgumentException("An ensemble teacher needs at least one model.", nameof(members));
        SupervisedModel first = members[0] ?? throw new ArgumentException("Member 0 is null.", nameof(members));
        for (int i = 1; i < members.Length; i++)
        {
            SupervisedModel m = members[i] ?? throw new ArgumentException($"Member {i} is null.", nameof(members));
            if (!m.ClassNames.SequenceEqual(first.ClassNames))
                throw new ArgumentException($"Member {i} predicts [{string.Join(", ", m.ClassNames)}]; member 0 predicts [{string.Join(", ", first.ClassNames)}].", nameof(members));
            if (m.InChannels != first.InChannels || m.InputSize != first.InputSize)
                throw new ArgumentException($"Member {i} takes [{m.InChannels}, {m.InputSize}, {m.InputSize}] images; member 0 takes [{first.InChannels}, {first.InputSize}, {first.InputSize}].", nameof(members));
        }
        this.members = [.. members];
    }

    /// <summary>The members.</summary>
    public IReadOnlyList<SupervisedModel> Members => members;

    /// <summary>Class names, in output order.</summary>
    public IReadOnlyList<string> ClassNames => members[0].ClassNames;

    /// <inheritdoc />
    public int ClassCount => members[0].ClassNames.Count;

    /// <summary>Input channels the members expect.</summary>
    public int InChannels => members[0].InChannels;

    /// <summary>Input side the members expect.</summary>
    public int InputSize => members[0].InputSize;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The images are not [N, InChannels, InputSize, InputSize].</exception>
    public Tensor Logits(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Rank != 4 || images.Size(1) != InChannels || images.Size(2) != InputSize || images.Size(3) != InputSize)
            throw new ArgumentException($"The teacher takes images [N, {InChannels}, {InputSize}, {InputSize}]; got {Tensor.FormatShape(images.Shape)}.", nameof(images));
        using var _ = GradMode.NoGrad();
        int n = images.Size(0);
        if (n == 0) return Tensor.Zeros(0, ClassCount);
        var parts = new List<Tensor>();
        // Chunks bound the activation memory of large calls.
        for (int s = 0; s < n; s += ChunkSize)
        {
            Tensor chunk = images.Narrow(0, s, Math.Min(ChunkSize, n - s));
            Tensor? sum = null;
            foreach (SupervisedModel m in members)
            {
                Tensor logProbs = Functional.LogSoftmax(m.Network.Forward(chunk), 1);
                sum = sum is null ? logProbs : sum.Add(logProbs);
            }
            parts.Add(sum!.Div(members.Length));
        }
        return parts.Count == 1 ? parts[0] : Tensor.Concat(parts, 0);
    }

    private const int ChunkSize = 256;
}
