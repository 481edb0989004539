namespace Fer.Tensors.Nn;

/// <summary>How a loss combines its per-element (or per-sample) values, as PyTorch's <c>reduction</c> argument.</summary>
public enum Reduction
{
    /// <summary>The average (for class-weighted losses: divided by the total weight of the counted targets). PyTorch's default.</summary>
    Mean = 0,

    /// <summary>The sum.</summary>
    Sum = 1,

    /// <summary>No reduction: one value per sample or element.</summary>
    None = 2,

    /// <summary>The sum divided by the batch size (dimension 0); only <see cref="Losses.KlDivergence"/> accepts it, as in PyTorch.</summary>
    BatchMean = 3,
}
