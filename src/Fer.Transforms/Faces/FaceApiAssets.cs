namespace Fer.Transforms.Faces;

/// <summary>
/// Finds the pretrained face-api weights (tfjs manifests and shards, <c>assets/face-api/model</c>).
/// When the environment variable <c>FER_ASSETS</c> is set, only it is used: the folder holding
/// <c>face-api/model</c>, or the <c>face-api</c> folder itself, or the model folder. Otherwise the
/// weights are looked for in <c>assets/face-api/model</c> under <see cref="AppContext.BaseDirectory"/>
/// (where the build and the NuGet package copy them) and under each folder above it (a source checkout).
/// </summary>
public static class FaceApiAssets
{
    /// <summary>The environment variable that overrides where the assets are looked for.</summary>
    public const string EnvironmentVariable = "FER_ASSETS";

    /// <summary>The TinyFaceDetector weights' name (manifest <c>tiny_face_detector_model-weights_manifest.json</c>).</summary>
    public const string TinyFaceDetectorModel = "tiny_face_detector_model";

    /// <summary>The FaceExpressionNet weights' name.</summary>
    public const string FaceExpressionModel = "face_expression_model";

    /// <summary>The FaceLandmark68TinyNet weights' name.</summary>
    public const string FaceLandmark68TinyModel = "face_landmark_68_tiny_model";

    private const string ProbeFile = TinyFaceDetectorModel + "-weights_manifest.json";

    /// <summary>The folder holding the weights, found as the class summary describes.</summary>
    /// <exception cref="DirectoryNotFoundException">No candidate holds the weights; the message lists every folder tried.</exception>
    public static string ModelFolder => Locate(Environment.GetEnvironmentVariable(EnvironmentVariable), AppContext.BaseDirectory);

    /// <summary>The manifest of model <paramref name="modelName"/> (e.g. <see cref="FaceExpressionModel"/>) in <see cref="ModelFolder"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The weights folder is not found.</exception>
    /// <exception cref="FileNotFoundException">The folder lacks this model's manifest.</exception>
    public static string ManifestPath(string modelName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        return ManifestPath(ModelFolder, modelName);
    }

    /// <summary>The manifest of model <paramref name="modelName"/> in <paramref name="folder"/>.</summary>
    /// <exception cref="FileNotFoundException">The folder lacks this model's manifest.</exception>
    public static string ManifestPath(string folder, string modelName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        string path = Path.Combine(Path.GetFullPath(folder), modelName + "-weights_manifest.json");
        if (!File.Exists(path))
            throw new FileNotFoundException($"The face-api model '{modelName}' has no manifest at {path}.", path);
        return path;
    }

    /// <summary>The search itself, with the override and the starting folder given (for tests).</summary>
    internal static string Locate(string? overrideFolder, string baseDirectory)
    {
        var tried = new List<string>();
        foreach (string candidate in Candidates(overrideFolder, baseDirectory))
        {
            string full = Path.GetFullPath(candidate);
            if (tried.Contains(full)) continue;
            tried.Add(full);
            if (File.Exists(Path.Combine(full, ProbeFile))) return full;
        }
        string hint = string.IsNullOrWhiteSpace(overrideFolder)
            ? $"Set {EnvironmentVariable} to the folder holding face-api/model, or copy assets/face-api/model next to the application."
            : $"{EnvironmentVariable} is set to '{overrideFolder}'; point it at the folder holding face-api/model, or unset it.";
        throw new DirectoryNotFoundException($"The face-api weights ({ProbeFile} and its .bin) were not found. Looked in: {string.Join("; ", tried)}. {hint}");
    }

    private static IEnumerable<string> Candidates(string? overrideFolder, string baseDirectory)
    {
        if (!string.IsNullOrWhiteSpace(overrideFolder))
        {
            yield return Path.Combine(overrideFolder, "face-api", "model");
            yield return Path.Combine(overrideFolder, "model");
            yield return overrideFolder;
            yield break;
        }
        for (var dir = new DirectoryInfo(baseDirectory); dir is not null; dir = dir.Parent)
            yield return Path.Combine(dir.FullName, "assets", "face-api", "model");
    }
}
