using System.CommandLine;
using Fer.Cli.Commands;
using Fer.Cli.Infrastructure;
using Fer.Tensors.Threading;
using Spectre.Console;

namespace Fer.Cli;

/// <summary>
/// The <c>fer</c> command line: builds the command tree, runs one command and turns failures into one
/// red line and a non-zero exit code (a stack trace only with <c>--verbose</c>). The process entry point
/// and the tests call the same <see cref="Run(string[], TextWriter, TextWriter, CancellationToken)"/>.
/// </summary>
public static class FerCli
{
    /// <summary>Exit code of a successful run.</summary>
    public const int Success = 0;

    /// <summary>Exit code of a failed command (bad input, unreadable file, training error).</summary>
    public const int Failure = 1;

    /// <summary>Exit code of a command line that does not parse.</summary>
    public const int UsageError = 2;

    /// <summary>Exit code after Ctrl-C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;

    /// <summary>Runs <c>fer</c> on the process's console; Ctrl-C cancels the running command.</summary>
    public static int Run(string[] args)
    {
        using var cts = new CancellationTokenSource();
        void OnCancel(object? sender, ConsoleCancelEventArgs e)
        {
            // The first Ctrl-C asks the command to stop cleanly (training writes a checkpoint); a second one kills.
            if (cts.IsCancellationRequested) return;
            e.Cancel = true;
            cts.Cancel();
        }
        Console.CancelKeyPress += OnCancel;
        try
        {
            bool terminal = !Console.IsOutputRedirected;
            return Run(args, Console.Out, Console.Error, terminal, cts.Token);
        }
        finally
        {
            Console.CancelKeyPress -= OnCancel;
        }
    }

    /// <summary>Runs <c>fer</c> with its output and errors written to the given writers (plain text, no colours).</summary>
    /// <param name="args">The command line, without the program name.</param>
    /// <param name="output">Results: tables, metrics, progress.</param>
    /// <param name="error">Errors and warnings.</param>
    /// <param name="cancellation">Stops a running command (as Ctrl-C does).</param>
    /// <returns>The exit code: <see cref="Success"/>, <see cref="Failure"/>, <see cref="UsageError"/> or <see cref="Cancelled"/>.</returns>
    public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancellation = default)
        => Run(args, output, error, terminal: false, cancellation);

    private static int Run(string[] args, TextWriter output, TextWriter error, bool terminal, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var console = new CliConsole(output, error, terminal);
        var context = new CliContext(console, cancellation);
        RootCommand root = BuildRoot(context);
        ParseResult parse = root.Parse(args.Length == 0 ? ["--help"] : args);
        console.Verbose = parse.GetValue(GlobalOptions.Verbose);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) console.Error(e.Message);
            string command = parse.CommandResult.Command is RootCommand ? "fer" : "fer " + parse.CommandResult.Command.Name;
            console.Err.WriteLine($"Run '{command} --help' for usage.");
            return UsageError;
        }

        int threads = Parallelism.ThreadCount;
        try
        {
            if (parse.GetValue(GlobalOptions.Threads) is int n)
            {
                if (n < 1) throw new CliException($"--threads must be at least 1, got {n}.");
                Parallelism.ThreadCount = n;
            }
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            console.Error("cancelled.");
            return Cancelled;
        }
        catch (Exception e)
        {
            console.Error(ErrorMessages.Describe(e));
            if (console.Verbose) console.Err.WriteLine(e.ToString());
            return Failure;
        }
        finally
        {
            Parallelism.ThreadCount = threads;
        }
    }

    /// <summary>The command tree.</summary>
    internal static RootCommand BuildRoot(CliContext context)
    {
        var root = new RootCommand("fer: facial expression recognition on the CPU. Detect faces and expressions, train, evaluate and inspect models.")
        {
            DemoCommand.Create(context),
            DetectCommand.Create(context),
            PredictCommand.Create(context),
            EvaluateCommand.Create(context),
            TrainCommand.Create(context),
            InfoCommand.Create(context),
            ExportCommand.Create(context),
        };
        root.Options.Add(GlobalOptions.Verbose);
        root.Options.Add(GlobalOptions.Threads);
        return root;
    }
}
