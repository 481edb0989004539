using System.CommandLine;
using Fer.Cli.Infrastructure;
using Fer.MLNet;
using Fer.MLNet.Data;
using Fer.MLNet.Interop;
using Fer.MLNet.Persistence;
using Fer.MLNet.Pipeline;
using Fer.MLNet.Transforms;

namespace Fer.Cli.Commands;

/// <summary>
/// <c>fer export --model model.zip [--onnx model.onnx] [--mlnet mlnet-model.zip]</c>: the model's scoring
/// network as an ONNX file (batch norm folded, preprocessing and classes in its metadata) and/or as an
/// ML.NET model zip that <c>mlContext.Model.Load</c> reads (see docs/interop.md). The bundled face-api
/// models export too: <c>--model pretrained</c> (expressions), <c>pretrained-features</c> (its 256 features)
/// and <c>face-detector</c> (ONNX only; the raw grid, <c>--input-size</c>).
/// </summary>
internal static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model", "-m") { Description = $"The model zip to export, or a bundled face-api model: {PretrainedExpression}, {PretrainedFeatures}, {FaceDetector}.", Required = true };
        var onnx = new Option<string?>("--onnx") { Description = "Write an ONNX file (opset 13)." };
        var mlnet = new Option<string?>("--mlnet") { Description = "Write an ML.NET model zip (image loading, resizing, pixel extraction, then the ONNX network)." };
        var inputSize = new Option<int>("--input-size") { Description = $"{FaceDetector} only: the square input side, a multiple of 32 (face-api uses 416).", DefaultValueFactory = _ => 416 };
        var command = new Command("export", "Export a model zip (or a bundled face-api model) to ONNX and/or to an ML.NET model zip.") { model, onnx, mlnet, inputSize };
        command.SetAction(p => Execute(context, p.GetValue(model)!, p.GetValue(onnx), p.GetValue(mlnet), p.GetValue(inputSize)));
        return command;
    }

    /// <summary>The bundled models <c>--model</c> accepts besides a zip.</summary>
    internal const string PretrainedExpression = "pretrained", PretrainedFeatures = "pretrained-features", FaceDetector = "face-detector";

    internal static int Execute(CliContext context, string model, string? onnx, string? mlnet, int inputSize = 416)
    {
        if (onnx is null && mlnet is null) throw new CliException("Give --onnx FILE, --mlnet FILE or both.");
        var fer = new FerContext();
        bool Names(string bundled) => string.Equals(model, bundled, StringComparison.OrdinalIgnoreCase);
        if (Names(FaceDetector)) return ExportDetector(context, fer, model, onnx, mlnet, inputSize);
        TransformerChain<ITransformer> chain;
        DataViewSchema input;
        if (Names(PretrainedExpression) || Names(PretrainedFeatures))
        {
            // The pretrained step on a column of face crops, as fer predict runs it.
            input = new DataViewSchema.Builder().AddColumn("Face", new ImageDataViewType()).ToSchema();
            chain = new TransformerChain<ITransformer>(Names(PretrainedFeatures)
                ? new PretrainedFeaturesTransformer(new PretrainedFeaturesTransformer.Options())
                : new PretrainedExpressionTransformer(new PretrainedExpressionTransformer.Options()));
        }
        else
        {
            if (!File.Exists(model)) throw new CliException($"Model file '{model}' does not exist. Give a model zip, or {PretrainedExpression}, {PretrainedFeatures} or {FaceDetector} for a bundled face-api model.");
            try
            {
                chain = fer.Model.Load(model, out input);
            }
            catch (ModelFormatException e)
            {
                throw new CliException($"Model file '{model}' cannot be read: {e.Message}");
            }
        }

        try
        {
            if (onnx is not null) Describe(context, onnx, fer.Model.ExportToOnnx(chain, input, onnx));

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

    private static int ExportDetector(CliContext context, FerContext fer, string model, string? onnx, string? mlnet, int inputSize)
    {
        if (mlnet is not null)
            throw new CliException($"{FaceDetector} exports to ONNX only: its output is a grid of raw box values that needs decoding, not a scoring column an ML.NET app could use.");
        OnnxExportResult result;
        try
        {
            result = fer.Model.ExportFaceDetectorToOnnx(onnx!, inputSize);
        }
        catch (ArgumentException e)
        {
            throw new CliException($"Model '{model}' cannot be exported: {e.Message}");
        }
        Describe(context, onnx!, result);
        context.Console.Line($"  decoding: {result.Metadata["decoding"]}");
        return 0;
    }

    private static void Describe(CliContext context, string path, OnnxExportResult result)
    {
        context.Console.Line($"wrote {path} ({result.Model.Length:N0} bytes): {result.Kind}, input '{result.InputName}' [{string.Join(", ", result.InputShape.Select(d => d < 0 ? "N" : d.ToString(System.Globalization.CultureInfo.InvariantCulture)))}], outputs {string.Join(", ", result.OutputNames)}");
        if (result.Preprocessing is { } pre)
        {
            context.Console.Line($"  preprocessing: {pre.Width}x{pre.Height} {pre.Colors}; {pre.Formula}");
            foreach (string step in pre.Steps) context.Console.Line($"    {step}");
        }
        if (result.ClassNames is { } classes) context.Console.Line($"  classes: {string.Join(", ", classes)}");
    }
}
