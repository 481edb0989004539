using Fer.MLNet.Catalogs;

namespace Fer.MLNet;

/// <summary>
/// The entry point of the pipeline API (ML.NET's MLContext): catalogs of data loaders, transforms,
/// trainers, model operations and evaluators, a seed that makes every random choice reproducible,
/// and a <see cref="Log"/> event.
/// </summary>
public sealed class FerContext
{
    /// <summary>Creates a context; <paramref name="seed"/> seeds shuffling, splits, augmentation and training (default 0).</summary>
    public FerContext(int? seed = null)
    {
        Seed = (ulong)(seed ?? 0);
        Data = new DataCatalog(this);
        Transforms = new TransformsCatalog(this);
        Trainers = new TrainersCatalog(this);
        Model = new ModelCatalog(this);
        Evaluate = new EvaluationCatalog(this);
    }

    /// <summary>The context's seed.</summary>
    public ulong Seed { get; }

    /// <summary>Loading, splitting, caching and enumerating data.</summary>
    public DataCatalog Data { get; }

    /// <summary>Image, face and column transforms.</summary>
    public TransformsCatalog Transforms { get; }

    /// <summary>Trainers (estimators that learn a model).</summary>
    public TrainersCatalog Trainers { get; }

    /// <summary>Saving, loading, prediction engines and export.</summary>
    public ModelCatalog Model { get; }

    /// <summary>Metrics of scored data.</summary>
    public EvaluationCatalog Evaluate { get; }

    /// <summary>Messages from loaders, transforms and trainers (progress, warnings, skipped rows).</summary>
    public event EventHandler<LoggingEventArgs>? Log;

    /// <summary>Raises <see cref="Log"/>.</summary>
    public void WriteLog(string source, string message, LogSeverity severity = LogSeverity.Info)
        => Log?.Invoke(this, new LoggingEventArgs(source, message, severity));

    private ulong derived;

    /// <summary>A new seed derived from the context's seed, different at each call (for components created from this context).</summary>
    internal ulong NextSeed() => Seed * 0x9E3779B97F4A7C15UL + Interlocked.Increment(ref derived);
}
