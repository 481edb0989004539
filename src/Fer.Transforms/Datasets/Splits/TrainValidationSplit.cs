namespace Fer.Transforms.Datasets;

/// <summary>A split of a list into training and validation parts, as ascending indices into the list.</summary>
public sealed class TrainValidationSplit
{
    /// <summary>Creates a split from index arrays.</summary>
    public TrainValidationSplit(int[] train, int[] validation)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        Train = train;
        Validation = validation;
    }

    /// <summary>Indices of the training part, ascending.</summary>
    public IReadOnlyList<int> Train { get; }

    /// <summary>Indices of the validation part, ascending.</summary>
    public IReadOnlyList<int> Validation { get; }

    /// <summary>The training items of <paramref name="items"/>.</summary>
    public IReadOnlyList<T> SelectTrain<T>(IReadOnlyList<T> items) => [.. Train.Select(i => items[i])];

    /// <summary>The validation items of <paramref name="items"/>.</summary>
    public IReadOnlyList<T> SelectValidation<T>(IReadOnlyList<T> items) => [.. Validation.Select(i => items[i])];
}
