namespace Fer.Transforms.Datasets;

/// <summary>How a FER+ row's ten vote counts become a label (Barsoum et al. 2016 and common practice).</summary>
public enum FerPlusLabelMode
{
    /// <summary>The emotion with the most votes among the eight; a tie for the top drops the row unless <see cref="FerPlusReaderOptions.DropTies"/> is false (then the first in canonical order wins).</summary>
    Majority,

    /// <summary>The top emotion's count must be MORE than half the sum of all ten columns (unknown and NF included); other rows are dropped.</summary>
    StrictMajority,

    /// <summary>The emotion with the most votes among the eight, ties broken by canonical order; only rows without any emotion vote are dropped.</summary>
    Plurality,

    /// <summary>The vote distribution over the eight emotions, normalised (<see cref="DatasetRow.Distribution"/>); the label is its first maximum.</summary>
    Probability,
}
