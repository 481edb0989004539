using System.Diagnostics;
using System.Globalization;

namespace Fer.Benchmarks;

/// <summary>
/// CPU time used by other processes between two points, in cores (Linux /proc/stat minus this
/// process's own CPU time); 0 where /proc is absent. Lets the harness retake samples disturbed by
/// other work on a shared machine.
/// </summary>
internal readonly struct MachineLoad
{
    private static readonly double TicksPerSecond = 100.0; // USER_HZ on Linux

    private readonly long busyTicks;
    private readonly TimeSpan ownCpu;
    private readonly long timestamp;

    private MachineLoad(long busyTicks, TimeSpan ownCpu, long timestamp)
    {
        this.busyTicks = busyTicks;
        this.ownCpu = ownCpu;
        this.timestamp = timestamp;
    }

    public static MachineLoad Start() => new(BusyTicks(), Process.GetCurrentProcess().TotalProcessorTime, Stopwatch.GetTimestamp());

    /// <summary>Average number of cores other processes kept busy since <see cref="Start"/>.</summary>
    public double OthersCores()
    {
        long busy = BusyTicks();
        if (busy < 0 || busyTicks < 0) return 0;
        double elapsed = Stopwatch.GetElapsedTime(timestamp).TotalSeconds;
        double own = (Process.GetCurrentProcess().TotalProcessorTime - ownCpu).TotalSeconds;
        double all = (busy - busyTicks) / TicksPerSecond;
        return elapsed <= 0 ? 0 : Math.Max(0, all - own) / elapsed;
    }

    private static long BusyTicks()
    {
        try
        {
            string line = File.ReadLines("/proc/stat").First();
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // cpu user nice system idle iowait irq softirq steal
            long Field(int i) => long.Parse(f[i], CultureInfo.InvariantCulture);
            return Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + Field(8);
        }
        catch (IOException)
        {
            return -1;
        }
        catch (UnauthorizedAccessException)
        {
            return -1;
        }
    }
}
