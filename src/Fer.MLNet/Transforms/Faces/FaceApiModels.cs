using Fer.Transforms.Faces;

namespace Fer.MLNet.Transforms;

/// <summary>
/// The pretrained face-api networks, loaded once per process from <see cref="FaceApiAssets.ModelFolder"/>
/// and shared by every face transform (they are immutable and thread-safe). A missing or broken
/// asset folder fails the first transform that needs it, with the loader's message.
/// </summary>
internal static class FaceApiModels
{
    private static readonly Lazy<TinyFaceDetector> DetectorLazy = new(() => TinyFaceDetector.Load(), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<FaceExpressionNet> ExpressionLazy = new(() => FaceExpressionNet.Load(), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<FaceLandmark68TinyNet> LandmarksLazy = new(() => FaceLandmark68TinyNet.Load(), LazyThreadSafetyMode.ExecutionAndPublication);

    internal static TinyFaceDetector Detector => DetectorLazy.Value;

    internal static FaceExpressionNet Expression => ExpressionLazy.Value;

    internal static FaceLandmark68TinyNet Landmarks => LandmarksLazy.Value;
}
