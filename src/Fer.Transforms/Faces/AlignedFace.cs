using Fer.Transforms.Imaging;

namespace Fer.Transforms.Faces;

/// <summary>The result of <see cref="FaceAligner.Align"/>: the aligned image, the landmarks it was aligned by (source pixels), and the map from source to aligned pixels.</summary>
/// <param name="Image">The aligned face, <see cref="FaceAlignmentOptions.Size"/> square.</param>
/// <param name="Landmarks">The landmarks in the source image's pixels.</param>
/// <param name="Transform">Source pixel coordinates to aligned pixel coordinates.</param>
public sealed record AlignedFace(Image Image, FaceLandmarks68 Landmarks, AffineMatrix Transform);
