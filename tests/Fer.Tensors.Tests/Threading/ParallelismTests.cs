using Fer.Tensors.Tests.Convolution;
using Fer.Tensors.Threading;

namespace Fer.Tensors.Tests.Threading;

/// <summary>The thread-count setting and its per-thread serial regions.</summary>
[Collection(ThreadCountCollection.Name)]
public class ParallelismTests
{
    [Fact]
    public void Serial_OnThisThread_ReadsOneUntilDisposed_OtherThreadsKeepTheSetting()
    {
        int before = Parallelism.ThreadCount;
        try
        {
            Parallelism.ThreadCount = 3;
            int elsewhere = 0;
            using (Parallelism.Serial())
            {
                Parallelism.ThreadCount.Should().Be(1);
                using (Parallelism.Serial()) Parallelism.ThreadCount.Should().Be(1);
                Parallelism.ThreadCount.Should().Be(1, "the outer region is still open");
                var other = new Thread(() => elsewhere = Parallelism.ThreadCount);
                other.Start();
                other.Join();
            }
            elsewhere.Should().Be(3);
            Parallelism.ThreadCount.Should().Be(3);
        }
        finally
        {
            Parallelism.ThreadCount = before;
        }
    }

    [Fact]
    public void For_InsideSerial_RunsAsOneChunkOnTheCallingThread()
    {
        int before = Parallelism.ThreadCount;
        try
        {
            Parallelism.ThreadCount = 4;
            var ranges = new List<(int, int, int)>();
            using (Parallelism.Serial())
                Parallelism.For(1000, 1, (s, e) => ranges.Add((s, e, Environment.CurrentManagedThreadId)));
            ranges.Should().Equal((0, 1000, Environment.CurrentManagedThreadId));
        }
        finally
        {
            Parallelism.ThreadCount = before;
        }
    }
}
