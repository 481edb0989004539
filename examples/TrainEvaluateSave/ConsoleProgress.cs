using System.Globalization;
using Fer.Trainers.Training;

namespace TrainEvaluateSave;

/// <summary>Prints a trainer's reports as they come (synchronously, so lines stay in order).</summary>
internal sealed class ConsoleProgress : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value)
    {
        if (value.Phase == "validate")
        {
            Console.WriteLine($"epoch {value.Epoch}: validation " + string.Join(", ", value.Metrics.Select(m => $"{m.Key} {m.Value.ToString("F4", CultureInfo.InvariantCulture)}")));
        }
        else if (value.Step % 10 == 0 || value.Step == value.TotalSteps)
        {
            Console.WriteLine($"epoch {value.Epoch}/{value.Epochs} step {value.Step}/{value.TotalSteps}: loss {value.Loss:F4}, {value.ImagesPerSecond:F0} images/s, ETA {value.Eta:mm\\:ss}");
        }
    }
}
