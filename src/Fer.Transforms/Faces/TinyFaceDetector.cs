using System.Drawing;
using Fer.Tensors;
using Fer.Tensors.Autograd;
using Fer.Tensors.Inference;
using Fer.Tensors.Nn;
using Fer.Transforms.Imaging;

namespace Fer.Transforms.Faces;

/// <summary>
/// face-api's TinyFaceDetector (a Tiny-YOLOv2 with depthwise-separable convolutions, one class,
/// five anchors) running on the engine with the pretrained weights. An image is padded at its
/// right/bottom to a square, resized to each input size of the options (face-api: 416; this
/// library's default: 416 and 512, see <see cref="TinyFaceDetectorOptions"/>), normalised
/// ((pixel - [117.001, 114.697, 97.404]) / 255), and run through a 3x3 convolution and five separable
/// convolutions with leaky ReLU (0.1) and max pooling, then a 1x1 convolution to 5 anchors x
/// (x, y, w, h, score) per cell of a (InputSize / 32)² grid. Boxes are decoded as face-api does
/// (sigmoid centre offsets and score, exponential sizes times the anchors), filtered by score,
/// pooled over the input sizes, reduced by non-maximum suppression and mapped to the image's pixels.
/// Immutable after loading; <see cref="Detect(Image, TinyFaceDetectorOptions?)"/> is thread-safe.
/// </summary>
public sealed class TinyFaceDetector
{
    /// <summary>The mean RGB subtracted before the division by 255.</summary>
    public static IReadOnlyList<float> MeanRgb { get; } = [117.001f, 114.697f, 97.404f];

    /// <summary>The anchors' (width, height) in grid cells.</summary>
    public static IReadOnlyList<(double Width, double Height)> Anchors { get; } =
        [(1.603231, 2.094468), (6.041143, 7.080126), (2.882459, 3.518061), (4.266906, 5.178857), (9.041765, 10.66308)];

    private const int BoxEncoding = 5;
    private static readonly int[] Channels = [16, 32, 64, 128, 256, 512];

    private readonly ConvLayer conv0;
    private readonly SeparableConvLayer[] separable;
    private readonly ConvLayer conv8;
    private readonly float[] mean = [.. MeanRgb];

    /// <summary>The layers in order: the first 3x3 convolution, five separable ones, the 1x1 output convolution.</summary>
    internal (ConvLayer First, IReadOnlyList<SeparableConvLayer> Separable, ConvLayer Output) Layers => (conv0, separable, conv8);

    /// <summary>The values per anchor and cell: x, y, w, h, score.</summary>
    internal const int ValuesPerAnchor = BoxEncoding;

    private TinyFaceDetector(FaceApiWeights w)
    {
        conv0 = w.Conv("conv0", 3, 3, Channels[0]);
        separable = new SeparableConvLayer[5];
        for (int i = 1; i <= 5; i++) separable[i - 1] = w.Separable($"conv{i}", Channels[i - 1], Channels[i]);
        conv8 = w.Conv("conv8", 1, Channels[5], Anchors.Count * BoxEncoding);
    }

    /// <summary>Loads the pretrained weights from <paramref name="modelFolder"/> (null: <see cref="FaceApiAssets.ModelFolder"/>).</summary>
    /// <exception cref="DirectoryNotFoundException">No folder given and the assets are not found.</exception>
    /// <exception cref="FileNotFoundException">The folder lacks the manifest.</exception>
    /// <exception cref="Weights.TfjsFormatException">The weights are malformed or not this architecture's.</exception>
    public static TinyFaceDetector Load(string? modelFolder = null)
        => new(FaceApiWeights.Load(modelFolder, FaceApiAssets.TinyFaceDetectorModel));

