using Fer.Tensors.Random;

namespace Fer.Trainers.Training;

/// <summary>
/// Which batch a training step processes, and a generator seeded from (seed, epoch, batch) alone,
/// so the step's randomness (augmentation, dropout) is the same whether or not the run was resumed.
/// </summary>
/// <param name="Epoch">0-based epoch.</param>
/// <param name="BatchIndex">0-based batch within the epoch.</param>
/// <param name="GlobalStep">0-based step over all epochs.</param>
/// <param name="Random">The step's generator.</param>
public readonly record struct StepContext(int Epoch, int BatchIndex, long GlobalStep, Generator Random);
