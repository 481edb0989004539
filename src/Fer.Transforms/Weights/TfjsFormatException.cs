namespace Fer.Transforms.Weights;

/// <summary>A tfjs weights manifest or shard is missing, malformed, unsafe or inconsistent; the message names the manifest and, where one is at fault, the weight or path.</summary>
public sealed class TfjsFormatException : Exception
{
    /// <summary>Creates an exception.</summary>
    public TfjsFormatException() : base("Malformed tfjs weights.") { }

    /// <summary>Creates an exception with a message.</summary>
    public TfjsFormatException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and an inner exception.</summary>
    public TfjsFormatException(string message, Exception innerException) : base(message, innerException) { }
}
