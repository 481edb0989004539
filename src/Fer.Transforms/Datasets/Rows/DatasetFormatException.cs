namespace Fer.Transforms.Datasets;

/// <summary>
/// A dataset file or folder is missing or malformed. The message names the file, the line (when
/// there is one) and what was expected; <see cref="File"/> and <see cref="Line"/> hold them too.
/// </summary>
public sealed class DatasetFormatException : Exception
{
    /// <summary>Creates an exception without location.</summary>
    public DatasetFormatException() : base("Malformed dataset.") { }

    /// <summary>Creates an exception with a message.</summary>
    public DatasetFormatException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and an inner exception.</summary>
    public DatasetFormatException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates an exception located at <paramref name="file"/>, line <paramref name="line"/> (0 = no line).</summary>
    public DatasetFormatException(string file, int line, string problem, Exception? innerException = null)
        : base(Locate(file, line) + ": " + problem, innerException)
    {
        File = file;
        Line = line;
    }

    /// <summary>Creates an exception located at a row's origin.</summary>
    public DatasetFormatException(RowOrigin origin, string problem, Exception? innerException = null)
        : this(origin.File, origin.Line, problem, innerException) { }

    /// <summary>The file or folder at fault, or null.</summary>
    public string? File { get; }

    /// <summary>The 1-based line at fault, or 0 when the fault is not on a line.</summary>
    public int Line { get; }

    private static string Locate(string file, int line) => line > 0 ? $"{file}, line {line}" : file;
}
