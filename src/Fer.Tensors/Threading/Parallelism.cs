namespace Fer.Tensors.Threading;

/// <summary>
/// The global thread-count setting of the engine (PyTorch's <c>torch.set_num_threads</c>).
/// Work is split into a fixed number of contiguous chunks that depends only on the thread count,
/// so a fixed seed and thread count give bit-identical results on a re-run.
/// </summary>
public static class Parallelism
{
    private static int threadCount = DefaultThreadCount();

    /// <summary>Number of threads kernels may use (at least 1). Defaults to <c>FER_NUM_THREADS</c> or the processor count.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public static int ThreadCount
    {
        get => threadCount;
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
        int chunks = Math.Min(threadCount, Math.Max(1, count / Math.Max(1, minPerChunk)));
        if (chunks <= 1)
        {
            body(0, count);
            return;
        }

        ForkJoin.Run(chunks, new RangeChunks(count, chunks, body));
    }

    /// <summary>Resolves a kernel's <c>threads</c> argument: 0 means <see cref="ThreadCount"/>, otherwise the value itself.</summary>
    internal static int Resolve(int threads) => threads == 0 ? threadCount : threads;

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
