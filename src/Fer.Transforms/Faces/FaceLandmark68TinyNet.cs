using System.Drawing;
using Fer.Tensors;
using Fer.Tensors.Inference;
using Fer.Transforms.Imaging;

namespace Fer.Transforms.Faces;

/// <summary>
/// face-api's FaceLandmark68TinyNet with its pretrained weights: a face crop is padded to a centred
/// square and resized to 112x112 as for <see cref="FaceExpressionNet"/>, run through the
/// TinyFaceFeatureExtractor (three dense blocks, 128 features) and a fully connected layer to 68
/// (x, y) pairs relative to the padded square, which are mapped back to the crop's pixels.
/// Immutable after loading; every method is thread-safe.
/// </summary>
public sealed class FaceLandmark68TinyNet
{
    /// <summary>The side of the square input.</summary>
    public const int InputSize = 112;

    private readonly float[] mean = [.. FaceExpressionNet.MeanRgb];
    private readonly FaceFeatureExtractor extractor;
    private readonly Tensor fcWeights;
    private readonly Tensor fcBias;

    private FaceLandmark68TinyNet(FaceApiWeights w)
    {
        extractor = FaceFeatureExtractor.Tiny(w);
        fcWeights = w.Get("fc/weights", extractor.FeatureCount, 2 * FaceLandmarks68.Count);
        fcBias = w.Get("fc/bias", 2 * FaceLandmarks68.Count);
        plan = new Lazy<InferencePlan>(() =>
        {
            var graph = new InferenceGraph(3, InputSize, InputSize);
            var (scale, shift) = FaceApiInput.Normalisation(mean);
            graph.Output(graph.Linear(extractor.Describe(graph, graph.ScaleShift(graph.Input, scale, shift)), fcWeights, fcBias, weightIsInByOut: true));
            return graph.Compile();
        }, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    // The network compiled for inference on pixel values (normalised as the input is copied in).
    private readonly Lazy<InferencePlan> plan;

    /// <summary>Loads the pretrained weights from <paramref name="modelFolder"/> (null: <see cref="FaceApiAssets.ModelFolder"/>).</summary>
    /// <exception cref="DirectoryNotFoundException">No folder given and the assets are not found.</exception>
    /// <exception cref="FileNotFoundException">The folder lacks the manifest.</exception>
    /// <exception cref="Weights.TfjsFormatException">The weights are malformed or not this architecture's.</exception>
    public static FaceLandmark68TinyNet Load(string? modelFolder = null)
        => new(FaceApiWeights.Load(modelFolder, FaceApiAssets.FaceLandmark68TinyModel));

    /// <summary>Raw output [N, 136] (x0, y0, x1, ... as fractions of the input square) for pixel values [N, 3, 112, 112] (0..255).</summary>
    /// <exception cref="ArgumentException">The input is not [N, 3, 112, 112].</exception>
    public Tensor Forward(Tensor pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Rank != 4 || pixels.Size(1) != 3 || pixels.Size(2) != InputSize || pixels.Size(3) != InputSize)
            throw new ArgumentException($"FaceLandmark68TinyNet.Forward: expected pixels [N, 3, {InputSize}, {InputSize}]; got {Tensor.FormatShape(pixels.Shape)}.", nameof(pixels));
        return plan.Value.Run(pixels);
    }

    /// <summary>The landmarks of a face crop, in the crop's pixels.</summary>
    public FaceLandmarks68 Detect(Image face)
    {
        ArgumentNullException.ThrowIfNull(face);
        return Detect([face])[0];
    }

    /// <summary>The landmarks of face crops, run as one batch; each in its crop's pixels.</summary>
    /// <exception cref="ArgumentException">An image is null.</exception>
    public IReadOnlyList<FaceLandmarks68> Detect(IReadOnlyList<Image> faces)
    {
        ArgumentNullException.ThrowIfNull(faces);
        for (int i = 0; i < faces.Count; i++)
            if (faces[i] is null) throw new ArgumentException($"FaceLandmark68TinyNet.Detect: face {i} is null.", nameof(faces));
        if (faces.Count == 0) return [];
        float[] raw;
        raw = plan.Value.Run(FaceApiInput.ToPixels(faces, InputSize, centre: true)).ToArray();
        var result = new FaceLandmarks68[faces.Count];
        for (int n = 0; n < result.Length; n++)
        {
            // Fractions of the padded square, mapped back through the padding actually applied.
            var p = FaceApiInput.Place(faces[n].Width, faces[n].Height, centre: true);
            var points = new PointF[FaceLandmarks68.Count];
            for (int i = 0; i < points.Length; i++)
            {
                int at = n * 2 * FaceLandmarks68.Count + 2 * i;
                points[i] = new PointF(raw[at] * p.Side - p.OffsetX, raw[at + 1] * p.Side - p.OffsetY);
            }
            result[n] = new FaceLandmarks68(points);
        }
        return result;
    }

    /// <summary>
    /// The landmarks of the face in <paramref name="faceBox"/> of <paramref name="image"/>, in the
    /// image's pixels: the box (clipped to the image, to whole pixels as face-api's extractFaces) is
    /// cropped and passed to <see cref="Detect(Image)"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The box does not overlap the image.</exception>
    public FaceLandmarks68 Detect(Image image, RectangleF faceBox)
    {
        ArgumentNullException.ThrowIfNull(image);
        Rectangle region = FaceCropping.PixelRegion(image, faceBox);
        return Detect(image.Crop(region)).Shift(region.X, region.Y);
    }

}
