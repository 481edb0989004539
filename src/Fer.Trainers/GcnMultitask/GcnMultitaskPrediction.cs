using Fer.Tensors;

namespace Fer.Trainers.GcnMultitask;

/// <summary>What a GCN multi-task model predicts for a batch.</summary>
/// <param name="Probabilities">Class probabilities [N, K].</param>
/// <param name="Valence">Predicted valence per example.</param>
/// <param name="Arousal">Predicted arousal per example.</param>
/// <param name="Features">The features the head read [N, F] (backbone output, or the input vectors).</param>
public sealed record GcnMultitaskPrediction(Tensor Probabilities, float[] Valence, float[] Arousal, Tensor Features);
