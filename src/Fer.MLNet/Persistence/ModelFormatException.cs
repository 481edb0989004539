namespace Fer.MLNet.Persistence;

/// <summary>
/// A model file (ours or ML.NET's) is truncated, corrupt, oversized or otherwise not what the loader
/// accepts. The one exception type every model loader in the project throws for bad data; the
/// message names the file, the archive entry (when there is one) and the problem.
/// </summary>
public class ModelFormatException : IOException
{
    /// <summary>Creates the exception with a plain message.</summary>
    public ModelFormatException()
        : base("The model file is not valid.")
    {
        Detail = Message;
    }

    /// <summary>Creates the exception with a plain message.</summary>
    public ModelFormatException(string message)
        : base(message)
    {
        Detail = message;
    }

    /// <summary>Creates the exception with a plain message and the exception that caused it.</summary>
    public ModelFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Detail = message;
    }

    /// <summary>
    /// Creates the exception for a problem in <paramref name="fileName"/> (a path or a stream's
    /// display name) and, when given, in the archive entry <paramref name="entryName"/>.
    /// </summary>
    /// <param name="detail">What is wrong and what was expected.</param>
    /// <param name="fileName">The model file or stream name; null when unknown.</param>
    /// <param name="entryName">The archive entry; null when the problem is not in one entry.</param>
    /// <param name="innerException">The exception that caused this one, if any.</param>
    public ModelFormatException(string detail, string? fileName, string? entryName, Exception? innerException = null)
        : base(Compose(detail, fileName, entryName), innerException)
    {
        Detail = detail;
        FileName = fileName;
        EntryName = entryName;
    }

    /// <summary>The model file or stream name the problem was found in; null when unknown.</summary>
    public string? FileName { get; }

    /// <summary>The archive entry the problem was found in; null when it concerns the whole file.</summary>
    public string? EntryName { get; }

    /// <summary>The problem itself, without the file and entry prefix.</summary>
    public string Detail { get; }

    private static string Compose(string detail, string? fileName, string? entryName)
    {
        string where = (fileName, entryName) switch
        {
            (null, null) => "",
            (not null, null) => $"'{fileName}': ",
            (null, not null) => $"entry '{entryName}': ",
            _ => $"'{fileName}', entry '{entryName}': ",
        };
        return where + detail;
    }
}
