namespace Fer.Testing;

/// <summary>
/// Locates <c>../shared</c> (real images, golden outputs) beside the repository root, so tests
/// read data in place. Tests that need it call <see cref="Require"/>, which skips with a message
/// when the folder is absent (CI has it).
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string?> RootLazy = new(FindRoot);

    /// <summary>The absolute path of the shared folder, or null when it is absent.</summary>
    public static string? Root => RootLazy.Value;

    /// <summary>The repository root (the folder holding FerMLNet.sln).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Returns the absolute path of <paramref name="relative"/> under the shared folder, or skips the test.</summary>
    public static string Require(string relative)
    {
        string? root = Root;
        Skip.If(root is null, "../shared is absent: set FER_SHARED or place the shared folder beside the repository.");
        string path = Path.Combine(root!, relative);
        Skip.IfNot(File.Exists(path) || Directory.Exists(path), $"shared data '{relative}' is absent under {root}.");
        return path;
    }

    private static string? FindRoot()
    {
        string? fromEnv = Environment.GetEnvironmentVariable("FER_SHARED");
        if (!string.IsNullOrEmpty(fromEnv) && Directory.Exists(fromEnv)) return Path.GetFullPath(fromEnv);
        string candidate = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));
        return Directory.Exists(candidate) ? candidate : null;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FerMLNet.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("FerMLNet.sln not found above " + AppContext.BaseDirectory);
    }
}
