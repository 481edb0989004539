namespace Fer.MLNet.Persistence.MLNetFormat;

/// <summary>
/// An ML.NET model holds a component we can read but not run: the message names its loader
/// signature, its entry and the components that are supported.
/// </summary>
public sealed class UnsupportedTransformerException : NotSupportedException
{
    /// <summary>Creates the exception.</summary>
    public UnsupportedTransformerException()
        : base("The ML.NET model holds a transformer that cannot be run.")
    {
        LoaderSignature = "";
    }

    /// <summary>Creates the exception with a plain message.</summary>
    public UnsupportedTransformerException(string message)
        : base(message)
    {
        LoaderSignature = "";
    }

    /// <summary>Creates the exception with a plain message and its cause.</summary>
    public UnsupportedTransformerException(string message, Exception? innerException)
        : base(message, innerException)
    {
        LoaderSignature = "";
    }

    /// <summary>Creates the exception for the component <paramref name="loaderSignature"/> at <paramref name="entryName"/>.</summary>
    public UnsupportedTransformerException(string loaderSignature, string? sourceName, string entryName, IEnumerable<string> supported)
        : base($"{(sourceName is null ? "" : $"'{sourceName}', ")}entry '{entryName}': the ML.NET transformer '{loaderSignature}' is not supported; " +
               $"only {string.Join(", ", supported)} can be run.")
    {
        LoaderSignature = loaderSignature;
        SourceName = sourceName;
        EntryName = entryName;
    }

    /// <summary>The loader signature of the unsupported component.</summary>
    public string LoaderSignature { get; }

    /// <summary>The model file, when known.</summary>
    public string? SourceName { get; }

    /// <summary>The component's Model.key entry.</summary>
    public string? EntryName { get; }
}
