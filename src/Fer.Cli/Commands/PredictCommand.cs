using System.CommandLine;
using System.Globalization;
using Fer.Cli.Data;
using Fer.Cli.Faces;
using Fer.Cli.Infrastructure;
using Fer.Cli.Scoring;
using Fer.Transforms.Faces;
using Spectre.Console;

namespace Fer.Cli.Commands;

/// <summary>
/// <c>fer predict --model MODEL IMAGE|FOLDER [--output FILE.csv|.json]</c>: expressions of faces in photos
/// (pretrained: face detection, then FaceExpressionNet per face) or of whole images (a model zip).
/// </summary>
internal static class PredictCommand
{
    private const int MaxTableRows = 200;

    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model", "-m") { Description = "A model zip, or 'pretrained' for the face-api detector and expression models.", Required = true };
        var input = new Argument<string>("input") { Description = "An image (JPEG or PNG) or a folder of them." };
        var output = new Option<string?>("--output") { Description = "Also write every prediction to a .csv or .json file." };
        var whole = new Option<bool>("--whole-image") { Description = "Pretrained only: take each image as one face (for face crops such as FER+), without detection." };
        var command = new Command("predict", "Predict facial expressions in photos with the pretrained models or a trained model zip.") { model, input, output, whole };
        command.SetAction(p => Execute(context, p.GetValue(model)!, p.GetValue(input)!, p.GetValue(output), p.GetValue(whole)));
        return command;
    }

    internal static int Execute(CliContext context, string model, string input, string? output, bool wholeImage)
    {
        CliConsole console = context.Console;
        if (output is not null && Path.GetExtension(output).ToLowerInvariant() is not (".csv" or ".json"))
            throw new CliException($"--output '{output}' must end in .csv or .json.");
        IReadOnlyList<string> files = ImageFiles.Find(input);
        IReadOnlyList<string> classes;
        IReadOnlyList<PredictionRow> rows;
        if (PretrainedModels.IsPretrained(model))
        {
            classes = FaceExpressionNet.Classes.Names;
            var list = new List<PredictionRow>();
            int withoutFace = 0;
            foreach (string file in files)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                var image = PhotoAnalyzer.Load(file);
                PhotoResult r = wholeImage ? PhotoAnalyzer.WholeImage(file, image) : PhotoAnalyzer.Analyze(file, image, expressions: true);
                if (r.Faces.Count == 0) withoutFace++;
                foreach (FaceResult f in r.Faces)
                {
                    var p = f.Expression!;
                    list.Add(new PredictionRow(file, f.Index, f.Box, ExpressionStyle.Name(p), ExpressionStyle.Probability(p), p.Probabilities));
                }
            }
            rows = list;
            if (withoutFace > 0)
                console.Warn($"no face found in {withoutFace} of {files.Count} images" + (wholeImage ? "." : "; for images that are face crops already, add --whole-image."));
        }
        else
        {
            if (wholeImage) throw new CliException("--whole-image applies to --model pretrained only; a model zip always scores whole images.");
            var scorer = new ModelScorer(model);
            classes = scorer.Classes;
            rows = scorer.Score(files, context.Cancellation);
        }

        var table = new Table().Border(TableBorder.Simple);
        table.AddColumns("file", "face", "expression", "probability");
        foreach (PredictionRow r in rows.Take(MaxTableRows))
            table.AddRow(Markup.Escape(Path.GetFileName(r.File)), r.Face?.ToString(CultureInfo.InvariantCulture) ?? "-", Markup.Escape(r.Expression), r.Probability.ToString("0.000", CultureInfo.InvariantCulture));
        console.Out.Write(table);
        if (rows.Count > MaxTableRows) console.Line($"... {rows.Count - MaxTableRows} more rows" + (output is null ? " (use --output FILE.csv for all)" : ""));
        console.Line($"{rows.Count} predictions for {files.Count} images.");
        if (output is not null)
        {
            PredictionWriter.Write(output, classes, rows);
            console.Line($"wrote {output}");
        }
        return FerCli.Success;
    }
}
