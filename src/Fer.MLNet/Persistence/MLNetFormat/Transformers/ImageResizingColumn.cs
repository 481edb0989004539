namespace Fer.MLNet.Persistence.MLNetFormat.Transformers;

/// <summary>One column of ML.NET's ImageResizingTransformer.</summary>
public sealed record ImageResizingColumn
{
    /// <summary>Creates the column settings.</summary>
    /// <exception cref="ArgumentException">A name is empty, a size is not positive, or an enum value is undefined.</exception>
    public ImageResizingColumn(string output, string input, int width, int height,
        MLNetResizingKind resizing = MLNetResizingKind.IsoCrop, MLNetAnchor anchor = MLNetAnchor.Center)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(output);
        ArgumentException.ThrowIfNullOrWhiteSpace(input);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (!Enum.IsDefined(resizing)) throw new ArgumentOutOfRangeException(nameof(resizing), resizing, "undefined resizing kind.");
        if (!Enum.IsDefined(anchor)) throw new ArgumentOutOfRangeException(nameof(anchor), anchor, "undefined anchor.");
        Output = output;
        Input = input;
        Width = width;
        Height = height;
        Resizing = resizing;
        Anchor = anchor;
    }

    /// <summary>The output (resized image) column.</summary>
    public string Output { get; }

    /// <summary>The input image column.</summary>
    public string Input { get; }

    /// <summary>Target width in pixels.</summary>
    public int Width { get; }

    /// <summary>Target height in pixels.</summary>
    public int Height { get; }

    /// <summary>How the image is fitted to the target size.</summary>
    public MLNetResizingKind Resizing { get; }

    /// <summary>Where an IsoCrop crop is anchored.</summary>
    public MLNetAnchor Anchor { get; }
}
