namespace Fer.Trainers.FeatureExtractor;

/// <summary>How the training datasets of a <see cref="FeatureExtractorTrainer"/> share the rows of a batch.</summary>
public enum DatasetSampling
{
    /// <summary>
    /// One shuffled pass over the union of the datasets per epoch, cut into batches: every example is
    /// seen once per epoch and a batch mixes the datasets in proportion to their sizes (on average).
    /// </summary>
    Proportional,

    /// <summary>
    /// The rows of every batch are taken from the datasets in turn (row j from dataset j mod D), so
    /// each batch holds equal shares. The epoch ends when the largest dataset has been seen once;
    /// a smaller dataset starts a fresh shuffled pass whenever it runs out (it is repeated).
    /// </summary>
    RoundRobin,
}
