using System.Diagnostics;
using System.Globalization;
using System.Text;
using Fer.Testing;
using Fer.Transforms.Imaging;
using Fer.Transforms.Imaging.Codecs.Jpeg;
using Xunit.Abstractions;

namespace Fer.Transforms.Tests.Imaging.Codecs;

public sealed class JpegDecoderDjpegTests(ITestOutputHelper output)
{
    private static readonly DecodeOptions NoRotation = new() { ApplyExifOrientation = false };

    [SkippableFact]
    public void Decode_RealPhotos_MatchDjpegPixels()
    {
        string faceapi = SharedData.Require("data/faceapi-examples");
        string lfw = SharedData.Require("data/lfw-expressions");
        Skip.If(Djpeg.Find("djpeg") is null, "djpeg (libjpeg-turbo-progs) is not on PATH: install it to compare with libjpeg-turbo.");
        string[] files = [.. Directory.GetFiles(faceapi, "*.jpg", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(lfw, "*.jpg", SearchOption.AllDirectories)).Order(StringComparer.Ordinal)];
        files.Length.Should().BeGreaterThan(1000);

        // djpeg runs in its own processes while we decode here.
        var clock = Stopwatch.StartNew();
        Task<Image?[]> djpeg = Task.Run(() => Djpeg.DecodeAll(files));
        var ours = new Image[files.Length];
        var progressive = new bool[files.Length];
        for (int i = 0; i < files.Length; i++) ours[i] = JpegDecoder.Decode(File.ReadAllBytes(files[i]), NoRotation, out progressive[i]);
        double oursSeconds = clock.Elapsed.TotalSeconds;
        Image?[] reference = djpeg.Result;

        // Per kind (0 baseline, 1 progressive) and channel: sum |diff|, max |diff|, samples.
        var sum = new long[2, 3];
        var max = new int[2, 3];
        var samples = new long[2, 3];
        var fileCount = new int[2];
        var failures = new StringBuilder();
        int mismatchedFiles = 0;
        for (int i = 0; i < files.Length; i++)
        {
            Image expected = reference[i] ?? throw new InvalidOperationException($"djpeg failed on {files[i]}");
            Image actual = ours[i];
            int kind = progressive[i] ? 1 : 0;
            fileCount[kind]++;
            if (actual.Width != expected.Width || actual.Height != expected.Height || actual.Channels != expected.Channels)
            {
                failures.AppendLine(CultureInfo.InvariantCulture, $"{files[i]}: {actual} vs djpeg {expected}");
                continue;
            }
            byte[] a = actual.Pixels, e = expected.Pixels;
            int channels = actual.Channels;
            for (int c = 0; c < channels; c++) samples[kind, c] += a.Length / channels;
            if (a.AsSpan().SequenceEqual(e)) continue;
            for (int j = 0; j < a.Length; j++)
            {
                int c = j % channels, d = Math.Abs(a[j] - e[j]);
                sum[kind, c] += d;
                if (d > max[kind, c]) max[kind, c] = d;
            }
            if (mismatchedFiles++ < 5) failures.AppendLine(CultureInfo.InvariantCulture, $"differs: {files[i]} ({actual}, progressive={progressive[i]})");
        }
        double totalSeconds = clock.Elapsed.TotalSeconds;

        output.WriteLine($"{files.Length} files ({fileCount[0]} baseline, {fileCount[1]} progressive); ours {oursSeconds:F2} s single-threaded incl. file reads (djpeg alongside); {totalSeconds:F2} s in all; {mismatchedFiles} files not bit-exact");
        for (int kind = 0; kind < 2; kind++)
        {
            for (int c = 0; c < 3; c++)
            {
                if (samples[kind, c] == 0) continue;
                output.WriteLine($"{(kind == 0 ? "baseline" : "progressive")} channel {c}: mean |diff| {(double)sum[kind, c] / samples[kind, c]:F6}, max {max[kind, c]} over {samples[kind, c]} samples");
            }
        }
        output.WriteLine(failures.ToString());

        fileCount[1].Should().BeGreaterThan(0, "the data set includes progressive JPEGs");
        for (int kind = 0; kind < 2; kind++)
            for (int c = 0; c < 3; c++)
                if (samples[kind, c] > 0)
                    ((double)sum[kind, c] / samples[kind, c]).Should().BeLessThan(1.0, $"mean difference of channel {c} ({(kind == 0 ? "baseline" : "progressive")})");
        failures.ToString().Should().NotContain("vs djpeg");
        // Same integer IDCT, upsampling and colour arithmetic as libjpeg-turbo: every byte agrees.
        mismatchedFiles.Should().Be(0, "the decoder reproduces libjpeg-turbo's arithmetic exactly; first files:\n" + failures);
    }
}
