using System.CommandLine;
using Fer.Cli.Data;
using Fer.Cli.Evaluation;
using Fer.Cli.Faces;
using Fer.Cli.Infrastructure;
using Fer.Cli.Scoring;
using Fer.MLNet;
using Fer.MLNet.Data;
using Fer.MLNet.Pipeline;
using Fer.MLNet.Trainers.Supervised;
using Fer.Trainers.Metrics;
using Fer.Transforms.Datasets;
using Fer.Transforms.Faces;

namespace Fer.Cli.Commands;

/// <summary>
/// <c>fer evaluate --model MODEL --data KIND:PATH [--report DIR] [--json FILE]</c>: multiclass metrics of a
/// model zip or the pretrained expression model on a labelled dataset. FER+ labels follow the strict-majority
/// protocol by default; labels map to the model's classes through the expression taxonomy, and rows whose
/// class the model lacks (contempt, for the 7-class pretrained model) are left out and counted.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model", "-m") { Description = "A model zip, or 'pretrained' for the face-api expression model.", Required = true };
        var data = new Option<string>("--data", "-d") { Description = "Labelled data, KIND:PATH (e.g. ferplus:../shared/data/ferplus/FER2013Valid).", Required = true };
        var report = new Option<string?>("--report") { Description = "Folder for confusion_matrix.png, metrics.txt and metrics.json." };
        var json = new Option<string?>("--json") { Description = "Write the metrics as JSON to this file." };
        var limit = new Option<int?>("--limit") { Description = "Evaluate the first N rows only." };
        var detect = new Option<bool>("--detect") { Description = "Pretrained only: find the largest face with the detector first (for photos that are not face crops)." };
        var ferPlusMode = new Option<string>("--ferplus-mode") { Description = "How FER+ votes become labels: strict-majority (default, the FER+ evaluation protocol), majority, plurality, probability.", DefaultValueFactory = _ => "strict-majority" };
        ferPlusMode.AcceptOnlyFromAmong([.. DatasetLoader.FerPlusModes.Keys]);
        var flip = new Option<bool>("--flip-tta") { Description = "Trained classifiers: average the scores of each image and of its mirror image (test-time augmentation, twice the compute)." };
        var shift = new Option<int>("--shift-tta") { Description = "Trained classifiers: also average four copies of each image shifted diagonally by this many pixels (edges reflected; 5 views, 10 with --flip-tta)." };
        var command = new Command("evaluate", "Measure a model's accuracy, F1 and confusion matrix on a labelled dataset.") { model, data, report, json, limit, detect, ferPlusMode, flip, shift };
        command.SetAction(p => Execute(context, p.GetValue(model)!, p.GetValue(data)!, p.GetValue(report), p.GetValue(json), p.GetValue(limit),
            p.GetValue(detect), DatasetLoader.FerPlusModes[p.GetValue(ferPlusMode)!], p.GetValue(flip), p.GetValue(shift)));
        return command;
    }

    internal static int Execute(CliContext context, string model, string dataSpec, string? reportFolder, string? jsonFile, int? limit, bool detect, FerPlusLabelMode ferPlusMode,
        bool flipTta = false, int shiftTta = 0)
    {
        CliConsole console = context.Console;
        bool pretrained = PretrainedModels.IsPretrained(model);
        if (!pretrained && !File.Exists(model)) throw new CliException($"Model file '{model}' does not exist (or use --model pretrained).");
        if (detect && !pretrained) throw new CliException("--detect applies to --model pretrained only.");
        if (flipTta && pretrained) throw new CliException("--flip-tta applies to trained classifiers, not to --model pretrained.");
        if (shiftTta != 0 && pretrained) throw new CliException("--shift-tta applies to trained classifiers, not to --model pretrained.");
        if (shiftTta < 0) throw new CliException($"--shift-tta must be a number of pixels, 0 or more (got {shiftTta}).");
        var fer = new FerContext();
        if (console.Verbose) fer.Log += (_, e) => console.Debug($"[{e.Source}] {e.Message}");

        // Load the model first: a corrupt file is reported before any image is read.
        TransformerChain<ITransformer>? chain = null;
        IReadOnlyList<string> classes;
        if (pretrained)
        {
            classes = FaceExpressionNet.Classes.Names;
        }
        else
        {
            chain = fer.Model.Load(model, out DataViewSchema saved);
            if (flipTta || shiftTta > 0) chain = WithTestTimeAugmentation(chain, model, flipTta, shiftTta);
            classes = chain.GetOutputSchema(saved).GetColumnOrNull("Score")?.Annotations.SlotNames
                ?? throw new CliException($"Model '{model}' has no Score column with class names; it cannot be evaluated as a classifier.");
        }

        InMemoryDataView data = DatasetLoader.Load(fer, dataSpec, ferPlusMode, limit, "--data");
        DatasetLoader.ClassNames(data, dataSpec);
        var aligned = LabelAlignment.Align(data, classes);
        var notes = new List<string> { $"model: {model}", $"data: {dataSpec}" + (limit is int l ? $" (first {l} rows)" : "") };
        if (dataSpec.StartsWith("ferplus:", StringComparison.OrdinalIgnoreCase)) notes.Add($"FER+ labels: {DatasetLoader.FerPlusModes.First(m => m.Value == ferPlusMode).Key}");
        if (flipTta && shiftTta == 0) notes.Add("test-time augmentation: mean of each image and its mirror image");
        if (shiftTta > 0)
            notes.Add($"test-time augmentation: mean of each image and four copies shifted diagonally by {shiftTta} px{(flipTta ? ", each also mirrored (10 views)" : " (5 views)")}");
        if (aligned.ExcludedCount > 0)
            notes.Add($"excluded {aligned.ExcludedCount} rows whose class the model lacks ({TrainCommand.Describe(aligned.Excluded)})");
        foreach (string note in notes) console.Line(note);

        IDataView scored;
        if (pretrained)
        {
            int total = (int)aligned.Data.GetRowCount()!.Value;
            scored = PretrainedDatasetScorer.Score(aligned.Data, detect, done => console.Debug($"scored {done}/{total}"), context.Cancellation, out int undetected);
            if (detect && undetected > 0)
            {
                notes.Add($"no face detected in {undetected} images (scored whole)");
                console.Line(notes[^1]);
            }
        }
        else
        {
            scored = chain!.Transform(aligned.Data);
        }

        MulticlassMetrics metrics = fer.Evaluate.Multiclass(scored);
        MetricsOutput.Print(console, metrics);
        if (reportFolder is not null)
        {
            MetricsOutput.WriteReport(reportFolder, metrics, $"{(pretrained ? "pretrained" : Path.GetFileName(model))} on {dataSpec}", notes);
            console.Line($"report: {Path.GetFullPath(reportFolder)} (confusion_matrix.png, metrics.txt, metrics.json)");
        }
        if (jsonFile is not null)
        {
            MetricsOutput.WriteText(jsonFile, metrics.ToJson());
            console.Line($"wrote {jsonFile}");
        }
        return FerCli.Success;
    }

    // The chain with its trained classifier scoring augmented views of each image (its mirror, shifted copies).
    private static TransformerChain<ITransformer> WithTestTimeAugmentation(TransformerChain<ITransformer> chain, string model, bool flip, int shift)
    {
        ITransformer[] steps = [.. chain];
        int at = Array.FindLastIndex(steps, t => t is ExpressionClassifierTransformer);
        string flag = flip ? "--flip-tta" : "--shift-tta";
        if (at < 0) throw new CliException($"{flag} needs a trained expression classifier; model '{model}' has none (its steps: {string.Join(", ", steps.Select(t => t.GetType().Name))}).");
        var classifier = (ExpressionClassifierTransformer)steps[at];
        if (shift >= classifier.Model.InputSize)
            throw new CliException($"--shift-tta {shift} is too large for the model's {classifier.Model.InputSize}-pixel images (at most {classifier.Model.InputSize - 1}).");
        steps[at] = classifier.WithTestTimeFlip(flip || classifier.TestTimeFlip).WithTestTimeShift(shift > 0 ? shift : classifier.TestTimeShift);
        return new TransformerChain<ITransformer>(steps);
    }
}
