using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Fer.Cli.Faces;
using Fer.Cli.Infrastructure;
using Fer.Cli.Rendering;

namespace Fer.Cli.Commands;

/// <summary>
/// <c>fer demo [--out DIR]</c>: finds the faces and expressions in the bundled sample photos with the
/// pretrained models, prints a table, and writes the photos with boxes and labels plus an index.html.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(CliContext context)
    {
        var output = new Option<string>("--out", "-o") { Description = "Folder for the annotated photos and index.html (default ./fer-demo).", DefaultValueFactory = _ => "fer-demo" };
        var format = AnnotatedPhotos.FormatOption();
        var command = new Command("demo", "Detect faces and expressions in the bundled sample photos; write annotated photos and an HTML report.") { output, format };
        command.SetAction(p => Execute(context, p.GetValue(output)!, p.GetValue(format)!));
        return command;
    }

    internal static int Execute(CliContext context, string outFolder, string format)
    {
        CliConsole console = context.Console;
        IReadOnlyList<string> files = SamplePhotos.Find();
        console.Line($"fer demo: {files.Count} sample photos from {Path.GetDirectoryName(files[0])}");
        var clock = Stopwatch.StartNew();
        var results = new List<PhotoResult>();
        foreach (string file in files)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            results.Add(PhotoAnalyzer.Analyze(file, PhotoAnalyzer.Load(file), expressions: true));
            console.Debug($"{Path.GetFileName(file)}: {results[^1].Faces.Count} faces ({clock.Elapsed.TotalSeconds:F1} s)");
        }
        double seconds = clock.Elapsed.TotalSeconds;

        FaceTables.Print(console, results, expressions: true);
        int faces = results.Sum(r => r.Faces.Count);
        string summary = $"{faces} faces in {files.Count} photos, {seconds.ToString("F1", CultureInfo.InvariantCulture)} s on {Fer.Tensors.Threading.Parallelism.ThreadCount} threads.";
        string report = AnnotatedPhotos.Write(outFolder, format, results, "fer demo: faces and expressions in the sample photos", summary);
        console.Line(summary);
        foreach (var group in results.SelectMany(r => r.Faces).Where(f => f.Expression is not null).GroupBy(f => ExpressionStyle.Name(f.Expression!)).OrderByDescending(g => g.Count()))
            console.Line($"  {group.Key}: {group.Count()}");
        console.Line($"report: {report}");
        return FerCli.Success;
    }
}
