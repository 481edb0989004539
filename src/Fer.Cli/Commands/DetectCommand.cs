using System.CommandLine;
using Fer.Cli.Data;
using Fer.Cli.Faces;
using Fer.Cli.Infrastructure;
using Fer.Transforms.Faces;

namespace Fer.Cli.Commands;

/// <summary><c>fer detect IMAGE|FOLDER [--out DIR]</c>: face boxes with TinyFaceDetector; optionally annotated photos, face crops and a report.</summary>
internal static class DetectCommand
{
    public static Command Create(CliContext context)
    {
        var input = new Argument<string>("input") { Description = "An image (JPEG or PNG) or a folder of them." };
        var output = new Option<string?>("--out", "-o") { Description = "Write the photos with boxes drawn, and index.html, to this folder." };
        var crops = new Option<bool>("--crops") { Description = "With --out, also write each face as crops/NAME-N.png." };
        var minScore = new Option<float>("--min-score") { Description = "Keep faces whose detector confidence is above this (default 0.5).", DefaultValueFactory = _ => 0.5f };
        var format = AnnotatedPhotos.FormatOption();
        var command = new Command("detect", "Find faces in photos with the pretrained TinyFaceDetector.") { input, output, crops, minScore, format };
        command.SetAction(p => Execute(context, p.GetValue(input)!, p.GetValue(output), p.GetValue(crops), p.GetValue(minScore), p.GetValue(format)!));
        return command;
    }

    internal static int Execute(CliContext context, string input, string? outFolder, bool crops, float minScore, string format)
    {
        CliConsole console = context.Console;
        if (!(minScore > 0 && minScore < 1)) throw new CliException($"--min-score must be between 0 and 1 (exclusive), got {minScore}.");
        if (crops && outFolder is null) throw new CliException("--crops needs --out DIR.");
        IReadOnlyList<string> files = ImageFiles.Find(input);
        var options = TinyFaceDetectorOptions.Default with { ScoreThreshold = minScore };
        var results = new List<PhotoResult>();
        foreach (string file in files)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            var image = PhotoAnalyzer.Load(file);
            PhotoResult r = PhotoAnalyzer.Analyze(file, image, expressions: false, options);
            results.Add(r);
            if (crops)
            {
                string folder = Path.Combine(outFolder!, "crops");
                Directory.CreateDirectory(folder);
                foreach (FaceResult f in r.Faces)
                    FaceCropping.CropFace(image, f.Box).SavePng(Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(file)}-{f.Index}.png"));
            }
        }
        FaceTables.Print(console, results, expressions: false);
        string summary = $"{results.Sum(r => r.Faces.Count)} faces in {files.Count} images.";
        console.Line(summary);
        if (outFolder is not null)
            console.Line($"report: {AnnotatedPhotos.Write(outFolder, format, results, "fer detect", summary)}");
        return FerCli.Success;
    }
}
