using Spectre.Console;

namespace Fer.Cli.Infrastructure;

/// <summary>
/// Where a command writes: results (tables, metrics) to <see cref="Out"/>, errors and warnings to
/// <see cref="Err"/>. Both are Spectre consoles over the given writers; colours and live progress only
/// when the writer is a terminal, so redirected output and tests get plain text.
/// </summary>
internal sealed class CliConsole
{
    public CliConsole(TextWriter output, TextWriter error, bool terminal)
    {
        Out = Create(output, terminal);
        Err = Create(error, terminal);
        IsInteractive = terminal;
    }

    /// <summary>Results.</summary>
    public IAnsiConsole Out { get; }

    /// <summary>Errors, warnings and log messages.</summary>
    public IAnsiConsole Err { get; }

    /// <summary>True when writing to a terminal (live progress bars); false for files, pipes and tests (one line per report).</summary>
    public bool IsInteractive { get; }

    /// <summary>Print stack traces and the library's log messages.</summary>
    public bool Verbose { get; set; }

    /// <summary>A plain line (no markup).</summary>
    public void Line(string text = "") => Out.WriteLine(text);

    /// <summary>A line with Spectre markup.</summary>
    public void Markup(string markup) => Out.MarkupLine(markup);

    /// <summary>One red line on the error stream.</summary>
    public void Error(string message) => Err.MarkupLine($"[red]error: {Spectre.Console.Markup.Escape(message)}[/]");

    /// <summary>One yellow line on the error stream.</summary>
    public void Warn(string message) => Err.MarkupLine($"[yellow]warning: {Spectre.Console.Markup.Escape(message)}[/]");

    /// <summary>A grey line on the error stream, only with --verbose.</summary>
    public void Debug(string message)
    {
        if (Verbose) Err.MarkupLine($"[grey]{Spectre.Console.Markup.Escape(message)}[/]");
    }

    private static IAnsiConsole Create(TextWriter writer, bool terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        // Redirected output has no window width: Spectre would assume 80 columns and wrap long lines
        // (an error line must stay one line for scripts and logs); tables size to their content anyway.
        if (!terminal) console.Profile.Width = 2000;
        return console;
    }
}
