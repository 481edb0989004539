using System.CommandLine;

namespace Fer.Cli.Infrastructure;

/// <summary>Options every command accepts.</summary>
internal static class GlobalOptions
{
    public static Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Print stack traces on errors and the library's log messages.",
        Recursive = true,
    };

    public static Option<int?> Threads { get; } = new("--threads")
    {
        Description = "Threads for the tensor engine (default: FER_NUM_THREADS or the processor count). Runs with the same seed and thread count are bit-identical.",
        Recursive = true,
    };
}
