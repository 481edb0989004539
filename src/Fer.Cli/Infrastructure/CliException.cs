namespace Fer.Cli.Infrastructure;

/// <summary>A problem with what the user asked for (a missing file, a bad option value): printed as one red line, no stack trace.</summary>
internal sealed class CliException : Exception
{
    public CliException(string message) : base(message) { }

    public CliException(string message, Exception inner) : base(message, inner) { }

    public CliException() { }
}
