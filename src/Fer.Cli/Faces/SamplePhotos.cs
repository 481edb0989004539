using Fer.Cli.Infrastructure;

namespace Fer.Cli.Faces;

/// <summary>
/// The demo's photos (assets/face-api/samples/*.jpg): copied next to the binaries by the build, and
/// also found in a source checkout above the current folder or the binaries.
/// </summary>
internal static class SamplePhotos
{
    private static readonly string Relative = Path.Combine("assets", "face-api", "samples");

    /// <summary>The sample photos, in name order.</summary>
    /// <exception cref="CliException">No folder holding them was found; the message lists where it looked.</exception>
    public static IReadOnlyList<string> Find()
    {
        var tried = new List<string>();
        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, Relative);
                if (tried.Contains(candidate)) continue;
                tried.Add(candidate);
                if (!Directory.Exists(candidate)) continue;
                string[] photos = [.. Directory.EnumerateFiles(candidate, "*.jpg").Order(StringComparer.Ordinal)];
                if (photos.Length > 0) return photos;
            }
        }
        throw new CliException($"The demo photos ({Relative}/*.jpg) were not found. Looked in: {string.Join("; ", tried.Take(6))}{(tried.Count > 6 ? "; ..." : "")}. Run from the repository, or use 'fer predict --model pretrained FOLDER' on your own photos.");
    }
}
