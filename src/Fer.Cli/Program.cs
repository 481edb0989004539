namespace Fer.Cli;

/// <summary>The process entry point; everything else lives in <see cref="FerCli"/>.</summary>
internal static class Program
{
    private static int Main(string[] args) => FerCli.Run(args);
}
