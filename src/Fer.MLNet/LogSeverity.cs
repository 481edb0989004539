namespace Fer.MLNet;

/// <summary>How important a log message is.</summary>
public enum LogSeverity
{
    /// <summary>Detail for debugging.</summary>
    Trace,

    /// <summary>Normal progress.</summary>
    Info,

    /// <summary>Something was skipped or fell back.</summary>
    Warning,
}
