using System.Globalization;
using System.Text.Json;
using Fer.Tensors;
using Fer.Tensors.Nn;
using Fer.Tensors.Optim;
using Fer.Tensors.Optim.Schedules;
using Fer.Tensors.Serialization;

namespace Fer.Trainers.Training;

/// <summary>
/// Checkpoints as folders "ckpt-NNNNNNNN" (global step) holding the model (current, best and averaged weights),
/// the optimizer and scheduler state and the loop's position. A folder is written under a temporary
/// name and renamed, so a checkpoint is either whole or absent; loading falls back to an older
/// checkpoint when the newest is corrupt.
/// </summary>
internal static class CheckpointStore
{
    private const string Format = "fer.checkpoint/1";
    private const string StateFile = "state.safetensors";
    private const string OptimizerFile = "optimizer.safetensors";
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    internal static string Save(string directory, int keep, Module model, IReadOnlyDictionary<string, Tensor>? best,
        IReadOnlyDictionary<string, Tensor>? average, Optimizer optimizer, LearningRateScheduler? scheduler, CheckpointState state)
    {
        Directory.CreateDirectory(directory);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, t) in model.StateDict())
        {
            if (!AllFinite(t)) throw new TrainingDivergedException($"Not writing a checkpoint: '{name}' holds NaN or infinite values.");
            tensors["model." + name] = t;
        }
        if (best is not null)
            foreach (var (name, t) in best) tensors["best." + name] = t;
        if (average is not null)
            foreach (var (name, t) in average) tensors["average." + name] = t;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["format"] = Format,
            ["state"] = JsonSerializer.Serialize(state, Json),
        };
        string final = Path.Combine(directory, "ckpt-" + state.GlobalStep.ToString("D8", CultureInfo.InvariantCulture));
        string temp = final + ".tmp-" + Guid.NewGuid().ToString("N");
        Directory.CreateDirectory(temp);
        try
        {
            SafeTensorsFile.Write(Path.Combine(temp, StateFile), tensors, metadata);
            OptimizerSerializer.Save(optimizer, Path.Combine(temp, OptimizerFile), scheduler);
            if (Directory.Exists(final)) Directory.Delete(final, recursive: true);
            Directory.Move(temp, final);
        }
        catch
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
            throw;
        }
        foreach (string old in List(directory).Skip(keep)) Directory.Delete(old, recursive: true);
        return final;
    }

    /// <summary>Checkpoint folders under <paramref name="directory"/>, newest first.</summary>
    internal static IEnumerable<string> List(string directory)
        => Directory.Exists(directory)
            ? Directory.GetDirectories(directory, "ckpt-*").Where(d => !Path.GetFileName(d).Contains(".tmp-", StringComparison.Ordinal)).OrderDescending(StringComparer.Ordinal)
            : [];

    /// <summary>
    /// Loads <paramref name="path"/> (a checkpoint folder, or a directory of them: newest valid first)
    /// into the model, optimizer and scheduler. Returns the folder used, the state and the best weights.
    /// </summary>
    internal static (string Path, CheckpointState State, IReadOnlyDictionary<string, Tensor>? Best, IReadOnlyDictionary<string, Tensor>? Average) Load(
        string path, Module model, Optimizer optimizer, LearningRateScheduler? scheduler, Action<string> warn)
    {
        string[] candidates = File.Exists(Path.Combine(path, StateFile)) ? [path] : [.. List(path)];
        if (candidates.Length == 0)
            throw new FileNotFoundException($"No checkpoint found at '{path}' (expected a ckpt-* folder or a directory holding them).", path);
        var errors = new List<string>();
        foreach (string candidate in candidates)
        {
            try
            {
                var (state, modelState, best, average) = Read(candidate);
                model.LoadStateDict(modelState);
                OptimizerSerializer.Load(optimizer, Path.Combine(candidate, OptimizerFile), scheduler);
                if (errors.Count > 0) warn($"Resumed from {candidate}; newer checkpoints were unreadable: {string.Join("; ", errors)}");
                return (candidate, state, best, average);
            }
            catch (Exception e) when (e is SafeTensorsFormatException or IOException or ArgumentException or JsonException or InvalidDataException or KeyNotFoundException)
            {
                errors.Add($"{candidate}: {e.Message}");
            }
        }
        throw new InvalidDataException($"No readable checkpoint at '{path}': {string.Join("; ", errors)}");
    }

    private static (CheckpointState, Dictionary<string, Tensor>, Dictionary<string, Tensor>?, Dictionary<string, Tensor>?) Read(string folder)
    {
        string file = Path.Combine(folder, StateFile);
        SafeTensorsContent content = SafeTensorsFile.Read(file);
        if (!content.Metadata.TryGetValue("format", out string? format) || format != Format)
            throw new InvalidDataException($"{file}: not a FerMLNet checkpoint (format '{format}').");
        CheckpointState state = JsonSerializer.Deserialize<CheckpointState>(content.Metadata["state"], Json)
            ?? throw new InvalidDataException($"{file}: empty checkpoint state.");
        var model = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        Dictionary<string, Tensor>? best = null, average = null;
        foreach (var (name, t) in content.Tensors)
        {
            if (name.StartsWith("model.", StringComparison.Ordinal)) model[name[6..]] = t;
            else if (name.StartsWith("best.", StringComparison.Ordinal)) (best ??= new(StringComparer.Ordinal))[name[5..]] = t;
            else if (name.StartsWith("average.", StringComparison.Ordinal)) (average ??= new(StringComparer.Ordinal))[name[8..]] = t;
        }
        return (state, model, best, average);
    }

    internal static bool AllFinite(Tensor t)
    {
        foreach (float v in t.IsContiguous ? t.AsReadOnlySpan() : t.ToArray())
            if (!float.IsFinite(v)) return false;
        return true;
    }
}
