using System.Diagnostics;
using System.Globalization;
using Fer.Tensors.Threading;

namespace Fer.Benchmarks;

/// <summary>Wall time of a 2-chunk fork-join whose chunks each spin for a fixed time: the fork-join's own cost.</summary>
internal static class ForkJoinProbe
{
    public static void Run()
    {
        Parallelism.ThreadCount = 2;
        foreach (int micros in new[] { 0, 10, 100, 1000 })
        {
            long ticks = micros * Stopwatch.Frequency / 1_000_000;
            var work = new SpinChunks(ticks);
            int calls = micros == 0 ? 20000 : Math.Max(200, 200_000 / Math.Max(1, micros));
            for (int i = 0; i < calls / 10; i++) ForkJoin.Run(2, work);
            var times = new double[calls];
            for (int i = 0; i < calls; i++)
            {
                long start = Stopwatch.GetTimestamp();
                ForkJoin.Run(2, work);
                times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }

            Array.Sort(times);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"chunks of {micros,5} us: median {times[calls / 2],8:F1} us, p90 {times[calls * 9 / 10],8:F1} us, caller ran both in {100.0 * work.Sequential / work.Calls,5:F1}% of calls"));
        }
    }

    private sealed class SpinChunks(long ticks) : IParallelChunks
    {
        private int running;

        public int Calls { get; private set; }

        public int Sequential { get; private set; }

        private bool sawOverlap;

        public void RunChunk(int index)
        {
            if (Interlocked.Increment(ref running) > 1) sawOverlap = true;
            long end = Stopwatch.GetTimestamp() + ticks;
            while (Stopwatch.GetTimestamp() < end) { }
            Interlocked.Decrement(ref running);
            if (index == 1)
            {
                Calls++;
                if (!sawOverlap) Sequential++;
                sawOverlap = false;
            }
        }
    }
}
