using System.Diagnostics;
using Fer.Transforms.Imaging;

namespace Fer.Transforms.Tests.Imaging.Codecs;

/// <summary>Runs libjpeg-turbo's <c>djpeg</c> (default settings: islow IDCT, fancy upsampling) on many files at once.</summary>
internal static class Djpeg
{
    /// <summary>Full path of an executable found on PATH, or null.</summary>
    public static string? Find(string name)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            if (dir.Length == 0) continue;
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>
    /// Decodes every file with djpeg -pnm, in <paramref name="workers"/> shell loops (one process start
    /// per loop, not per file). Returns null for a file djpeg failed on.
    /// </summary>
    public static Image?[] DecodeAll(IReadOnlyList<string> files, int workers = 2)
    {
        var results = new Image?[files.Count];
        var tasks = new List<Task>();
        for (int w = 0; w < workers; w++)
        {
            int start = files.Count * w / workers, end = files.Count * (w + 1) / workers;
            tasks.Add(Task.Run(() => RunLoop(files, start, end, results)));
        }
        Task.WaitAll([.. tasks]);
        return results;
    }

    private static void RunLoop(IReadOnlyList<string> files, int start, int end, Image?[] results)
    {
        if (start >= end) return;
        var info = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("for f in \"$@\"; do djpeg -pnm \"$f\" 2>/dev/null || printf X; done");
        info.ArgumentList.Add("djpeg-loop");
        for (int i = start; i < end; i++) info.ArgumentList.Add(files[i]);
        using Process process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stream = new BufferedStream(process.StandardOutput.BaseStream, 1 << 16);
        for (int i = start; i < end; i++) results[i] = ReadPnm(stream);
        process.WaitForExit();
        _ = stderr.Result;
    }

    /// <summary>Reads one binary PGM (P5) or PPM (P6) with maxval 255; returns null when djpeg wrote the failure mark 'X'.</summary>
    public static Image? ReadPnm(Stream s)
    {
        int first = s.ReadByte();
        if (first == 'X') return null;
        int second = s.ReadByte();
        if (first != 'P' || (second != '5' && second != '6')) throw new InvalidDataException($"not a PNM stream ({first}, {second})");
        int channels = second == '5' ? 1 : 3;
        int width = ReadNumber(s), height = ReadNumber(s), max = ReadNumber(s);
        if (max != 255) throw new InvalidDataException($"PNM maxval {max}");
        var image = new Image(width, height, channels);
        s.ReadExactly(image.Pixels);
        return image;
    }

    private static int ReadNumber(Stream s)
    {
        int c;
        do
        {
            c = s.ReadByte();
            if (c == '#') while (c != '\n' && c >= 0) c = s.ReadByte();
        }
        while (c is ' ' or '\n' or '\r' or '\t');
        int value = 0;
        while (c is >= '0' and <= '9')
        {
            value = value * 10 + (c - '0');
            c = s.ReadByte();
        }
        return value; // the single whitespace after the number has been consumed
    }
}
