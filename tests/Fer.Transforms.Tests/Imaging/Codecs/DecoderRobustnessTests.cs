using Fer.Tensors.Random;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using Fer.Transforms.Imaging;
using Fer.Transforms.Imaging.Codecs.Png;
using Xunit.Abstractions;

namespace Fer.Transforms.Tests.Imaging.Codecs;

/// <summary>
/// Hostile-input checks: thousands of truncated, bit-flipped, overwritten and random inputs derived
/// from small real JPEGs and PNGs must either decode or throw <see cref="ImageFormatException"/>,
/// quickly, without allocating beyond what the pixel cap allows.
/// </summary>
public sealed class DecoderRobustnessTests(ITestOutputHelper output)
{
    private const int MaxPixels = 1 << 18;
    private static readonly DecodeOptions Options = new() { MaxPixels = MaxPixels };

    /// <summary>12,000 by default; set FER_FUZZ_ITERATIONS for a longer local run.</summary>
    private static readonly int Iterations =
        int.TryParse(Environment.GetEnvironmentVariable("FER_FUZZ_ITERATIONS"), out int n) && n > 0 ? n : 12_000;

    private static readonly string[] Seeds =
    [
        "fuzz/progressive.jpg", "fuzz/grey-progressive.jpg", "fuzz/restart.jpg", "exif/orientation-6.jpg",
        "png/c2_d8.png", "png/c3_d4_trns.png", "png/c0_d16_i.png", "png/c6_d8_i.png", "png/c0_d1.png",
    ];

