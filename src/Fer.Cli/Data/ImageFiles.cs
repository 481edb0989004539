using Fer.Cli.Infrastructure;

namespace Fer.Cli.Data;

/// <summary>The image files a command was pointed at: one file, or every JPEG/PNG in a folder (not recursive), in name order.</summary>
internal static class ImageFiles
{
    private static readonly string[] Extensions = [".jpg", ".jpeg", ".png"];

    /// <exception cref="CliException">The path does not exist, or the folder holds no JPEG or PNG file.</exception>
    public static IReadOnlyList<string> Find(string path)
    {
        if (File.Exists(path)) return [Path.GetFullPath(path)];
        if (!Directory.Exists(path)) throw new CliException($"'{path}' is neither an image file nor a folder.");
        string[] files = [.. Directory.EnumerateFiles(path)
            .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Select(Path.GetFullPath)
            .Order(StringComparer.Ordinal)];
        if (files.Length == 0) throw new CliException($"Folder '{path}' holds no .jpg, .jpeg or .png file.");
        return files;
    }
}
