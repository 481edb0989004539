using System.Globalization;
using System.Text.Json;
using Fer.MLNet.Interop;
using Fer.MLNet.Transforms;
using Fer.Tensors;
using Fer.Tensors.Nn;
using Fer.Transforms.Faces;
using Fer.Transforms.Taxonomy;
using A = Fer.MLNet.Onnx.Export.OnnxAttribute;

namespace Fer.MLNet.Onnx.Export.Models;

/// <summary>
/// ONNX graphs of the pretrained face-api networks, built from their layers (TensorFlow 'same'
/// padding as explicit, possibly uneven pads; depthwise convolutions as grouped Conv; the dense
/// blocks' sums in face-api's order). FaceExpressionNet reads [N, 3, 112, 112] normalised as
/// (pixel - mean) / 255 and gives "Score" (softmax) and "Features" (the 256 pooled features);
/// TinyFaceDetector reads [N, 3, S, S] and gives the raw grid the box decoder reads.
/// </summary>
internal static class FaceApiExporters
{
    /// <summary>The pretrained expression model as a scoring step: "Score" in the transformer's class order, then "Features".</summary>
    internal static ScorerExport Expression(PretrainedExpressionTransformer t)
    {
        LabelScheme classes = t.Classes;
        return ExpressionNetStep(t.Kind, t.Settings.InputColumnName, classes.Names, (c, x) =>
        {
            FaceExpressionNet net = FaceApiModels.Expression;
            GraphValue features = Features(c, net.Extractor, x);
            var (weights, bias) = net.Classifier;
            GraphValue logits = c.Op("Gemm", [features.Name, c.Weight("fc.weight", weights), c.Weight("fc.bias", bias)], [features.Shape[0], FaceExpressionNet.Classes.Count]);
            GraphValue score = c.Softmax(logits, 1);
            // Another class order is a constant 0/1 matrix: each face-api class goes to its slot, a class face-api lacks stays 0.
            if (!ReferenceEquals(classes, ExpressionTaxonomy.FaceApi)) score = Reorder(c, score, classes);
            return
            [
                new ScorerOutput("Score", score, $"class probabilities [N, {classes.Count}] (softmax of face-api's 7 logits, in the transformer's class order)", classes.Names),
                new ScorerOutput("Features", features, FeaturesDescription),
            ];
        });
    }

    /// <summary>The pretrained features step: "Features" [N, 256].</summary>
    internal static ScorerExport Features(PretrainedFeaturesTransformer t) =>
        ExpressionNetStep(t.Kind, t.Settings.InputColumnName, classNames: null, (c, x) =>
            [new ScorerOutput("Features", Features(c, FaceApiModels.Expression.Extractor, x), FeaturesDescription)]);

