using System.Globalization;
using Fer.Cli.Infrastructure;
using Fer.Trainers.Training;
using Spectre.Console;

namespace Fer.Cli.Training;

/// <summary>
/// Shows a trainer's reports: a live progress bar on a terminal (epoch, step, loss, images/s, ETA), or,
/// when the output is redirected, a line about every 5 % of the steps and at each epoch's end. Validation
/// metrics are printed as one line per epoch in both cases.
/// </summary>
internal sealed class TrainingProgressDisplay : IProgress<TrainingProgress>
{
    private readonly CliConsole console;
    private ProgressTask? bar;
    private long nextLine;

    public TrainingProgressDisplay(CliConsole console) => this.console = console;

    /// <summary>Runs <paramref name="work"/> with the display live (a Spectre progress bar on a terminal).</summary>
    public T Run<T>(Func<T> work)
    {
        if (!console.IsInteractive) return work();
        T result = default!;
        console.Out.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                bar = ctx.AddTask("starting", maxValue: 1);
                result = work();
                bar.Value = bar.MaxValue;
            });
        return result;
    }

    public void Report(TrainingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Phase == "validate")
        {
            console.Line($"epoch {value.Epoch}/{value.Epochs}  validation: {FormatMetrics(value.Metrics)}");
            return;
        }
        string text = $"epoch {value.Epoch}/{value.Epochs}  step {value.Step}/{value.TotalSteps}  loss {value.Loss.ToString("F4", CultureInfo.InvariantCulture)}  "
            + $"{value.ImagesPerSecond.ToString("F0", CultureInfo.InvariantCulture)} img/s  ETA {FormatTime(value.Eta)}";
        if (bar is not null)
        {
            bar.MaxValue = value.TotalSteps;
            bar.Value = value.Step;
            bar.Description = Markup.Escape(text);
            return;
        }
        long every = Math.Max(1, value.TotalSteps / 20);
        long stepsPerEpoch = Math.Max(1, value.TotalSteps / Math.Max(1, value.Epochs));
        bool epochEnd = value.Step % stepsPerEpoch == 0;
        if (value.Step >= nextLine || epochEnd || value.Step == value.TotalSteps)
        {
            console.Line(text);
            nextLine = (value.Step / every + 1) * every;
        }
    }

    /// <summary>"accuracy 0.5120  macro_f1 0.3012  loss 1.2345".</summary>
    public static string FormatMetrics(IReadOnlyDictionary<string, double> metrics)
        => string.Join("  ", metrics.Select(m => $"{m.Key} {m.Value.ToString("F4", CultureInfo.InvariantCulture)}"));

    private static string FormatTime(TimeSpan? t) => t is { } v ? v.ToString(v.TotalHours >= 1 ? @"h\:mm\:ss" : @"mm\:ss", CultureInfo.InvariantCulture) : "--:--";
}
