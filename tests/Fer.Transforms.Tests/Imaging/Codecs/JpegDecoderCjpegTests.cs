using System.Diagnostics;
using Fer.Transforms.Imaging;
using Fer.Transforms.Imaging.Codecs.Jpeg;

namespace Fer.Transforms.Tests.Imaging.Codecs;

/// <summary>
/// Encodes synthetic images with libjpeg-turbo's <c>cjpeg</c> in many modes (subsampling factors,
/// progressive, restart intervals, grey, RGB colour space, odd and tiny sizes) and checks that our
/// decoder gives exactly djpeg's pixels.
/// </summary>
public sealed class JpegDecoderCjpegTests
{
    public static TheoryData<string> Modes() =>
    [
        "-sample 1x1",
        "-sample 2x1",
        "-sample 1x2",
        "-sample 2x2",
        "-sample 2x2 -restart 1",
        "-sample 2x1 -restart 5B",
        "-sample 1x1,2x2,2x2",
        "-sample 2x2,1x2,2x1",
        "-progressive -sample 2x2",
        "-progressive -sample 1x1 -restart 2B",
        "-progressive -sample 2x1 -quality 97",
        "-grayscale",
        "-grayscale -progressive",
        "-grayscale -restart 1",
        "-rgb",
        "-rgb -progressive",
        "-quality 100 -sample 2x2",
        "-quality 20 -optimize",
        "-quality 5 -progressive",
        "-scans {dir}/sequential-per-component.txt",
        "-scans {dir}/progressive-custom.txt -sample 2x2",
        "-scans {dir}/progressive-custom.txt -sample 1x2 -restart 3B",
    ];

    /// <summary>cjpeg scan scripts: one sequential scan per component; and separate DC scans, deep successive approximation and an interleaved DC refinement.</summary>
    private static readonly Dictionary<string, string> ScanScripts = new()
    {
        ["sequential-per-component.txt"] = "0;\n2;\n1;\n",
        ["progressive-custom.txt"] = "0: 0-0, 0, 2;\n1: 0-0, 0, 2;\n2: 0-0, 0, 2;\n0,1,2: 0-0, 2, 1;\n0: 1-5, 0, 3;\n0: 6-63, 0, 3;\n"
            + "0: 1-63, 3, 2;\n0: 1-63, 2, 1;\n1: 1-63, 0, 1;\n2: 1-9, 0, 0;\n2: 10-63, 0, 0;\n0: 1-63, 1, 0;\n1: 1-63, 1, 0;\n0,1,2: 0-0, 1, 0;\n",
    };

    [SkippableTheory]
    [MemberData(nameof(Modes))]
    public void Decode_CjpegOutput_MatchesDjpegExactly(string cjpegArguments)
    {
        Skip.If(Djpeg.Find("cjpeg") is null || Djpeg.Find("djpeg") is null, "cjpeg/djpeg (libjpeg-turbo-progs) are not on PATH.");
        string dir = Directory.CreateTempSubdirectory("fer-cjpeg-").FullName;
        try
        {
            foreach ((string name, string text) in ScanScripts) File.WriteAllText(Path.Combine(dir, name), text);
            cjpegArguments = cjpegArguments.Replace("{dir}", dir, StringComparison.Ordinal);
            foreach ((int w, int h) in new[] { (37, 29), (64, 48), (3, 5), (1, 1), (2, 17), (130, 9) })
            {
                string ppm = Path.Combine(dir, $"in{w}x{h}.ppm");
                string jpg = Path.Combine(dir, $"out{w}x{h}.jpg");
                WritePpm(ppm, Synthetic(w, h));
                Run("cjpeg", $"{cjpegArguments} -outfile {jpg} {ppm}");
                Image expected = Djpeg.DecodeAll([jpg], workers: 1)[0] ?? throw new InvalidOperationException("djpeg failed");
                Image actual = Image.Decode(File.ReadAllBytes(jpg));
                actual.Width.Should().Be(w);
                actual.Height.Should().Be(h);
                actual.Channels.Should().Be(expected.Channels);
                for (int i = 0; i < actual.Pixels.Length; i++)
                {
                    if (actual.Pixels[i] != expected.Pixels[i])
                    {
                        int c = i % actual.Channels, x = i / actual.Channels % w, y = i / actual.Channels / w;
                        Assert.Fail($"{cjpegArguments} {w}x{h}: pixel ({x},{y}) channel {c} is {actual.Pixels[i]}, djpeg {expected.Pixels[i]}");
                    }
                }
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>A smooth colour gradient with texture, so chroma varies and all coefficients get used.</summary>
    internal static Image Synthetic(int w, int h)
    {
        var image = new Image(w, h, 3);
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                uint hash = (uint)(x * 73856093) ^ (uint)(y * 19349663);
                hash = (hash ^ (hash >> 13)) * 0x5bd1e995;
                int noise = (int)(hash >> 28) - 8;
                int o = (y * w + x) * 3;
                image.Pixels[o] = (byte)Math.Clamp(x * 255 / Math.Max(1, w - 1) + noise, 0, 255);
                image.Pixels[o + 1] = (byte)Math.Clamp(y * 255 / Math.Max(1, h - 1) - noise, 0, 255);
                image.Pixels[o + 2] = (byte)Math.Clamp(128 + (int)(100 * Math.Sin((x + 2 * y) * 0.3)) + noise, 0, 255);
            }
        }
        return image;
    }

    internal static void WritePpm(string path, Image image)
    {
        using var f = File.Create(path);
        f.Write(System.Text.Encoding.ASCII.GetBytes($"P6\n{image.Width} {image.Height}\n255\n"));
        f.Write(image.Pixels);
    }

    internal static void Run(string program, string arguments)
    {
        var info = new ProcessStartInfo(program, arguments) { RedirectStandardError = true, UseShellExecute = false };
        using Process p = Process.Start(info)!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{program} {arguments} failed: {err}");
    }
}
