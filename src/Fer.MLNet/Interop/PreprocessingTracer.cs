using System.Globalization;
using Fer.MLNet.Data;
using Fer.MLNet.Model;
using Fer.MLNet.Pipeline;
using Fer.MLNet.Transforms;

namespace Fer.MLNet.Interop;

/// <summary>
/// Reads, from the steps in front of a scoring transformer, how its pixel column was made:
/// ExtractPixels (colours, scale, mean, std), then back through the image column's ResizeImages,
/// ConvertToGrayscale and Augment (the identity when scoring) to where the images come from.
/// </summary>
internal static class PreprocessingTracer
{
    /// <summary>The steps of a (possibly nested) chain, in order.</summary>
    public static List<ITransformer> Flatten(ITransformer model)
    {
        var steps = new List<ITransformer>();
        void Walk(ITransformer t)
        {
            if (t is IEnumerable<ITransformer> chain)
            {
                foreach (ITransformer child in chain) Walk(child);
            }
            else
            {
                steps.Add(t);
            }
        }
        Walk(model);
        return steps;
    }

    /// <summary>The schema in front of each step, and after the last (schemas[i] is step i's input).</summary>
    public static DataViewSchema[] Schemas(IReadOnlyList<ITransformer> steps, DataViewSchema input)
    {
        var schemas = new DataViewSchema[steps.Count + 1];
        schemas[0] = input;
        for (int i = 0; i < steps.Count; i++) schemas[i + 1] = steps[i].GetOutputSchema(schemas[i]);
        return schemas;
    }

    /// <summary>
    /// The preprocessing that made <paramref name="pixelColumn"/> for the step at <paramref name="scorerIndex"/>,
    /// or null with the reason when the column is not made by ExtractPixels.
    /// </summary>
    public static ImagePreprocessing? Trace(IReadOnlyList<ITransformer> steps, DataViewSchema[] schemas, int scorerIndex, string pixelColumn, int width, int height, out string reason)
    {
        int producer = Producer(schemas, scorerIndex, pixelColumn);
        if (producer < 0)
        {
            reason = $"column '{pixelColumn}' is an input of the model, not made by an ExtractPixels step";
            return null;
        }
        if (steps[producer] is not ImagePixelExtractingTransformer extract)
        {
            reason = $"column '{pixelColumn}' is written by step {producer} ({Describe(steps[producer])}), not by ExtractPixels";
            return null;
        }
        var o = extract.Settings;
        var found = new List<string> { string.Create(CultureInfo.InvariantCulture, $"ExtractPixels '{o.OutputColumnName}' ({o.Colors}, {o.Scale:R} scale, mean and std per channel)") };
        bool grey = false;
        ImageResizingTransformer? resize = null;
        string image = o.InputColumnName ?? o.OutputColumnName;
        for (int at = Producer(schemas, producer, image); at >= 0; at = Producer(schemas, at, image))
        {
            ITransformer step = steps[at];
            if (step is ImageResizingTransformer r && resize is null)
            {
                resize = r;
                var s = r.Settings;
                found.Add($"ResizeImages '{s.OutputColumnName}' to {s.ImageWidth}x{s.ImageHeight} ({s.Resizing}, {s.Interpolation})");
                image = s.InputColumnName ?? s.OutputColumnName;
            }
            else if (step is ImageGrayscalingTransformer g)
            {
                grey = true;
                found.Add($"ConvertToGrayscale '{g.Settings.OutputColumnName}'");
                image = g.Settings.InputColumnName ?? g.Settings.OutputColumnName;
            }
            else if (step is ImageAugmentingTransformer a)
            {
                // The identity when scoring.
                image = a.Settings.InputColumnName ?? a.Settings.OutputColumnName;
            }
            else
            {
                found.Add(step is ImageLoadingTransformer load
                    ? $"LoadImages '{load.Settings.OutputColumnName}' from '{load.Settings.InputColumnName ?? "Path"}'"
                    : $"images from step {at} ({Describe(step)})");
                break;
            }
        }
        found.Reverse();
        reason = "";
        return new ImagePreprocessing(resize?.Settings.ImageWidth ?? width, resize?.Settings.ImageHeight ?? height, o.Colors, o.Scale, o.Mean, o.Std)
        {
            GreyImage = grey && o.Colors == PixelColorMode.Rgb,
            Resizing = resize?.Settings.Resizing ?? ImageResizingKind.Fill,
            Interpolation = resize?.Settings.Interpolation ?? Fer.Transforms.Imaging.ResizeMode.Bilinear,
            Steps = found,
        };
    }

    /// <summary>The last step before <paramref name="before"/> that writes <paramref name="column"/>, or -1 when it is an input column.</summary>
    public static int Producer(DataViewSchema[] schemas, int before, string column)
    {
        for (int i = before - 1; i >= 0; i--)
        {
            DataViewSchema.Column? after = schemas[i + 1].GetColumnOrNull(column);
            if (after is { } c && c.Index >= schemas[i].Count) return i;
        }
        return -1;
    }

    public static string Describe(ITransformer step) => step is IPersistentTransformer p ? p.Kind : step.GetType().Name;
}
