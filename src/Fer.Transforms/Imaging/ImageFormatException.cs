namespace Fer.Transforms.Imaging;

/// <summary>
/// The one exception the image layer throws for bad image data: an unknown format, a corrupt,
/// truncated or unsupported file, or one whose header exceeds the caps of <see cref="DecodeOptions"/>.
/// The message says what was wrong and, when the image was loaded from a file, names the file.
/// </summary>
public sealed class ImageFormatException : FormatException
{
    /// <summary>Creates an exception with a generic message.</summary>
    public ImageFormatException() : base("Invalid image data.") { }

    /// <summary>Creates an exception that says what was wrong.</summary>
    public ImageFormatException(string message) : base(message) { Reason = message; }

    /// <summary>Creates an exception that says what was wrong, with the exception that revealed it.</summary>
    public ImageFormatException(string message, Exception? innerException) : base(message, innerException) { Reason = message; }

    /// <summary>Creates an exception for a file: the message is "<paramref name="filePath"/>: <paramref name="reason"/>".</summary>
    public ImageFormatException(string reason, string? filePath, Exception? innerException)
        : base(filePath is null ? reason : $"{filePath}: {reason}", innerException)
    {
        Reason = reason;
        FilePath = filePath;
    }

    /// <summary>What was wrong with the data, without the file name.</summary>
    public string Reason { get; } = "Invalid image data.";

    /// <summary>The file the data came from, or null when it was decoded from memory.</summary>
    public string? FilePath { get; }
}
