using Fer.Tensors;
using Fer.Tensors.Inference;
using Fer.Transforms.Imaging;
using Fer.Transforms.Taxonomy;

namespace Fer.Transforms.Faces;

/// <summary>
/// face-api's FaceExpressionNet with its pretrained weights: a face crop is zero-padded to a centred
/// square, resized to 112x112 (TensorFlow's bilinear), normalised ((pixel - [122.782, 117.001,
/// 104.298]) / 255), run through four dense blocks of separable convolutions (the
/// FaceFeatureExtractor), average-pooled to 256 features and classified by one fully connected
/// layer into 7 expressions in <see cref="ExpressionTaxonomy.FaceApi"/> order (neutral, happy, sad,
/// angry, fearful, disgusted, surprised). Immutable after loading; every method is thread-safe.
/// </summary>
public sealed class FaceExpressionNet
{
    /// <summary>The side of the square input.</summary>
    public const int InputSize = 112;

    /// <summary>The length of the feature vector.</summary>
    public const int FeatureCount = 256;

    /// <summary>The mean RGB subtracted before the division by 255.</summary>
    public static IReadOnlyList<float> MeanRgb { get; } = [122.782f, 117.001f, 104.298f];

    private readonly float[] mean = [.. MeanRgb];
    private readonly FaceFeatureExtractor extractor;
    private readonly Tensor fcWeights;
    private readonly Tensor fcBias;

    /// <summary>The feature extractor (four dense blocks and the average pool).</summary>
    internal FaceFeatureExtractor Extractor => extractor;

    /// <summary>The classifier's weights [256, 7] (features x classes) and bias [7].</summary>
    internal (Tensor Weights, Tensor Bias) Classifier => (fcWeights, fcBias);

    private FaceExpressionNet(FaceApiWeights w)
    {
        extractor = FaceFeatureExtractor.Full(w);
        fcWeights = w.Get("fc/weights", FeatureCount, Classes.Count);
        fcBias = w.Get("fc/bias", Classes.Count);
        plan = new Lazy<InferencePlan>(Compile, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    private readonly Lazy<InferencePlan> plan;

    /// <summary>The network compiled for inference on pixel values (normalised as the input is copied in): outputs logits [N, 7] and features [N, 256].</summary>
    internal InferencePlan Plan => plan.Value;

    private InferencePlan Compile()
    {
        var graph = new InferenceGraph(3, InputSize, InputSize);
        var (scale, shift) = FaceApiInput.Normalisation(mean);
        InferenceValue features = extractor.Describe(graph, graph.ScaleShift(graph.Input, scale, shift));
        graph.Output(graph.Linear(features, fcWeights, fcBias, weightIsInByOut: true));
        graph.Output(features);
        return graph.Compile();
    }

    /// <summary>The output classes: <see cref="ExpressionTaxonomy.FaceApi"/>.</summary>
    public static LabelScheme Classes => ExpressionTaxonomy.FaceApi;

    /// <summary>Loads the pretrained weights from <paramref name="modelFolder"/> (null: <see cref="FaceApiAssets.ModelFolder"/>).</summary>
    /// <exception cref="DirectoryNotFoundException">No folder given and the assets are not found.</exception>
    /// <exception cref="FileNotFoundException">The folder lacks the manifest.</exception>
    /// <exception cref="Weights.TfjsFormatException">The weights are malformed or not this architecture's.</exception>
    public static FaceExpressionNet Load(string? modelFolder = null)
        => new(FaceApiWeights.Load(modelFolder, FaceApiAssets.FaceExpressionModel));

    /// <summary>Logits [N, 7] for pixel values [N, 3, 112, 112] (RGB, 0..255, already squared and resized).</summary>
    /// <exception cref="ArgumentException">The input is not [N, 3, 112, 112].</exception>
    public Tensor Forward(Tensor pixels)
    {
        CheckPixels(pixels);
        return Plan.Run(pixels);
    }

    /// <summary>Predicts the expression of one face crop (grey or RGB, any size).</summary>
    public ExpressionPrediction Predict(Image face)
    {
        ArgumentNullException.ThrowIfNull(face);
        return Predict([face])[0];
    }

    /// <summary>Predicts the expressions of face crops as one batch; results in input order.</summary>
    /// <exception cref="ArgumentException">An image is null.</exception>
    public IReadOnlyList<ExpressionPrediction> Predict(IReadOnlyList<Image> faces)
    {
        ArgumentNullException.ThrowIfNull(faces);
        for (int i = 0; i < faces.Count; i++)
            if (faces[i] is null) throw new ArgumentException($"FaceExpressionNet.Predict: face {i} is null.", nameof(faces));
        if (faces.Count == 0) return [];
        Tensor[] outputs = Plan.RunAll(FaceApiInput.ToPixels(faces, InputSize, centre: true));
        float[] logits = outputs[0].ToArray(), features = outputs[1].ToArray();
        int k = Classes.Count;
        var result = new ExpressionPrediction[faces.Count];
        for (int n = 0; n < result.Length; n++)
        {
            float[] z = logits[(n * k)..((n + 1) * k)];
            result[n] = new ExpressionPrediction(z, Softmax(z), features[(n * FeatureCount)..((n + 1) * FeatureCount)]);
        }
        return result;
    }

    /// <summary>The 256 pooled features of one face crop (what the classifier reads).</summary>
    public float[] ExtractFeatures(Image face) => [.. Predict(face).Features];

    private static float[] Softmax(float[] logits)
    {
        double max = logits.Max(), sum = 0;
        var p = new double[logits.Length];
        for (int i = 0; i < p.Length; i++) sum += p[i] = Math.Exp(logits[i] - max);
        return [.. p.Select(v => (float)(v / sum))];
    }

    private static void CheckPixels(Tensor pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Rank != 4 || pixels.Size(1) != 3 || pixels.Size(2) != InputSize || pixels.Size(3) != InputSize)
            throw new ArgumentException($"FaceExpressionNet.Forward: expected pixels [N, 3, {InputSize}, {InputSize}]; got {Tensor.FormatShape(pixels.Shape)}.", nameof(pixels));
    }
}
