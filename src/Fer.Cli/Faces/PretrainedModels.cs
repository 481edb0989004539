using Fer.Transforms.Faces;

namespace Fer.Cli.Faces;

/// <summary>
/// The face-api models (TinyFaceDetector, FaceExpressionNet), loaded once per process from the bundled
/// assets (see <see cref="FaceApiAssets"/>); both are immutable and thread-safe after loading.
/// </summary>
internal static class PretrainedModels
{
    /// <summary>The name <c>--model</c> takes for them.</summary>
    public const string Name = "pretrained";

    private static readonly Lazy<TinyFaceDetector> DetectorLazy = new(() => TinyFaceDetector.Load(), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<FaceExpressionNet> ExpressionLazy = new(() => FaceExpressionNet.Load(), LazyThreadSafetyMode.ExecutionAndPublication);

    public static TinyFaceDetector Detector => DetectorLazy.Value;

    public static FaceExpressionNet Expression => ExpressionLazy.Value;

    /// <summary>True when <paramref name="model"/> names the pretrained models rather than a model zip.</summary>
    public static bool IsPretrained(string model) => string.Equals(model, Name, StringComparison.OrdinalIgnoreCase);
}
