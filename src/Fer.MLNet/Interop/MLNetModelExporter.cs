using System.Text.Json.Nodes;
using Fer.MLNet.Data;
using Fer.MLNet.Onnx.Export;
using Fer.MLNet.Onnx.Export.Models;
using Fer.MLNet.Persistence.MLNetFormat;
using Fer.MLNet.Persistence.MLNetFormat.Transformers;
using Fer.MLNet.Persistence.Zip;
using Fer.MLNet.Pipeline;
using Fer.MLNet.Transforms;
using Fer.Tensors;
using A = Fer.MLNet.Onnx.Export.OnnxAttribute;

namespace Fer.MLNet.Interop;

/// <summary>
/// Writes a fitted pipeline as an ML.NET model zip that <c>mlContext.Model.Load</c> reads and runs
/// with no code of ours: ImageLoadingTransformer (path column to image) → ImageResizingTransformer
/// (the model's size; ML.NET's Fill resamples nearest-neighbour, IsoCrop/IsoPad with a cubic filter)
/// → ImagePixelExtractingTransformer (planar RGB floats, (pixel - offset) * scale) →
/// OnnxTransformer (the exported network). What the extractor's scalar offset and scale cannot
/// express (per-channel mean and std, conversion to grey with BT.601 luma) is folded into the head
/// of the ONNX graph. See docs/interop.md.
/// </summary>
public static class MLNetModelExporter
{
    /// <summary>BT.601 luma weights as FerMLNet's grey conversion uses them (19595, 38470, 7471 / 65536; they sum to 1).</summary>
    internal static readonly float[] Luma = [19595f / 65536f, 38470f / 65536f, 7471f / 65536f];

    /// <summary>Builds the zip for <paramref name="model"/>, which takes data of schema <paramref name="inputSchema"/>.</summary>
    /// <exception cref="ArgumentException">The model has no exportable scoring transformer, or its preprocessing is unknown (its pixel column is not made by ExtractPixels) and <see cref="OnnxExportOptions.Preprocessing"/> is not given.</exception>
    /// <exception cref="NotSupportedException">A module of the network has no ONNX exporter.</exception>
    public static MLNetExportResult Export(ITransformer model, DataViewSchema inputSchema, MLNetExportOptions? options = null)
    {
        options ??= new MLNetExportOptions();
        options.Validate();
        ImagePreprocessing? found = null;
        float offset = 0, scale = 1;
        OnnxExportResult onnx = OnnxModelExporter.Export(model, inputSchema, options.Onnx, p =>
        {
            found = p!;
            (offset, scale, InputAdapter adapter) = Plan(found);
            return adapter;
        });
        ImagePreprocessing p = found!;

        IMLNetTransformerRecord[] chain =
        [
            new ImageLoadingTransformerRecord([new MLNetColumnPair(options.ImageColumnName, options.ImagePathColumnName)], options.ImageFolder),
            new ImageResizingTransformerRecord([new ImageResizingColumn(options.ResizedImageColumnName, options.ImageColumnName, p.Width, p.Height, Resizing(p.Resizing), MLNetAnchor.Center)]),
            new ImagePixelExtractingTransformerRecord([new PixelExtractingColumn(onnx.InputName, options.ResizedImageColumnName, MLNetColorBits.Rgb, MLNetColorsOrder.Argb, outputAsFloat: true, offset, scale)]),
            new OnnxTransformerRecord([onnx.InputName], onnx.OutputNames, onnx.Model),
        ];
        return new MLNetExportResult(MLNetModelWriter.Write(chain, options.VersionText), chain, onnx);
    }

    /// <summary>Writes the zip to <paramref name="path"/> atomically.</summary>
    /// <exception cref="ArgumentException">The model cannot be exported (see <see cref="Export(ITransformer, DataViewSchema, MLNetExportOptions?)"/>).</exception>
    public static MLNetExportResult Export(ITransformer model, DataViewSchema inputSchema, string path, MLNetExportOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        MLNetExportResult result = Export(model, inputSchema, options);
        AtomicFile.WriteAllBytes(path, result.Zip);
        return result;
    }

    /// <summary>
    /// The extractor's offset and scale and the graph head: uniform RGB normalisation goes into the
    /// extractor; otherwise it extracts pixel * scale and the graph mixes channels (grey) and applies
    /// (x - mean[c]) / std[c].
    /// </summary>
    internal static (float Offset, float Scale, InputAdapter Adapter) Plan(ImagePreprocessing p)
    {
        int[] shape = [-1, 3, p.Height, p.Width];
        bool mixes = p.Colors == PixelColorMode.Grey || p.GreyImage;
        if (!mixes && p.IsUniform)
        {
            float offset = p.Mean[0] / p.Scale, scale = p.Scale / p.Std[0];
            return (offset, scale, new InputAdapter(shape, (_, x) => x, network => Describe(network, offset, scale, "none")));
        }
        bool normalises = p.Mean.Any(m => m != 0) || p.Std.Any(s => s != 1);
        string head = (mixes ? (p.Channels == 1 ? "luma (1x1 Conv to 1 channel)" : "luma repeated in 3 channels (1x1 Conv)") : "")
            + (mixes && normalises ? ", then " : "") + (normalises ? "(x - mean[c]) / std[c] (Sub, Div)" : "");
        return (0f, p.Scale, new InputAdapter(shape, (c, x) => Head(c, x, p, mixes, normalises), network => Describe(network, 0f, p.Scale, head)));
    }

    private static GraphValue Head(ModuleExportContext c, GraphValue x, ImagePreprocessing p, bool mixes, bool normalises)
    {
        int channels = p.Channels;
        if (mixes)
        {
            var w = new float[channels * 3];
            for (int o = 0; o < channels; o++) Luma.CopyTo(w, o * 3);
            string weight = c.Weight("input_luma", Tensor.Wrap(w, channels, 3, 1, 1));
            x = c.Op("Conv", [x.Name, weight], [-1, channels, p.Height, p.Width], A.Ints("kernel_shape", 1, 1));
        }
        if (normalises)
        {
            string mean = c.Weight("input_mean", Tensor.Wrap([.. p.Mean], 1, channels, 1, 1));
            string std = c.Weight("input_std", Tensor.Wrap([.. p.Std], 1, channels, 1, 1));
            x = c.Op("Div", [c.Op("Sub", [x.Name, mean], x.Shape).Name, std], x.Shape);
        }
        return x;
    }

    private static JsonObject Describe(ImagePreprocessing? network, float offset, float scale, string head) => new()
    {
        ["layout"] = "NCHW",
        ["width"] = network?.Width,
        ["height"] = network?.Height,
        ["channels"] = 3,
        ["colors"] = "Rgb",
        ["mlnet_offset"] = offset,
        ["mlnet_scale"] = scale,
        ["formula"] = "value[c, y, x] = (pixel[c, y, x] - mlnet_offset) * mlnet_scale, pixel in 0..255, planar R, G, B (ML.NET's ExtractPixels)",
        ["graph_head"] = head,
        ["network_preprocessing"] = network?.ToJson(),
    };

    private static MLNetResizingKind Resizing(ImageResizingKind kind) => kind switch
    {
        ImageResizingKind.IsoPad => MLNetResizingKind.IsoPad,
        ImageResizingKind.IsoCrop => MLNetResizingKind.IsoCrop,
        _ => MLNetResizingKind.Fill,
    };
}
