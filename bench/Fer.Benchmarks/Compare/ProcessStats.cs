using System.Globalization;

namespace Fer.Benchmarks.Compare;

/// <summary>Resident-memory figures of this process from /proc (Linux); 0 elsewhere.</summary>
internal static class ProcessStats
{
    /// <summary>Peak resident set size in MiB (VmHWM), as getrusage's ru_maxrss reports it to the PyTorch side.</summary>
    public static double PeakRssMb() => ReadKb("VmHWM:") / 1024.0;

    private static long ReadKb(string field)
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
            {
                if (!line.StartsWith(field, StringComparison.Ordinal)) continue;
                string[] parts = line[field.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return long.Parse(parts[0], CultureInfo.InvariantCulture);
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }
}
