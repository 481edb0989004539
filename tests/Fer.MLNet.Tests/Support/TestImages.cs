using System.Collections.Concurrent;
using Fer.MLNet.Data;
using Fer.Tensors.Random;
using Fer.Testing;
using Fer.Transforms.Imaging;

namespace Fer.MLNet.Tests.Support;

/// <summary>Images and image views for tests: the bundled face-api photos, FER+ PNGs from ../shared, synthetic ones.</summary>
internal static class TestImages
{
    private static readonly ConcurrentDictionary<(int, int), Image> Photos = new();

    /// <summary>The folder of the bundled photos (assets/face-api/samples, 1920 pixels wide JPEGs).</summary>
    public static string SamplesFolder => Path.Combine(SharedData.RepositoryRoot, "assets", "face-api", "samples");

    /// <summary>The bundled photo files, sorted.</summary>
    public static string[] SamplePaths => [.. Directory.GetFiles(SamplesFolder, "*.jpg").Order(StringComparer.Ordinal)];

    /// <summary>Bundled photo <paramref name="index"/> (0-based), decoded once and shrunk to <paramref name="width"/> pixels wide (area), to keep tests fast.</summary>
    public static Image Photo(int index, int width = 96)
        => Photos.GetOrAdd((index, width), key =>
        {
            Image full = Image.Load(SamplePaths[key.Item1]);
            int height = Math.Max(1, (int)Math.Round((double)full.Height * key.Item2 / full.Width));
            return full.Resize(key.Item2, height, ResizeMode.Area);
        });

    /// <summary>The first <paramref name="count"/> FER+ validation PNGs (48x48 grey), or skips the test when ../shared is absent.</summary>
    public static string[] FerPlusPaths(int count)
    {
        string folder = SharedData.Require("data/ferplus/FER2013Valid");
        return [.. Directory.GetFiles(folder, "*.png").Order(StringComparer.Ordinal).Take(count)];
    }

    /// <summary>A random image.</summary>
    public static Image Random(int width, int height, int channels, ulong seed)
    {
        var g = new Generator(seed);
        var pixels = new byte[width * height * channels];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)g.NextInt(256);
        return new Image(width, height, channels, pixels);
    }

    /// <summary>A view with columns Id (Int32) and Image (of the given type, default any size).</summary>
    public static InMemoryDataView View(IReadOnlyList<Image> images, ImageDataViewType? type = null, string column = "Image")
    {
        var schema = new DataViewSchema.Builder()
            .AddColumn("Id", NumberDataViewType.Int32)
            .AddColumn(column, type ?? new ImageDataViewType())
            .ToSchema();
        return new InMemoryDataView(schema, [[.. Enumerable.Range(0, images.Count).Cast<object?>()], [.. images]]);
    }

    /// <summary>A varied set: two shrunk photos (RGB, not square), a grey and an RGB random image.</summary>
    public static Image[] Mixed() => [Photo(0), Photo(5, 64), Random(37, 23, 1, 1), Random(20, 31, 3, 2)];

    /// <summary>A view with a Path (string) column.</summary>
    public static InMemoryDataView PathView(IEnumerable<string> paths)
    {
        var schema = new DataViewSchema.Builder().AddColumn("Path", TextDataViewType.Instance).ToSchema();
        return new InMemoryDataView(schema, [[.. paths]]);
    }
}
