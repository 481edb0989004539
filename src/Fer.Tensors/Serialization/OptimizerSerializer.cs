using System.Globalization;
using System.Text.Json;
using Fer.Tensors.Optim;
using Fer.Tensors.Optim.Schedules;

namespace Fer.Tensors.Serialization;

/// <summary>
/// Saves and loads an optimizer's state (and optionally its scheduler's position) as safetensors, for
/// checkpoints and resume. Buffers are stored as tensors named "state.{index}.{buffer}"
/// (e.g. "state.3.exp_avg"); group hyperparameters, step counts and the scheduler state are JSON
/// strings in "__metadata__". Loading restores training bit for bit.
/// </summary>
public static class OptimizerSerializer
{
    private const string Format = "fer.optimizer/1";

    /// <summary>Writes the optimizer state (and the scheduler's position when given) to <paramref name="path"/> atomically.</summary>
    public static void Save(Optimizer optimizer, string path, LearningRateScheduler? scheduler = null)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        OptimizerStateDict state = optimizer.StateDict();
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (index, ps) in state.State)
            foreach (var (name, buffer) in ps.Buffers)
                tensors[$"state.{index.ToString(CultureInfo.InvariantCulture)}.{name}"] = buffer;

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["format"] = Format,
            ["kind"] = state.Kind,
            ["groups"] = Json(w =>
            {
                w.WriteStartArray();
                foreach (ParameterGroupState g in state.Groups)
                {
                    w.WriteStartObject();
                    w.WriteStartArray("params");
                    foreach (int i in g.ParameterIndices) w.WriteNumberValue(i);
                    w.WriteEndArray();
                    w.WriteNumber("lr", g.LearningRate);
                    w.WriteNumber("weight_decay", g.WeightDecay);
                    w.WriteNumber("momentum", g.Momentum);
                    w.WriteNumber("beta1", g.Beta1);
                    w.WriteNumber("beta2", g.Beta2);
                    if (g.InitialLearningRate is { } ilr) w.WriteNumber("initial_lr", ilr);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }),
            ["steps"] = Json(w =>
            {
                w.WriteStartObject();
                foreach (var (index, ps) in state.State.OrderBy(kv => kv.Key))
                    w.WriteNumber(index.ToString(CultureInfo.InvariantCulture), ps.Step);
                w.WriteEndObject();
            }),
        };
        if (scheduler is not null)
        {
            LearningRateSchedulerState s = scheduler.StateDict();
            metadata["scheduler"] = Json(w =>
            {
                w.WriteStartObject();
                w.WriteNumber("last_epoch", s.LastEpoch);
                w.WriteNumber("step_count", s.StepCount);
                w.WriteStartArray("base_lrs");
                foreach (double lr in s.BaseLearningRates) w.WriteNumberValue(lr);
                w.WriteEndArray();
                w.WriteEndObject();
            });
        }
        SafeTensorsFile.Write(path, tensors, metadata);
    }

    /// <summary>
    /// Restores the state saved by <see cref="Save"/> into an optimizer over the same parameters
    /// (and the scheduler's position, when <paramref name="scheduler"/> is given).
    /// </summary>
    /// <exception cref="SafeTensorsFormatException">The file is malformed or not an optimizer checkpoint.</exception>
    /// <exception cref="ArgumentException">The checkpoint does not match the optimizer or scheduler; the message starts with the path.</exception>
    public static void Load(Optimizer optimizer, string path, LearningRateScheduler? scheduler = null, SafeTensorsReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        SafeTensorsContent content = SafeTensorsFile.Read(path, options);
        var (state, schedulerState) = Parse(content, path);
        if (scheduler is not null && schedulerState is null)
            throw new ArgumentException($"{path}: the checkpoint holds no scheduler state.", nameof(scheduler));
        try
        {
            optimizer.LoadStateDict(state);
            if (scheduler is not null) scheduler.LoadStateDict(schedulerState!);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{path}: {PlainMessage(e)}", e);
        }
    }

    private static (OptimizerStateDict, LearningRateSchedulerState?) Parse(SafeTensorsContent content, string source)
    {
        IReadOnlyDictionary<string, string> meta = content.Metadata;
        string Get(string key) => meta.TryGetValue(key, out string? v) ? v
            : throw new SafeTensorsFormatException(source, null, "__metadata__", $"'{key}' is missing; this is not an optimizer checkpoint.");
        if (Get("format") != Format)
            throw new SafeTensorsFormatException(source, null, "__metadata__", $"format '{meta["format"]}' is not '{Format}'.");
        try
        {
            var groups = new List<ParameterGroupState>();
            using (JsonDocument doc = JsonDocument.Parse(Get("groups")))
            {
                foreach (JsonElement g in doc.RootElement.EnumerateArray())
                {
                    int[] indices = g.GetProperty("params").EnumerateArray().Select(e => e.GetInt32()).ToArray();
                    double? ilr = g.TryGetProperty("initial_lr", out JsonElement i) ? i.GetDouble() : null;
                    groups.Add(new ParameterGroupState(indices, g.GetProperty("lr").GetDouble(), g.GetProperty("weight_decay").GetDouble(),
                        g.GetProperty("momentum").GetDouble(), g.GetProperty("beta1").GetDouble(), g.GetProperty("beta2").GetDouble(), ilr));
                }
            }
            var steps = new Dictionary<int, long>();
            using (JsonDocument doc = JsonDocument.Parse(Get("steps")))
            {
                foreach (JsonProperty p in doc.RootElement.EnumerateObject())
                    steps[ParseIndex(p.Name, source, "steps")] = p.Value.GetInt64();
            }
            var buffers = steps.Keys.ToDictionary(k => k, _ => new Dictionary<string, Tensor>(StringComparer.Ordinal));
            foreach (var (name, tensor) in content.Tensors)
            {
                string[] parts = name.Split('.');
                if (parts.Length != 3 || parts[0] != "state")
                    throw new SafeTensorsFormatException(source, name, null, "expected a name of the form state.{index}.{buffer}.");
                int index = ParseIndex(parts[1], source, name);
                if (!buffers.TryGetValue(index, out var dict))
                    throw new SafeTensorsFormatException(source, name, null, $"parameter {index} has no entry in 'steps'.");
                dict[parts[2]] = tensor;
            }
            var state = buffers.ToDictionary(kv => kv.Key, kv => new ParameterState(steps[kv.Key], kv.Value));

            LearningRateSchedulerState? scheduler = null;
            if (meta.TryGetValue("scheduler", out string? sched))
            {
                using JsonDocument doc = JsonDocument.Parse(sched);
                JsonElement r = doc.RootElement;
                scheduler = new LearningRateSchedulerState(r.GetProperty("last_epoch").GetInt32(), r.GetProperty("step_count").GetInt32(),
                    r.GetProperty("base_lrs").EnumerateArray().Select(e => e.GetDouble()).ToArray());
            }
            return (new OptimizerStateDict(Get("kind"), groups, state), scheduler);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException and not SafeTensorsFormatException)
        {
            throw new SafeTensorsFormatException(source, null, "__metadata__", $"the optimizer state is malformed ({e.Message}).", e);
        }
    }

    private static int ParseIndex(string text, string source, string where)
        => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int i) ? i
            : throw new SafeTensorsFormatException(source, where, null, $"'{text}' is not a parameter index.");

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream)) write(writer);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The message without the "(Parameter 'x')" suffix, which would name our parameter, not the caller's.</summary>
    private static string PlainMessage(ArgumentException e)
        => e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
}
