using System.CommandLine;
using Fer.Cli.Infrastructure;

namespace Fer.Cli.Commands;

/// <summary><c>fer export --model model.zip --onnx model.onnx | --mlnet mlnet.zip</c>: not available yet (the library has no model-level exporter).</summary>
internal static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model", "-m") { Description = "The model zip to export.", Required = true };
        var onnx = new Option<string?>("--onnx") { Description = "Write an ONNX file." };
        var mlnet = new Option<string?>("--mlnet") { Description = "Write an ML.NET model zip (ONNX inside)." };
        var command = new Command("export", "Export a model zip to ONNX or to an ML.NET zip (not available yet).") { model, onnx, mlnet };
        command.SetAction(p => Execute(context, p.GetValue(model)!, p.GetValue(onnx), p.GetValue(mlnet)));
        return command;
    }

    internal static int Execute(CliContext context, string model, string? onnx, string? mlnet)
    {
        if (onnx is null && mlnet is null) throw new CliException("Give --onnx FILE, --mlnet FILE or both.");
        if (!File.Exists(model)) throw new CliException($"Model file '{model}' does not exist.");
        throw new CliException("fer export is not available yet: this build has no exporter for trained model zips (fer.Model.ExportToOnnx / ExportToMLNet).");
    }
}
