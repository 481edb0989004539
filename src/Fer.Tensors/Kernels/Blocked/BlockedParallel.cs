using Fer.Tensors.Threading;

namespace Fer.Tensors.Kernels.Blocked;

/// <summary>
/// Runs a kernel over work items [0, count) on the engine's threads without allocating: the kernel is
/// a function pointer over an argument block, the chunk object is pooled per calling thread. Small
/// jobs stay on the calling thread (a fork-join costs microseconds, a 4x4 map's layer about as much).
/// </summary>
internal static unsafe class BlockedParallel
{
    /// <summary>Below this many multiply-adds (or element updates) a kernel runs on the calling thread.</summary>
    internal static long ParallelMinWork { get; set; } = 1L << 19;

    /// <summary>From this much work on, each thread's share is cut in four, taken by whichever thread is free.</summary>
    internal static long SplitMoreWork { get; set; } = 1L << 26;

    [ThreadStatic] private static Job? cached;

    /// <summary>
    /// Calls <paramref name="body"/>(args, start, end) over consecutive ranges covering [0, count); on the calling
    /// thread alone when <paramref name="work"/> is below <paramref name="minWork"/> (default <see cref="ParallelMinWork"/>).
    /// </summary>
    public static void For(int count, long work, delegate*<void*, int, int, void> body, void* args, long minWork = -1)
    {
        if (count <= 0) return;
        int threads = Parallelism.ThreadCount;
        int chunks = work < (minWork < 0 ? ParallelMinWork : minWork) || threads == 1 ? 1 : Math.Min(count, threads * (work >= SplitMoreWork ? 4 : 1));
        if (chunks <= 1)
        {
            body(args, 0, count);
            return;
        }

        Job job = cached ?? new Job();
        cached = null; // owned by this call until it returns (a chunk may re-enter on this thread)
        job.Set(body, args, count, chunks);
        try
        {
            ForkJoin.Run(chunks, job);
        }
        finally
        {
            job.Set(null, null, 0, 0);
            cached = job;
        }
    }

    private sealed class Job : IParallelChunks
    {
        private delegate*<void*, int, int, void> body;
        private void* args;
        private int count, chunks;

        public void Set(delegate*<void*, int, int, void> body, void* args, int count, int chunks)
        {
            this.body = body;
            this.args = args;
            this.count = count;
            this.chunks = chunks;
        }

        public void RunChunk(int index)
        {
            int start = (int)((long)count * index / chunks), end = (int)((long)count * (index + 1) / chunks);
            if (start < end) body(args, start, end);
        }
    }
}
