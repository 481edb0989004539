using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;

namespace Fer.Tensors.Threading;

/// <summary>
/// A low-overhead fork-join. Helpers are the engine's own worker threads, which spin for a short
/// while after each job (so back-to-back kernels start at once, as with OpenMP) and then sleep.
/// The caller offers the job to idle workers, takes chunk indices itself from a shared counter
/// until none are left, and waits only for chunks already running elsewhere: a worker that is
/// slow to wake (or busy, e.g. in a nested call) never stalls a call, and nesting cannot deadlock.
/// Jobs are pooled, so a call allocates nothing. Which thread runs which chunk varies; what a
/// chunk computes does not.
/// </summary>
internal sealed class ForkJoin
{
    // Pre-filled: a caller needs one instance, plus one per worker that may still be leaving the last job.
    private static readonly ForkJoin?[] Pool = [new(), new(), new(), new(), null, null, null, null];

    private readonly object gate = new();
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
        job.references = 1;
        Worker.Offer(job, chunks - 1);

        job.RunAvailable(null);
        job.WaitForChunks();
        Exception? failure = job.error;
        job.Release();
        if (failure is not null) ExceptionDispatchInfo.Capture(failure).Throw();
    }

    /// <summary>
    /// Takes chunks until none are left. A <paramref name="helper"/> marks itself idle before it reports its
    /// last chunk done, so a caller that returns at once and offers its next job finds it free (else the
    /// caller, seeing it still busy, would run the next job's every chunk itself). Returns whether it did.
    /// </summary>
    private bool RunAvailable(Worker? helper)
    {
        bool idle = false;
        while (true)
        {
            int index = Interlocked.Increment(ref next) - 1;
            if (index >= count) return idle;
            try
            {
                work!.RunChunk(index);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref error, e, null);
            }

            if (helper is not null && !idle && Volatile.Read(ref next) >= count)
            {
                helper.MarkIdle();
                idle = true;
            }

            if (Interlocked.Increment(ref done) == count)
            {
                lock (gate) Monitor.PulseAll(gate);
            }
        }
    }

    // Chunks are of similar size, so the last running one usually ends soon: spin a little, then
    // block on the job's monitor (which, unlike an event object, allocates nothing managed).
    private void WaitForChunks()
    {
        var spinner = default(SpinWait);
        for (int i = 0; i < 200 && Volatile.Read(ref done) < count; i++) spinner.SpinOnce(sleep1Threshold: -1);
        if (Volatile.Read(ref done) >= count) return;
        lock (gate)
        {
            while (Volatile.Read(ref done) < count) Monitor.Wait(gate);
        }
    }

    // The last of the caller and the helpers to leave puts the instance back in the pool, so a
    // helper that starts late can never take chunks of a later job.
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

    /// <summary>A background helper thread: runs offered jobs, spins briefly for the next, then sleeps.</summary>
    [SuppressMessage("Design", "CA1001", Justification = "Workers live as long as the process.")]
    private sealed class Worker
    {
        private const int MaxWorkers = 64;
        private static readonly int MaxHelpers = Math.Clamp(Environment.ProcessorCount - 1, 1, MaxWorkers);
        private static readonly long SpinTicks = Stopwatch.Frequency / 1000; // 1 millisecond
        private static readonly Worker?[] Workers = new Worker?[MaxWorkers];
        private static readonly object Gate = new();
        private static int started;

        private readonly SemaphoreSlim wake = new(0);
        private ForkJoin? pending;
        private int state; // Idle, Claimed (pending is being set), Busy
        private int sleeping;

        private const int Idle = 0, Claimed = 1, Busy = 2;

        /// <summary>
        /// Hands <paramref name="job"/> to up to <paramref name="helpers"/> idle workers (at most one per
        /// other core: extra chunks are taken by whoever is free), awake ones first, starting workers as needed.
        /// </summary>
        public static void Offer(ForkJoin job, int helpers)
        {
            helpers = Math.Min(helpers, MaxHelpers);
            EnsureStarted(helpers);
            int count = Volatile.Read(ref started);
            for (int pass = 0; pass < 2 && helpers > 0; pass++)
            {
                for (int i = 0; i < count && helpers > 0; i++)
                {
                    Worker w = Workers[i]!;
                    if (pass == 0 && Volatile.Read(ref w.sleeping) == 1) continue;
                    if (Interlocked.CompareExchange(ref w.state, Claimed, Idle) != Idle) continue;
                    Interlocked.Increment(ref job.references);
                    Volatile.Write(ref w.pending, job);
                    Interlocked.Exchange(ref w.state, Busy); // full fence: pairs with the worker's write of sleeping
                    if (Volatile.Read(ref w.sleeping) == 1) w.wake.Release();
                    helpers--;
                }
            }
        }

        private static void EnsureStarted(int wanted)
        {
            if (Volatile.Read(ref started) >= wanted) return;
            lock (Gate)
            {
                while (started < wanted)
                {
                    var w = new Worker();
                    Workers[started] = w;
                    var thread = new Thread(w.Loop) { IsBackground = true, Name = $"Fer worker {started + 1}" };
                    thread.Start();
                    Volatile.Write(ref started, started + 1);
                }
            }
        }

        private void Loop()
        {
            while (true)
            {
                ForkJoin? job = WaitForJob();
                pending = null;
                bool idle = job.RunAvailable(this);
                job.Release();
                // Once idle, a new job may already have been handed over: then the state is Busy again and stays so.
                if (!idle) Volatile.Write(ref state, Idle);
            }
        }

        /// <summary>Open for the next job (called once per job, before the worker's last chunk is reported done).</summary>
        public void MarkIdle() => Volatile.Write(ref state, Idle);

        private ForkJoin WaitForJob()
        {
            long spinUntil = Stopwatch.GetTimestamp() + SpinTicks;
            while (true)
            {
                if (Volatile.Read(ref state) == Busy) return Volatile.Read(ref pending)!;
                if (Stopwatch.GetTimestamp() < spinUntil)
                {
                    Thread.SpinWait(20);
                    continue;
                }

                // Sleep; Offer releases the semaphore when it sees the flag, and the re-check
                // after setting it closes the race with an Offer that ran just before.
                Interlocked.Exchange(ref sleeping, 1); // full fence: pairs with Offer's write of state
                if (Volatile.Read(ref state) != Busy) wake.Wait();
                Volatile.Write(ref sleeping, 0);
                while (wake.CurrentCount > 0) wake.Wait(0);
                spinUntil = Stopwatch.GetTimestamp() + SpinTicks;
            }
        }
    }
}
