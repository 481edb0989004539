using Fer.Testing;
using Fer.Transforms.Imaging;
using Fer.Transforms.Tests.Imaging.Codecs;

namespace Fer.Transforms.Tests.Imaging;

/// <summary>The committed test images under tests/Fer.Transforms.Tests/Imaging/TestFiles (made by tools/imaging/*.py).</summary>
internal static class TestFiles
{
    public static string Folder { get; } = System.IO.Path.Combine(SharedData.RepositoryRoot, "tests", "Fer.Transforms.Tests", "Imaging", "TestFiles");

    public static string Path(string relative) => System.IO.Path.Combine(Folder, relative);

    /// <summary>Reads a binary PGM/PPM reference.</summary>
    public static Image ReadPnm(string relative)
    {
        using var stream = File.OpenRead(Path(relative));
        return Djpeg.ReadPnm(stream) ?? throw new InvalidDataException(relative);
    }

    /// <summary>Asserts two images have the same shape and bytes, naming the first differing pixel.</summary>
    public static void ShouldEqual(this Image actual, Image expected, string what)
    {
        actual.Width.Should().Be(expected.Width, what);
        actual.Height.Should().Be(expected.Height, what);
        actual.Channels.Should().Be(expected.Channels, what);
        for (int i = 0; i < actual.Pixels.Length; i++)
        {
            if (actual.Pixels[i] != expected.Pixels[i])
            {
                int c = i % actual.Channels, x = i / actual.Channels % actual.Width, y = i / actual.Channels / actual.Width;
                Assert.Fail($"{what}: pixel ({x},{y}) channel {c} is {actual.Pixels[i]}, expected {expected.Pixels[i]}");
            }
        }
    }
}
