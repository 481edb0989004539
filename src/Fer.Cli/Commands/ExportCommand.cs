using System.CommandLine;
using Fer.Cli.Infrastructure;
using Fer.MLNet;
using Fer.MLNet.Data;
using Fer.MLNet.Interop;
using Fer.MLNet.Persistence;
using Fer.MLNet.Pipeline;

namespace Fer.Cli.Commands;

/// <summary>
/// <c>fer export --model model.zip [--onnx model.onnx] [--mlnet mlnet-model.zip]</c>: the model's scoring
/// network as an ONNX file (batch norm folded, preprocessing and classes in its metadata) and/or as an
/// ML.NET model zip that <c>mlContext.Model.Load</c> reads (see docs/interop.md).
/// </summary>
internal static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model", "-m") { Description = "The model zip to export.", Required = true };
        var onnx = new Option<string?>("--onnx") { Description = "Write an ONNX file (opset 13)." };
        var mlnet = new Option<string?>("--mlnet") { Description = "Write an ML.NET model zip (image loading, resizing, pixel extraction, then the ONNX network)." };
        var command = new Command("export", "Export a model zip to ONNX and/or to an ML.NET model zip.") { model, onnx, mlnet };
        command.SetAction(p => Execute(context, p.GetValue(model)!, p.GetValue(onnx), p.GetValue(mlnet)));
        return command;
    }

    internal static int Execute(CliContext context, string model, string? onnx, string? mlnet)
    {
        if (onnx is null && mlnet is null) throw new CliException("Give --onnx FILE, --mlnet FILE or both.");
        if (!File.Exists(model)) throw new CliException($"Model file '{model}' does not exist.");
        var fer = new FerContext();
        TransformerChain<ITransformer> chain;
        DataViewSchema input;
        try
        {
            chain = fer.Model.Load(model, out input);
        }
        catch (ModelFormatException e)
        {
            throw new CliException($"Model file '{model}' cannot be read: {e.Message}");
        }

        try
        {
            if (onnx is not null)
            {
                OnnxExportResult result = fer.Model.ExportToOnnx(chain, input, onnx);
                context.Console.Line($"wrote {onnx} ({result.Model.Length:N0} bytes): {result.Kind}, input '{result.InputName}' [{string.Join(", ", result.InputShape.Select(d => d < 0 ? "N" : d.ToString(System.Globalization.CultureInfo.InvariantCulture)))}], outputs {string.Join(", ", result.OutputNames)}");
                if (result.Preprocessing is { } pre) context.Console.Line($"  preprocessing: {pre.Width}x{pre.Height} {pre.Colors}; {pre.Formula}");
                if (result.ClassNames is { } classes) context.Console.Line($"  classes: {string.Join(", ", classes)}");
            }

            if (mlnet is not null)
            {
                MLNetExportResult result = fer.Model.ExportToMLNet(chain, input, mlnet);
                context.Console.Line($"wrote {mlnet} ({result.Zip.Length:N0} bytes): ML.NET chain {string.Join(" -> ", result.Transformers.Select(t => t.LoaderSignature))}");
            }
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new CliException($"Model '{model}' cannot be exported: {e.Message}");
        }

        return 0;
    }
}
