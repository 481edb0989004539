namespace Fer.MLNet;

/// <summary>A message of <see cref="FerContext.Log"/>.</summary>
public sealed class LoggingEventArgs(string source, string message, LogSeverity severity) : EventArgs
{
    /// <summary>The component that wrote it.</summary>
    public string Source { get; } = source;

    /// <summary>The text.</summary>
    public string Message { get; } = message;

    /// <summary>Its severity.</summary>
    public LogSeverity Severity { get; } = severity;

    /// <inheritdoc />
    public override string ToString() => $"[{Severity}] {Source}: {Message}";
}