    [Fact]
    public void Decode_MutatedInputs_OnlyImageFormatExceptionFastAndBounded()
    {
        var random = new Generator(20240601);
        byte[][] seeds = [.. Seeds.Select(s => File.ReadAllBytes(TestFiles.Path(s))), new Image(30, 20, 3).EncodeJpeg(75), new Image(9, 9, 1).EncodeJpeg(50)];
        var failures = new StringBuilder();
        int decoded = 0, rejected = 0, total = 0;
        double worstMs = 0;
        long worstBytes = 0;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < Iterations; i++)
        {
            byte[] seed = seeds[i % seeds.Length];
            (byte[] input, string how) = Mutate(seed, random, i);
            total++;
            long before = GC.GetAllocatedBytesForCurrentThread();
            long start = Stopwatch.GetTimestamp();
            try
            {
                Image image = Image.Decode(input, Options);
                ((long)image.Width * image.Height).Should().BeLessThanOrEqualTo(MaxPixels);
                decoded++;
            }
            catch (ImageFormatException)
            {
                rejected++;
            }
            catch (Exception e)
            {
                if (failures.Length < 4000) failures.AppendLine($"#{i} {Seeds.ElementAtOrDefault(i % seeds.Length) ?? "encoded"} {how}: {e.GetType().Name}: {e.Message}\n{e.StackTrace?.Split('\n').FirstOrDefault()}");
            }
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            worstMs = Math.Max(worstMs, ms);
            worstBytes = Math.Max(worstBytes, bytes);
            // Output, component planes and progressive coefficients are a few bytes per pixel.
            if (bytes > 20L * MaxPixels + 16 * input.Length + (1 << 20) && failures.Length < 4000)
                failures.AppendLine($"#{i} {how}: allocated {bytes} bytes");
            if (ms > 2000 && failures.Length < 4000) // a hang detector, generous for loaded CI machines; not a speed test
                failures.AppendLine($"#{i} {how}: took {ms:F0} ms");
        }
        output.WriteLine($"{total} inputs in {clock.Elapsed.TotalSeconds:F1} s: {decoded} decoded, {rejected} rejected; slowest {worstMs:F1} ms, most allocated {worstBytes} bytes");
        failures.ToString().Should().BeEmpty();
        rejected.Should().BeGreaterThan(total / 3);
        clock.Elapsed.TotalSeconds.Should().BeLessThan(20.0 * Iterations / 12_000);
    }

    private static (byte[] Input, string How) Mutate(byte[] seed, Generator random, int i)
    {
        byte[] data = (byte[])seed.Clone();
        switch (i % 6)
        {
            case 0:
                {
                    int length = random.NextInt(data.Length);
                    return (data[..length], $"truncated to {length}");
                }
            case 1:
                {
                    int flips = 1 + random.NextInt(8);
                    for (int k = 0; k < flips; k++) data[random.NextInt(data.Length)] ^= (byte)(1 << random.NextInt(8));
                    return (FixPngCrcs(data, random.NextInt(2) == 0), $"{flips} bit flips");
                }
            case 2:
                {
                    ReadOnlySpan<byte> values = [0x00, 0xFF, 0xD8, 0xD9, 0xDA, 0xC4, 0x7F, 0x80, 0x10];
                    int count = 1 + random.NextInt(4);
                    for (int k = 0; k < count; k++) data[random.NextInt(data.Length)] = values[random.NextInt(values.Length)];
                    return (FixPngCrcs(data, true), $"{count} byte overwrites");
                }
            case 3:
                {
                    // Header-heavy: mutate only the first 200 bytes, where markers, tables and IHDR live.
                    int at = random.NextInt(Math.Min(200, data.Length));
                    data[at] = (byte)random.NextInt(256);
                    return (FixPngCrcs(data, true), $"header byte {at} set to {data[at]}");
                }
            case 4:
                {
                    int start = random.NextInt(data.Length), length = random.NextInt(Math.Max(1, data.Length - start));
                    var spliced = data[..start].Concat(data[(start + length)..]).Concat(seed[..Math.Min(seed.Length, random.NextInt(64))]).ToArray();
                    return (spliced, $"cut {length} bytes at {start}, appended junk");
                }
            default:
                {
                    int length = random.NextInt(300);
                    var junk = new byte[length + 8];
                    for (int k = 0; k < junk.Length; k++) junk[k] = (byte)random.NextInt(256);
                    seed.AsSpan(0, Math.Min(8, seed.Length)).CopyTo(junk); // keep the signature so the decoder is reached
                    return (junk, $"{length} random bytes after the signature");
                }
        }
    }

    /// <summary>Recomputes PNG chunk CRCs so mutations get past the CRC check into the decoder proper.</summary>
    private static byte[] FixPngCrcs(byte[] data, bool fix)
    {
        if (!fix || !PngDecoder.HasSignature(data)) return data;
        int pos = 8;
        while (pos + 12 <= data.Length)
        {
            long length = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(pos));
            if (pos + 12 + length > data.Length) break;
            uint crc = PngCrc32.Compute(data.AsSpan(pos + 4, 4 + (int)length));
            BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(pos + 8 + (int)length), crc);
            pos += 12 + (int)length;
        }
        return data;
    }

    [Fact]
    public void Decode_JpegHeaderClaiming60000Squared_RejectedBeforeAllocation()
    {
        byte[] jpeg = new Image(16, 16, 3).EncodeJpeg();
        Image.Decode(jpeg); // warm up type initialisers so only the rejected decode is measured
        int sof = jpeg.AsSpan().IndexOf([(byte)0xFF, (byte)0xC0]);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 5), 60000);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 7), 60000);
        ImageFormatException? error = null;
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            Image.Decode(jpeg);
        }
        catch (ImageFormatException e)
        {
            error = e;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        error.Should().NotBeNull();
        error!.Message.Should().Contain("60000x60000").And.Contain("MaxPixels");
        allocated.Should().BeLessThan(256 * 1024, "the 10.8 GB of pixels must never be allocated");
    }

    [Fact]
    public void Decode_TooManyScans_Rejected()
    {
        byte[] jpeg = File.ReadAllBytes(TestFiles.Path("fuzz/progressive.jpg"));
        var act = () => Image.Decode(jpeg, new DecodeOptions { MaxJpegScans = 3 });
        act.Should().Throw<ImageFormatException>().WithMessage("*3 scans*MaxJpegScans*");
    }

    [Fact]
    public void Decode_TooManyPngChunks_Rejected()
    {
        byte[] png = File.ReadAllBytes(TestFiles.Path("png/c2_d8.png"));
        var act = () => Image.Decode(png, new DecodeOptions { MaxPngChunks = 2 });
        act.Should().Throw<ImageFormatException>().WithMessage("*MaxPngChunks*");
        var small = () => Image.Decode(png, new DecodeOptions { MaxPngChunkBytes = 20 });
        small.Should().Throw<ImageFormatException>().WithMessage("*MaxPngChunkBytes*");
    }

    [Fact]
    public void Decode_UnknownFormat_ThrowsNamingIt()
    {
        var act = () => Image.Decode("GIF89a....."u8);
        act.Should().Throw<ImageFormatException>().WithMessage("*unknown image format*JPEG and PNG*");
        var empty = () => Image.Decode([]);
        empty.Should().Throw<ImageFormatException>();
    }

    [Fact]
    public void Load_TruncatedJpeg_MessageNamesFile()
    {
        byte[] jpeg = File.ReadAllBytes(TestFiles.Path("fuzz/restart.jpg"));
        string path = Path.Combine(Path.GetTempPath(), $"fer-truncated-{Environment.ProcessId}.jpg");
        File.WriteAllBytes(path, jpeg[..(jpeg.Length / 2)]);
        try
        {
            var act = () => Image.Load(path);
            act.Should().Throw<ImageFormatException>().Where(e => e.FilePath == path && e.Message.StartsWith(path, StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