    /// <summary>TinyFaceDetector at input size <paramref name="inputSize"/>: output "Grid" [N, 25, S / 32, S / 32], decoding in the metadata.</summary>
    internal static ScorerExport Detector(TinyFaceDetector detector, int inputSize)
    {
        int cells = inputSize / 32;
        int channels = TinyFaceDetector.Anchors.Count * TinyFaceDetector.ValuesPerAnchor;
        float[] mean = [.. TinyFaceDetector.MeanRgb];
        var preprocessing = new ImagePreprocessing(inputSize, inputSize, PixelColorMode.Rgb, 1f / 255f, [.. mean.Select(m => m / 255f)])
        {
            Steps =
            [
                "zero-pad the image at its right and bottom to a square of side max(width, height) (face-api's toBatchTensor for detection)",
                string.Create(CultureInfo.InvariantCulture, $"resize the square to {inputSize}x{inputSize}: TensorFlow bilinear without half-pixel centres or corner alignment (source = destination * side / {inputSize})"),
                "value = (pixel - [117.001, 114.697, 97.404]) / 255, RGB planes",
            ],
        };
        string decoding = "channel a * 5 + k of cell (row, col) holds anchor a's x, y, w, h (k = 0..3) and score logit (k = 4); "
            + "score = sigmoid(s); centre = ((col + sigmoid(x)) / cells, (row + sigmoid(y)) / cells); size = (exp(w) * anchor_w / cells, exp(h) * anchor_h / cells), "
            + "as fractions of the part of the input square the image covers; then keep score > 0.5 and non-maximum suppression at IoU 0.4";
        return new ScorerExport
        {
            Kind = "TinyFaceDetector",
            InputColumnName = "Image",
            Channels = 3,
            Height = inputSize,
            Width = inputSize,
            BuiltInPreprocessing = preprocessing,
            Metadata = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["anchors"] = JsonSerializer.Serialize(TinyFaceDetector.Anchors.Select(a => new[] { a.Width, a.Height })),
                ["grid_cells"] = cells.ToString(CultureInfo.InvariantCulture),
                ["decoding"] = decoding,
            },
            Build = (c, x) => [new ScorerOutput("Grid", DetectorGraph(c, detector, x), $"raw detector output [N, {channels}, {cells}, {cells}] (see metadata 'decoding')")],
        };
    }

    private static readonly string FeaturesDescription = $"face-api FaceFeatureExtractor features [N, {FaceExpressionNet.FeatureCount}] (average-pooled, non-negative)";

    /// <summary>
    /// A step that runs FaceExpressionNet on its own input: face crops from an image column, prepared as face-api
    /// does (centred on a square, 112x112, (pixel - mean RGB) / 255; IsoPad is the nearest ML.NET resizing).
    /// </summary>
    private static ScorerExport ExpressionNetStep(string kind, string inputColumnName, IReadOnlyList<string>? classNames,
        Func<ModuleExportContext, GraphValue, IReadOnlyList<ScorerOutput>> build) => new()
    {
        Kind = kind,
        InputColumnName = inputColumnName,
        Channels = 3,
        Height = FaceExpressionNet.InputSize,
        Width = FaceExpressionNet.InputSize,
        ClassNames = classNames,
        BuiltInPreprocessing = new(FaceExpressionNet.InputSize, FaceExpressionNet.InputSize, PixelColorMode.Rgb, 1f / 255f, [.. FaceExpressionNet.MeanRgb.Select(m => m / 255f)])
        {
            Resizing = ImageResizingKind.IsoPad,
            Steps =
            [
                "zero-pad the face crop to a centred square of side max(width, height) (face-api's toBatchTensor for face classifiers)",
                "resize to 112x112: TensorFlow bilinear without half-pixel centres or corner alignment",
                "value = (pixel - [122.782, 117.001, 104.298]) / 255, RGB planes (grey crops replicated to RGB)",
            ],
        },
        Build = build,
    };

    private static GraphValue Features(ModuleExportContext c, FaceFeatureExtractor extractor, GraphValue x)
    {
        for (int b = 0; b < extractor.Blocks.Count; b++) x = DenseBlock(c, extractor.Blocks[b], x, $"dense{b}");
        // face-api pools with a PoolSize window, stride 2, 'valid' (one window over the 7x7 map at 112).
        int k = extractor.PoolSize;
        GraphValue pooled = c.AveragePool(x, (k, k), (2, 2), (0, 0), ceilMode: false, countIncludePad: false);
        int features = pooled.Shape[1] * pooled.Shape[2] * pooled.Shape[3];
        return c.Op("Flatten", [pooled.Name], [x.Shape[0], features], A.Int("axis", 1));
    }

    private static GraphValue DenseBlock(ModuleExportContext c, DenseBlock block, GraphValue x, string name)
    {
        GraphValue first = block.FirstConv is { } conv
            ? Conv(c, conv, x, 2, Conv2dPadding.Same, name + ".conv0")
            : Separable(c, block.FirstSeparable!, x, 2, Conv2dPadding.Same, name + ".conv0");
        first = c.Relu(first);
        var outputs = new List<GraphValue> { first };
        GraphValue input = first;
        for (int i = 0; i < block.Rest.Count; i++)
        {
            outputs.Add(Separable(c, block.Rest[i], input, 1, Conv2dPadding.Same, $"{name}.conv{i + 1}"));
            // The same order of additions as the engine (newest output backwards), so float sums agree.
            GraphValue sum = outputs[^1];
            for (int j = outputs.Count - 2; j >= 0; j--) sum = c.Add(outputs[j], sum);
            input = c.Relu(sum);
        }
        return input;
    }

    private static GraphValue DetectorGraph(ModuleExportContext c, TinyFaceDetector detector, GraphValue x)
    {
        var (first, separable, output) = detector.Layers;
        // The engine pools before the leaky ReLU (the same values: the activation is increasing); so does the graph.
        x = LeakyRelu(c, MaxPool2x2(c, Conv(c, first, x, 1, Conv2dPadding.Valid, "conv0"), 2));
        for (int i = 0; i < separable.Count; i++)
        {
            GraphValue y = Separable(c, separable[i], x, 1, Conv2dPadding.Symmetric(1), $"conv{i + 1}");
            x = LeakyRelu(c, MaxPool2x2(c, y, i < separable.Count - 1 ? 2 : 1));
        }
        return Conv(c, output, x, 1, Conv2dPadding.Valid, "conv8");
    }

    private static GraphValue Conv(ModuleExportContext c, ConvLayer layer, GraphValue x, int stride, Conv2dPadding padding, string name)
        => c.Conv(layer.Weight, layer.Bias, x, (stride, stride), padding, (1, 1), 1, name);

    private static GraphValue Separable(ModuleExportContext c, SeparableConvLayer layer, GraphValue x, int stride, Conv2dPadding padding, string name)
    {
        GraphValue depthwise = c.Conv(layer.Depthwise, null, x, (stride, stride), padding, (1, 1), layer.Depthwise.Size(0), name + ".depthwise");
        return c.Conv(layer.Pointwise, layer.Bias, depthwise, (1, 1), Conv2dPadding.Valid, (1, 1), 1, name + ".pointwise");
    }

    private static GraphValue LeakyRelu(ModuleExportContext c, GraphValue x) => c.Unary("LeakyRelu", x, A.Float("alpha", 0.1f));

    // TensorFlow's 2x2 'same' max pool: a window that overhangs the bottom/right edge sees only the pixels
    // inside, which ONNX MaxPool's end padding (never selected) gives.
    private static GraphValue MaxPool2x2(ModuleExportContext c, GraphValue x, int stride)
    {
        int h = x.Shape[2], w = x.Shape[3];
        int oh = (h + stride - 1) / stride, ow = (w + stride - 1) / stride;
        int padH = Math.Max((oh - 1) * stride + 2 - h, 0), padW = Math.Max((ow - 1) * stride + 2 - w, 0);
        return c.Op("MaxPool", [x.Name], [x.Shape[0], x.Shape[1], oh, ow],
            A.Ints("kernel_shape", 2, 2), A.Ints("strides", stride, stride), A.Ints("pads", 0, 0, padH, padW));
    }

    private static GraphValue Reorder(ModuleExportContext c, GraphValue score, LabelScheme classes)
    {
        int k = FaceExpressionNet.Classes.Count;
        LabelMapping mapping = ExpressionTaxonomy.Map(ExpressionTaxonomy.FaceApi, classes);
        var matrix = new float[k * classes.Count];
        for (int i = 0; i < k; i++)
        {
            var unit = new float[k];
            unit[i] = 1;
            mapping.MapScores(unit).CopyTo(matrix.AsSpan(i * classes.Count, classes.Count));
        }
        return c.Op("MatMul", [score.Name, c.Weight("class_order", Tensor.Wrap(matrix, k, classes.Count))], [score.Shape[0], classes.Count]);
    }
}
