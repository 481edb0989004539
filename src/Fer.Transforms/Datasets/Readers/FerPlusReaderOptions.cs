namespace Fer.Transforms.Datasets;

/// <summary>Options of <see cref="FerPlusReader"/>.</summary>
public sealed class FerPlusReaderOptions : DatasetReaderOptions
{
    /// <summary>How votes become a label (default <see cref="FerPlusLabelMode.Majority"/>).</summary>
    public FerPlusLabelMode Mode { get; set; } = FerPlusLabelMode.Majority;

    /// <summary>Drop rows whose top emotions tie (Majority only; default true).</summary>
    public bool DropTies { get; set; } = true;

    /// <summary>Drop rows where 'unknown' has more votes than every emotion (default true).</summary>
    public bool DropUnknown { get; set; } = true;

    /// <summary>Drop rows where 'NF' (not a face) has more votes than every emotion (default true).</summary>
    public bool DropNotFace { get; set; } = true;

    /// <summary>
    /// Keep contempt (default true). When false, rows labelled contempt are dropped (7 classes); in
    /// Probability mode contempt votes are removed before normalising instead.
    /// </summary>
    public bool IncludeContempt { get; set; } = true;

    /// <summary>The label file's name inside the folder (default "label.csv").</summary>
    public string LabelFileName { get; set; } = "label.csv";
}