    /// <summary>
    /// Runs the network on pixel values [N, 3, S, S] (RGB, 0..255, S a multiple of 32; the image
    /// already padded and resized) and returns the raw output [N, 25, S / 32, S / 32]: channel
    /// a * 5 + k holds anchor a's x, y, w, h (k = 0..3) and score logit (k = 4).
    /// </summary>
    /// <exception cref="ArgumentException">The input is not [N, 3, S, S] with S a positive multiple of 32.</exception>
    public Tensor Forward(Tensor pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Rank != 4 || pixels.Size(1) != 3 || pixels.Size(2) != pixels.Size(3) || pixels.Size(2) < 32 || pixels.Size(2) % 32 != 0)
            throw new ArgumentException($"TinyFaceDetector.Forward: expected pixels [N, 3, S, S] with S a multiple of 32; got {Tensor.FormatShape(pixels.Shape)}.", nameof(pixels));
        return Run(pixels);
    }

    /// <summary>Finds the faces in <paramref name="image"/> (grey or RGB).</summary>
    /// <param name="image">The image.</param>
    /// <param name="options">Settings; null for <see cref="TinyFaceDetectorOptions.Default"/>.</param>
    /// <returns>The faces, highest score first.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public IReadOnlyList<FaceDetection> Detect(Image image, TinyFaceDetectorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Detect([image], options)[0];
    }

    /// <summary>
    /// Finds the faces in each of <paramref name="images"/>, running them as one batch per input size.
    /// With several input sizes (<see cref="TinyFaceDetectorOptions.ExtraInputSizes"/>) the boxes of
    /// all sizes are pooled before non-maximum suppression.
    /// </summary>
    /// <returns>One list per image, in input order, each highest score first.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">An image is null.</exception>
    public IReadOnlyList<IReadOnlyList<FaceDetection>> Detect(IReadOnlyList<Image> images, TinyFaceDetectorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        options ??= TinyFaceDetectorOptions.Default;
        options.Validate();
        for (int i = 0; i < images.Count; i++)
            if (images[i] is null) throw new ArgumentException($"TinyFaceDetector.Detect: image {i} is null.", nameof(images));
        var boxes = new List<RectangleF>[images.Count];
        var scores = new List<float>[images.Count];
        for (int n = 0; n < images.Count; n++) (boxes[n], scores[n]) = ([], []);
        foreach (int size in options.InputSizes)
        {
            if (images.Count == 0) break;
            float[] output;
            output = Run(FaceApiInput.ToPixels(images, size, centre: false)).ToArray();
            int cells = size / 32;
            int perImage = Anchors.Count * BoxEncoding * cells * cells;
            for (int n = 0; n < images.Count; n++)
                Decode(output.AsSpan(n * perImage, perImage), size, images[n].Width, images[n].Height, options.ScoreThreshold, boxes[n], scores[n]);
        }
        var result = new IReadOnlyList<FaceDetection>[images.Count];
        for (int n = 0; n < images.Count; n++)
        {
            List<RectangleF> b = boxes[n];
            List<float> sc = scores[n];
            result[n] = [.. NonMaxSuppression.Select(b, sc, options.IouThreshold).Select(i => new FaceDetection(b[i], sc[i]))];
        }
        return result;
    }

    // One compiled plan per input size, on pixel values (normalised as the input is copied in) (the detector runs at 416 by default, and at the sizes its options ask for).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, Lazy<InferencePlan>> plans = new();

    private Tensor Run(Tensor x)
        => plans.GetOrAdd(x.Size(2), size => new Lazy<InferencePlan>(() => Compile(size), LazyThreadSafetyMode.ExecutionAndPublication)).Value.Run(x);

    private InferencePlan Compile(int size)
    {
        var graph = new InferenceGraph(3, size, size);
        var (scale, shift) = FaceApiInput.Normalisation(mean);
        // As RunEagerly: the leaky ReLU commutes with the max pool, and the plan moves it into the convolution.
        InferenceValue x = graph.LeakyRelu(graph.MaxPool2d(conv0.Describe(graph, graph.ScaleShift(graph.Input, scale, shift), 1, Conv2dPadding.Valid), (2, 2), (2, 2), Conv2dPadding.Same), 0.1f);
        for (int i = 0; i < separable.Length; i++)
        {
            InferenceValue y = separable[i].Describe(graph, x, 1, Conv2dPadding.Symmetric(1));
            int stride = i < separable.Length - 1 ? 2 : 1;
            x = graph.LeakyRelu(graph.MaxPool2d(y, (2, 2), (stride, stride), Conv2dPadding.Same), 0.1f);
        }
        graph.Output(conv8.Describe(graph, x, 1, Conv2dPadding.Valid));
        return graph.Compile();
    }

    /// <summary>The network run op by op (the reference the compiled plan is tested against).</summary>
    internal Tensor RunEagerly(Tensor x)
    {
        // face-api applies leaky ReLU, then pools; the ReLU is increasing, so pooling first gives the
        // same values and the activation touches a quarter of them.
        x = Functional.LeakyRelu(SamePooling.MaxPool2x2(conv0.Forward(x, 1, Conv2dPadding.Valid), 2), 0.1f);
        for (int i = 0; i < separable.Length; i++)
        {
            // The last pool is 2x2 with stride 1, the others stride 2; all TensorFlow 'same'.
            Tensor y = separable[i].Forward(x, 1, Conv2dPadding.Symmetric(1));
            x = Functional.LeakyRelu(SamePooling.MaxPool2x2(y, i < separable.Length - 1 ? 2 : 1), 0.1f);
        }
        return conv8.Forward(x, 1, Conv2dPadding.Valid);
    }

    // Adds the boxes scoring above the threshold, in the image's pixels, to boxes and scores.
    private static void Decode(ReadOnlySpan<float> output, int inputSize, int width, int height, float threshold, List<RectangleF> boxes, List<float> scores)
    {
        // The image covers round(W * s) x round(H * s) of the input square (s = inputSize / max(W, H));
        // boxes are decoded relative to that region, then scaled to the image's pixels.
        int cells = inputSize / 32;
        double scale = (double)inputSize / Math.Max(width, height);
        double correctionX = inputSize / Math.Floor(width * scale + 0.5);
        double correctionY = inputSize / Math.Floor(height * scale + 0.5);
        int plane = cells * cells;
        for (int row = 0; row < cells; row++)
        {
            for (int col = 0; col < cells; col++)
            {
                for (int a = 0; a < Anchors.Count; a++)
                {
                    int at = a * BoxEncoding * plane + row * cells + col;
                    double score = Sigmoid(output[at + 4 * plane]);
                    if (!(score > threshold)) continue;
                    double cx = (col + Sigmoid(output[at])) / cells * correctionX;
                    double cy = (row + Sigmoid(output[at + plane])) / cells * correctionY;
                    double w = Math.Exp(output[at + 2 * plane]) * Anchors[a].Width / cells * correctionX;
                    double h = Math.Exp(output[at + 3 * plane]) * Anchors[a].Height / cells * correctionY;
                    boxes.Add(new RectangleF((float)((cx - w / 2) * width), (float)((cy - h / 2) * height), (float)(w * width), (float)(h * height)));
                    scores.Add((float)score);
                }
            }
        }
    }

    private static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));
}
