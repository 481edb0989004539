using System.Text;

namespace Fer.Transforms.Tests.Datasets;

/// <summary>A temporary folder for synthetic dataset files, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "fer-datasets-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Writes text (UTF-8 without BOM unless <paramref name="bom"/>) and returns the full path.</summary>
    public string WriteText(string relative, string text, bool bom = false)
    {
        string full = Prepare(relative);
        File.WriteAllText(full, text, new UTF8Encoding(bom));
        return full;
    }

    /// <summary>Writes bytes and returns the full path.</summary>
    public string WriteBytes(string relative, params byte[] bytes)
    {
        string full = Prepare(relative);
        File.WriteAllBytes(full, bytes);
        return full;
    }

    /// <summary>Creates a small stand-in image file whose content is <paramref name="content"/> (readers never decode).</summary>
    public string Image(string relative, byte content = 0) => WriteBytes(relative, 0x89, (byte)'P', (byte)'N', (byte)'G', content);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }

    private string Prepare(string relative)
    {
        string full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        return full;
    }
}
