using System.Drawing;
using Fer.Transforms.Faces;
using Fer.Transforms.Imaging;

namespace Fer.Transforms.Tests.Faces;

/// <summary>
/// face-api's five group photos with the centres of every clearly visible face, read off the
/// annotated images rendered while writing docs/faces.md (frontal or three-quarter faces; heads
/// seen from behind in bbt2 are not faces). bbt2's leftmost face is cut by the image border.
/// </summary>
internal static class GroupPhotos
{
    private static readonly (string Name, PointF[] Faces)[] Truth =
    [
        ("bbt1.jpg", [new(260, 205), new(520, 205), new(785, 210), new(1040, 165)]),
        ("bbt2.jpg", [new(35, 125), new(135, 190), new(415, 190)]),
        ("bbt3.jpg", [new(60, 70), new(180, 130), new(280, 140), new(390, 150), new(515, 145)]),
        ("bbt4.jpg", [new(110, 90), new(270, 110), new(615, 135), new(100, 335), new(300, 300), new(510, 255)]),
        ("bbt5.jpg", [new(150, 235), new(250, 100), new(475, 225), new(620, 110), new(760, 170)]),
    ];

    private static readonly Lazy<Photo[]> Photos = new(() => [.. Truth.Select(t => new Photo(t.Name, FaceModels.Example(t.Name), t.Faces))]);

    public static Photo[] Load() => Photos.Value;

    /// <summary>Every box holds exactly one face centre, and each face is in at most one box; at most <paramref name="missesAllowed"/> faces have none.</summary>
    public static void AssertOneToOne(Photo photo, IReadOnlyList<FaceDetection> found, int missesAllowed)
    {
        foreach (var d in found)
            photo.Faces.Count(c => d.Box.Contains(c)).Should().Be(1, $"{photo.Name}: box {d.Box} (score {d.Score:F2}) holds one face");
        int[] hits = [.. photo.Faces.Select(c => found.Count(d => d.Box.Contains(c)))];
        hits.Should().OnlyContain(h => h <= 1, $"{photo.Name}: no face is boxed twice");
        hits.Count(h => h == 0).Should().BeLessThanOrEqualTo(missesAllowed, $"{photo.Name}: faces missed (centres {string.Join(", ", photo.Faces.Where((c, i) => hits[i] == 0))})");
    }

    public sealed record Photo(string Name, Image Image, PointF[] Faces);
}
