using Fer.Tensors.Threading;

namespace Fer.Tensors.Tests.Threading;

/// <summary>The engine's fork-join: every chunk exactly once, errors surface, nesting and concurrent callers finish.</summary>
public class ForkJoinTests
{
    private sealed class CountingChunks(int chunks, Action<int>? inner = null) : IParallelChunks
    {
        public int[] Runs { get; } = new int[chunks];

        public void RunChunk(int index)
        {
            Interlocked.Increment(ref Runs[index]);
            inner?.Invoke(index);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(17)]
    public void Run_AnyChunkCount_RunsEachChunkExactlyOnce(int chunks)
    {
        for (int repeat = 0; repeat < 200; repeat++)
        {
            var work = new CountingChunks(chunks);
            ForkJoin.Run(chunks, work);
            work.Runs.Should().OnlyContain(x => x == 1, $"repeat {repeat}");
        }
    }

    [Fact]
    public void Run_ChunkThrows_RethrowsOnCaller()
    {
        var work = new CountingChunks(4, i => { if (i == 2) throw new InvalidOperationException("chunk 2 failed"); });
        var act = () => ForkJoin.Run(4, work);
        act.Should().Throw<InvalidOperationException>().WithMessage("chunk 2 failed");
        work.Runs.Should().OnlyContain(x => x == 1, "the other chunks still run");
    }

    [Fact]
    public void Run_NestedInsideChunks_Completes()
    {
        var inner = new int[4 * 3];
        var work = new CountingChunks(4, i =>
        {
            var nested = new CountingChunks(3, j => Interlocked.Increment(ref inner[i * 3 + j]));
            ForkJoin.Run(3, nested);
        });
        ForkJoin.Run(4, work);
        inner.Should().OnlyContain(x => x == 1);
    }

    [Fact]
    public void Run_ConcurrentCallers_AllComplete()
    {
        var counts = new int[8][];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, caller =>
        {
            var total = new int[5];
            for (int repeat = 0; repeat < 100; repeat++)
            {
                var work = new CountingChunks(5);
                ForkJoin.Run(5, work);
                for (int i = 0; i < 5; i++) total[i] += work.Runs[i];
            }

            counts[caller] = total;
        });
        counts.Should().OnlyContain(c => c.All(x => x == 100));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(10, 3)]
    [InlineData(1001, 7)]
    public void ParallelismFor_AnyCount_CoversRangeOnceInContiguousChunks(int count, int minPerChunk)
    {
        var hits = new int[count];
        var ranges = new System.Collections.Concurrent.ConcurrentBag<(int, int)>();
        Parallelism.For(count, minPerChunk, (start, end) =>
        {
            ranges.Add((start, end));
            for (int i = start; i < end; i++) Interlocked.Increment(ref hits[i]);
        });
        hits.Count(x => x != 1).Should().Be(0, "every index is visited exactly once");
        ranges.Count.Should().BeLessThanOrEqualTo(Parallelism.ThreadCount);
        ranges.Sum(r => r.Item2 - r.Item1).Should().Be(count);
    }
}
