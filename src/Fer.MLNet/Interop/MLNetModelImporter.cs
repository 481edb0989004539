using Fer.MLNet.Data;
using Fer.MLNet.Onnx;
using Fer.MLNet.Persistence;
using Fer.MLNet.Persistence.MLNetFormat;
using Fer.MLNet.Persistence.MLNetFormat.Transformers;
using Fer.MLNet.Persistence.Zip;
using Fer.MLNet.Pipeline;
using Fer.MLNet.Transforms;
using Fer.Transforms.Imaging;

namespace Fer.MLNet.Interop;

/// <summary>
/// Runs an ML.NET model zip on our engine: the chain (nested chains flattened) of
/// ImageLoadingTransformer, ImageResizingTransformer, ImagePixelExtractingTransformer and
/// OnnxTransformer becomes LoadImages, ResizeImages, ExtractPixels and ApplyOnnxModel steps with the
/// same column names. ML.NET's Fill resize is nearest-neighbour (as ML.NET samples it); its
/// IsoCrop/IsoPad cubic resampling is approximated by bilinear. Any other transformer is refused
/// naming its loader signature.
/// </summary>
public static class MLNetModelImporter
{
    private const string OutputSuffix = ".output";

    /// <summary>Reads the zip at <paramref name="path"/>; <paramref name="inputSchema"/> receives the columns the chain needs (e.g. the image path column).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModelFormatException">The zip, a Model.key or the ONNX model is invalid (the message names the file and entry).</exception>
    /// <exception cref="UnsupportedTransformerException">The chain holds a transformer we cannot run (the message names its loader signature and entry).</exception>
    /// <exception cref="NotSupportedException">A supported transformer uses a setting we cannot run (the message names it).</exception>
    public static TransformerChain<ITransformer> Load(string path, out DataViewSchema inputSchema)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Build(MLNetModel.Load(path), out inputSchema);
    }

    /// <summary>Reads a zip from <paramref name="stream"/>; <paramref name="sourceName"/> labels messages.</summary>
    /// <exception cref="ModelFormatException">The zip, a Model.key or the ONNX model is invalid.</exception>
    /// <exception cref="UnsupportedTransformerException">The chain holds a transformer we cannot run.</exception>
    /// <exception cref="NotSupportedException">A supported transformer uses a setting we cannot run.</exception>
    public static TransformerChain<ITransformer> Load(Stream stream, string sourceName, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Build(MLNetModel.Load(stream, sourceName), out inputSchema);
    }

    private static TransformerChain<ITransformer> Build(MLNetModel model, out DataViewSchema inputSchema)
    {
        model.EnsureSupported();
        var steps = new List<ITransformer>();
        var needed = new List<(string Name, DataViewType Type)>();
        var produced = new HashSet<string>(StringComparer.Ordinal);
        void Need(string column, DataViewType type)
        {
            if (!produced.Contains(column) && needed.All(n => n.Name != column)) needed.Add((column, type));
        }

        foreach (MLNetLeafNode leaf in model.Leaves())
        {
            IMLNetTransformerRecord record = MLNetTransformerCodec.Decode(leaf);
            string where = $"'{model.SourceName}', entry '{leaf.EntryName}'";
            switch (record)
            {
                case ImageLoadingTransformerRecord load:
                    if (!load.OutputImageType) throw new NotSupportedException($"{where}: {load.LoaderSignature} loads raw bytes (image type off); only image output is supported.");
                    foreach (MLNetColumnPair c in load.Columns)
                    {
                        Need(c.Input, TextDataViewType.Instance);
                        steps.Add(new ImageLoadingTransformer(new ImageLoadingTransformer.Options { OutputColumnName = c.Output, InputColumnName = c.Input, ImageFolder = load.ImageFolder }));
                        produced.Add(c.Output);
                    }
                    break;
                case ImageResizingTransformerRecord resize:
                    foreach (ImageResizingColumn c in resize.Columns)
                    {
                        Need(c.Input, new ImageDataViewType());
                        steps.Add(new ImageResizingTransformer(Resize(c, where)));
                        produced.Add(c.Output);
                    }
                    break;
                case ImagePixelExtractingTransformerRecord extract:
                    foreach (PixelExtractingColumn c in extract.Columns)
                    {
                        Need(c.Input, new ImageDataViewType());
                        steps.Add(new ImagePixelExtractingTransformer(Extract(c, where)));
                        produced.Add(c.Output);
                    }
                    break;
                case OnnxTransformerRecord onnx:
                    OnnxTransformer scorer = Onnx(onnx, model.SourceName, leaf);
                    foreach (string column in scorer.Settings.InputColumnNames!)
                    {
                        Need(column, new VectorDataViewType(scorer.Bindings.Inputs.Single(i => i.Column == column).Size));
                    }
                    steps.Add(scorer);
                    foreach (string c in scorer.Settings.OutputColumnNames!) produced.Add(c);
                    break;
                default:
                    throw MLNetTransformerCodec.Unsupported(leaf);
            }
        }
        var builder = new DataViewSchema.Builder();
        foreach (var (name, type) in needed) builder.AddColumn(name, type);
        inputSchema = builder.ToSchema();
        var chain = new TransformerChain<ITransformer>([.. steps]);
        try
        {
            chain.GetOutputSchema(inputSchema);
        }
        catch (ArgumentException e)
        {
            throw new ModelFormatException($"the chain's steps do not fit together: {e.Message}", model.SourceName, MLNetModel.RootFolder + "/Model.key", e);
        }
        return chain;
    }

    private static ImageResizingTransformer.Options Resize(ImageResizingColumn c, string where)
    {
        if (c.Resizing == MLNetResizingKind.IsoCrop && c.Anchor != MLNetAnchor.Center)
            throw new NotSupportedException($"{where}: ImageScalerTransform column '{c.Output}' crops anchored {c.Anchor}; only the centre anchor is supported.");
        var (kind, interpolation) = c.Resizing switch
        {
            MLNetResizingKind.IsoPad => (ImageResizingKind.IsoPad, ResizeMode.Bilinear),
            MLNetResizingKind.IsoCrop => (ImageResizingKind.IsoCrop, ResizeMode.Bilinear),
            _ => (ImageResizingKind.Fill, ResizeMode.Nearest),
        };
        return new ImageResizingTransformer.Options
        {
            OutputColumnName = c.Output, InputColumnName = c.Input, ImageWidth = c.Width, ImageHeight = c.Height, Resizing = kind, Interpolation = interpolation,
        };
    }

    private static ImagePixelExtractingTransformer.Options Extract(PixelExtractingColumn c, string where)
    {
        string? problem = !c.OutputAsFloat ? "byte output"
            : c.Interleave ? "interleaved [H, W, C] output"
            : c.Colors != MLNetColorBits.Rgb ? $"colour bits {c.Colors}"
            : c.Order != MLNetColorsOrder.Argb ? $"colour order {c.Order}"
            : null;
        if (problem is not null)
            throw new NotSupportedException($"{where}: ImagePixelExtractor column '{c.Output}' uses {problem}; only planar float R, G, B in ARGB order is supported.");
        // ML.NET: (pixel - offset) * scale; ExtractPixels: (pixel * scale - mean) / std.
        return new ImagePixelExtractingTransformer.Options
        {
            OutputColumnName = c.Output, InputColumnName = c.Input, Colors = PixelColorMode.Rgb, Scale = c.Scale, Mean = [c.Offset * c.Scale], Std = [1f],
        };
    }

    private static OnnxTransformer Onnx(OnnxTransformerRecord record, string file, MLNetLeafNode leaf)
    {
        string entry = leaf.Folder + "/" + OnnxTransformerRecord.ModelEntryName;
        var shapes = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (OnnxCustomShape s in record.CustomShapes)
            if (record.InputColumns.Contains(s.Name)) shapes[s.Name] = [.. s.Shape];
        try
        {
            return new OnnxTransformer(new OnnxTransformer.Options
            {
                ModelBytes = record.OnnxModel.ToArray(),
                ModelFile = $"{file}!{entry}",
                InputColumnNames = [.. record.InputColumns],
                OnnxInputNames = [.. record.InputColumns],
                // ML.NET names an output column without the ".output" suffix some exporters add.
                OutputColumnNames = [.. record.OutputColumns.Select(n => n.EndsWith(OutputSuffix, StringComparison.Ordinal) && n.Length > OutputSuffix.Length ? n[..^OutputSuffix.Length] : n)],
                OnnxOutputNames = [.. record.OutputColumns],
                InputShapes = shapes.Count == 0 ? null : shapes,
            });
        }
        catch (OnnxFormatException e)
        {
            throw new ModelFormatException($"the ONNX model of {OnnxTransformerRecord.Loader} is invalid: {e.Message}", file, entry, e);
        }
        catch (ArgumentException e)
        {
            throw new ModelFormatException($"{OnnxTransformerRecord.Loader} does not fit its ONNX model: {e.Message}", file, leaf.EntryName, e);
        }
    }
}
