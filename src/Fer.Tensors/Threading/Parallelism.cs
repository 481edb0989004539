namespace Fer.Tensors.Threading;

/// <summary>
/// The global thread-count setting of the engine (PyTorch's <c>torch.set_num_threads</c>).
/// Work is split into a fixed number of contiguous chunks that depends only on the thread count,
/// so a fixed seed and thread count give bit-identical results on a re-run.
/// </summary>
public static class Parallelism
{
    private static int threadCount = DefaultThreadCount();

    // Set while this thread runs one share of a job that is already split over the threads (see Serial).
    [ThreadStatic] private static int serialDepth;

    /// <summary>
    /// Number of threads kernels may use (at least 1). Defaults to <c>FER_NUM_THREADS</c> or the processor count.
    /// Inside <see cref="Serial"/> on the current thread it reads 1.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public static int ThreadCount
    {
        get => serialDepth > 0 ? 1 : threadCount;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            threadCount = value;
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/>(start, end) over [0, <paramref name="count"/>) split into at most
    /// <see cref="ThreadCount"/> contiguous chunks of near-equal size. Runs inline when one chunk suffices
    /// or when <paramref name="count"/> is below <paramref name="minPerChunk"/> times two.
    /// </summary>
    public static void For(int count, int minPerChunk, Action<int, int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (count <= 0) return;
        int chunks = Math.Min(ThreadCount, Math.Max(1, count / Math.Max(1, minPerChunk)));
        if (chunks <= 1)
        {
            body(0, count);
            return;
        }

        ForkJoin.Run(chunks, new RangeChunks(count, chunks, body));
    }

    /// <summary>Resolves a kernel's <c>threads</c> argument: 0 means <see cref="ThreadCount"/>, otherwise the value itself.</summary>
    internal static int Resolve(int threads) => threads == 0 ? ThreadCount : threads;

    /// <summary>
    /// Until the returned scope is disposed, kernels called from this thread run on it alone
    /// (<see cref="ThreadCount"/> reads 1 here): for work that is itself one of several shares already
    /// running on the engine's threads, e.g. one image of a batch split by images.
    /// </summary>
    internal static SerialScope Serial()
    {
        serialDepth++;
        return default;
    }

    /// <summary>Ends a <see cref="Serial"/> region on the thread that began it.</summary>
    internal readonly struct SerialScope : IDisposable
    {
        public void Dispose() => serialDepth--;
    }

    private static int DefaultThreadCount()
    {
        string? env = Environment.GetEnvironmentVariable("FER_NUM_THREADS");
        if (int.TryParse(env, out int n) && n >= 1) return n;
        return Math.Max(1, Environment.ProcessorCount);
    }

    private sealed class RangeChunks(int count, int chunks, Action<int, int> body) : IParallelChunks
    {
        public void RunChunk(int index)
        {
            long start = (long)count * index / chunks;
            long end = (long)count * (index + 1) / chunks;
            body((int)start, (int)end);
        }
    }
}
