namespace Fer.Transforms.Datasets;

/// <summary>One fold of a K-fold split: the indices to train on and to test on, both ascending.</summary>
public sealed class Fold
{
    /// <summary>Creates a fold.</summary>
    public Fold(int index, int[] train, int[] test)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        Index = index;
        Train = train;
        Test = test;
    }

    /// <summary>The fold number, 0..K-1.</summary>
    public int Index { get; }

    /// <summary>Indices of the training part (every other fold), ascending.</summary>
    public IReadOnlyList<int> Train { get; }

    /// <summary>Indices held out in this fold, ascending.</summary>
    public IReadOnlyList<int> Test { get; }
}
