namespace Fer.Cli.Infrastructure;

/// <summary>What every command gets: the console, the process's cancellation (Ctrl-C) and the global options' values.</summary>
internal sealed class CliContext(CliConsole console, CancellationToken cancellation)
{
    public CliConsole Console { get; } = console;

    /// <summary>Cancelled by Ctrl-C (or by the caller of <see cref="FerCli.Run(string[], TextWriter, TextWriter, CancellationToken)"/>).</summary>
    public CancellationToken Cancellation { get; } = cancellation;
}
