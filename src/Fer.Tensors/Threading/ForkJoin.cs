using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;

namespace Fer.Tensors.Threading;

/// <summary>
/// A low-overhead fork-join over thread-pool threads: the caller queues one work item per helper,
/// then takes chunk indices itself from a shared counter until none are left, and waits only for
/// chunks already running elsewhere. A busy pool therefore never stalls a call (the caller does
/// the work), nested use cannot deadlock, and instances are pooled so a call allocates nothing.
/// Which thread runs which chunk varies; what a chunk computes does not.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "Instances are pooled for the life of the process; the event's wait handle is created lazily and finalized.")]
internal sealed class ForkJoin : IThreadPoolWorkItem
{
    private static readonly ForkJoin?[] Pool = new ForkJoin?[8];

    private readonly ManualResetEventSlim finished = new(false);
    private IParallelChunks? work;
    private int count;
    private int next;
    private int done;
    private int references;
    private Exception? error;

    /// <summary>Runs <paramref name="work"/> over <paramref name="chunks"/> chunks and returns when all are done.</summary>
    public static void Run(int chunks, IParallelChunks work)
    {
        if (chunks <= 1)
        {
            if (chunks == 1) work.RunChunk(0);
            return;
        }

        ForkJoin job = Rent();
        job.work = work;
        job.count = chunks;
        job.next = 0;
        job.done = 0;
        job.error = null;
        job.finished.Reset();
        job.references = chunks; // the caller plus one per queued helper
        for (int i = 1; i < chunks; i++) ThreadPool.UnsafeQueueUserWorkItem(job, preferLocal: false);

        job.RunAvailable();
        if (Volatile.Read(ref job.done) < chunks) job.finished.Wait();
        Exception? failure = job.error;
        job.Release();
        if (failure is not null) ExceptionDispatchInfo.Capture(failure).Throw();
    }

    void IThreadPoolWorkItem.Execute()
    {
        RunAvailable();
        Release();
    }

    private void RunAvailable()
    {
        while (true)
        {
            int index = Interlocked.Increment(ref next) - 1;
            if (index >= count) return;
            try
            {
                work!.RunChunk(index);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref error, e, null);
            }

            if (Interlocked.Increment(ref done) == count) finished.Set();
        }
    }

    // The last of the caller and the queued helpers to leave puts the instance back in the pool,
    // so a helper that starts late can never take chunks of a later job.
    private void Release()
    {
        if (Interlocked.Decrement(ref references) != 0) return;
        work = null;
        for (int i = 0; i < Pool.Length; i++)
        {
            if (Interlocked.CompareExchange(ref Pool[i], this, null) is null) return;
        }
    }

    private static ForkJoin Rent()
    {
        for (int i = 0; i < Pool.Length; i++)
        {
            ForkJoin? job = Interlocked.Exchange(ref Pool[i], null);
            if (job is not null) return job;
        }

        return new ForkJoin();
    }
}
