using System.IO.Compression;
using System.Text;
using Fer.MLNet.Persistence;
using Fer.MLNet.Persistence.Zip;

namespace Fer.MLNet.Tests.Persistence.Zip;

public sealed class SafeZipReaderTests
{
    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    private static ModelFormatException Rejects(byte[] zip, SafeZipReaderOptions? options = null)
    {
        Action read = () => SafeZipReader.Read(zip, "crafted.zip", options);
        return read.Should().Throw<ModelFormatException>().Which;
    }

    [Fact]
    public void Read_ArchiveFromDotNetZipArchive_ReturnsEveryEntry()
    {
        using var ms = new MemoryStream();
        using (var z = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var s = z.CreateEntry("a/b.txt").Open()) s.Write(Bytes("hello"));
            using (var s = z.CreateEntry("stored.bin", CompressionLevel.NoCompression).Open()) s.Write(new byte[] { 1, 2, 3 });
            z.CreateEntry("folder/");
            using (var s = z.CreateEntry("empty").Open()) { }
        }

        SafeZipArchive archive = SafeZipReader.Read(ms.ToArray(), "dotnet.zip");

        archive.EntryNames.Should().Equal("a/b.txt", "stored.bin", "empty");
        Encoding.UTF8.GetString(archive.GetEntry("a/b.txt").Span).Should().Be("hello");
        archive.GetEntry("stored.bin").ToArray().Should().Equal(1, 2, 3);
        archive.GetEntry("empty").Length.Should().Be(0);
        archive.TotalBytes.Should().Be(8);
    }

    [Fact]
    public void Read_BackslashNames_NormalisesToSlashAndLooksUpEither()
    {
        byte[] zip = new CraftedZip().Add(@"TransformerChain\Transform_000\Model.key", Bytes("x")).ToArray();

        SafeZipArchive archive = SafeZipReader.Read(zip, "win.zip");

        archive.EntryNames.Should().Equal("TransformerChain/Transform_000/Model.key");
        archive.Contains(@"TransformerChain\Transform_000\Model.key").Should().BeTrue();
        archive.EntriesUnder("TransformerChain").Should().HaveCount(1);
    }

    [Theory]
    [InlineData("../evil", "'..'")]
    [InlineData("a/../../b", "'..'")]
    [InlineData(@"..\evil", "'..'")]
    [InlineData("/abs", "absolute")]
    [InlineData(@"\abs", "absolute")]
    [InlineData(@"C:\x", "drive letter")]
    [InlineData("c:x", "drive letter")]
    [InlineData("a/./b", "'.' segment")]
    [InlineData("a//b", "empty path segment")]
    [InlineData("a\0b", "NUL")]
    [InlineData("a\nb", "control character")]
    public void Read_UnsafeEntryName_ThrowsNamingTheProblem(string name, string expected)
    {
        byte[] zip = new CraftedZip().Add("ok.txt", Bytes("fine")).Add(name, Bytes("bad")).ToArray();

        ModelFormatException ex = Rejects(zip);

        ex.Message.Should().Contain(expected).And.Contain("crafted.zip");
        ex.EntryName.Should().Be(name);
    }

    [Fact]
    public void Read_DuplicateAfterNormalising_Throws()
    {
        byte[] zip = new CraftedZip().Add("a/b", Bytes("1")).Add(@"a\b", Bytes("2")).ToArray();

        Rejects(zip).Message.Should().Contain("duplicate entry name");
    }

    [Fact]
    public void Read_TruncatedArchive_Throws()
    {
        byte[] zip = new CraftedZip().Add("a.txt", new byte[1000]).Add("b.txt", Bytes("tail")).ToArray();

        foreach (int keep in new[] { 0, 10, 21, zip.Length / 2, zip.Length - 1 })
            Rejects(zip[..keep]).Message.Should().MatchRegex("not a zip archive|truncated|corrupt");
    }

    [Fact]
    public void Read_EveryBitFlip_ThrowsTypedOrReadsTheSameContent()
    {
        byte[] model = Enumerable.Range(0, 300).Select(i => (byte)(i % 7)).ToArray();
        byte[] zip = new CraftedZip().Add("TransformerChain/Model.key", model).Add("x/OnnxModel", Bytes("onnx"), deflate: false).ToArray();
        int typed = 0, same = 0;
        for (int i = 0; i < zip.Length; i++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                byte[] flipped = (byte[])zip.Clone();
                flipped[i] ^= (byte)(1 << bit);
                try
                {
                    // Flips in fields the reader does not use (times, attributes, local copies of sizes) may still read.
                    SafeZipArchive a = SafeZipReader.Read(flipped, "flipped.zip");
                    a.GetEntry("TransformerChain/Model.key").ToArray().Should().Equal(model);
                    a.GetEntry("x/OnnxModel").ToArray().Should().Equal(Bytes("onnx"));
                    same++;
                }
                catch (ModelFormatException)
                {
                    typed++;
                }
            }
        }
        typed.Should().BeGreaterThan(same, "flips of signatures, sizes, offsets, CRCs, names and data are detected");
    }

    [Fact]
    public void Read_CrcMismatch_Throws()
    {
        byte[] zip = new CraftedZip().Add(new CraftedZip.Entry { Name = "a", Content = Bytes("abc"), DeclaredCrc = 1234 }).ToArray();

        Rejects(zip).Message.Should().Contain("CRC-32 mismatch");
    }

    [Fact]
    public void Read_DeflateBombDeclaringItsSize_ThrowsBeforeInflating()
    {
        byte[] zeros = new byte[32 << 20];
        byte[] zip = new CraftedZip().Add("bomb", zeros).ToArray();
        zip.Length.Should().BeLessThan(100_000);
        var options = new SafeZipReaderOptions { MaxEntryBytes = 1 << 20 };

        long before = GC.GetAllocatedBytesForCurrentThread();
        ModelFormatException ex = Rejects(zip, options);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        ex.Message.Should().Contain("declares 33554432 bytes").And.Contain("per-entry cap");
        allocated.Should().BeLessThan(4 << 20);
    }

    [Fact]
    public void Read_DeflateBombLyingAboutItsSize_StopsAtTheDeclaredSize()
    {
        byte[] zeros = new byte[32 << 20];
        byte[] zip = new CraftedZip().Add(new CraftedZip.Entry { Name = "bomb", Content = zeros, DeclaredSize = 1000 }).ToArray();

        long before = GC.GetAllocatedBytesForCurrentThread();
        ModelFormatException ex = Rejects(zip);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        ex.Message.Should().Contain("inflates to more than the 1000 bytes it declares");
        allocated.Should().BeLessThan(4 << 20, "inflation stops one byte past the declared size, not at 32 MiB");
    }

    [Fact]
    public void Read_HighCompressionRatio_ThrowsNamingTheRatioCap()
    {
        byte[] zip = new CraftedZip().Add("zeros", new byte[4 << 20]).ToArray();

        Rejects(zip).Message.Should().Contain("compression-ratio cap of 200");
        SafeZipReader.Read(zip, "ok.zip", new SafeZipReaderOptions { MaxCompressionRatio = 10_000 }).TotalBytes.Should().Be(4 << 20);
    }

    [Fact]
    public void Read_TotalOverCap_ThrowsNamingTheTotalCap()
    {
        byte[] zip = new CraftedZip().Add("a", new byte[600], deflate: false).Add("b", new byte[600], deflate: false).ToArray();

        Rejects(zip, new SafeZipReaderOptions { MaxTotalBytes = 1000 }).Message.Should().Contain("total cap of 1000");
    }

    [Fact]
    public void Read_TooManyEntries_ThrowsBeforeReadingThem()
    {
        var crafted = new CraftedZip();
        for (int i = 0; i < 20; i++) crafted.Add($"e{i}", Bytes("x"));

        ModelFormatException ex = Rejects(crafted.ToArray(), new SafeZipReaderOptions { MaxEntryCount = 19 });

        ex.Message.Should().Contain("too many entries").And.Contain("declares 20");
        SafeZipReader.Read(crafted.ToArray(), "ok.zip", new SafeZipReaderOptions { MaxEntryCount = 20 }).EntryNames.Should().HaveCount(20);
    }

    [Fact]
    public void Read_ArchiveOverSizeCap_Throws()
    {
        byte[] zip = new CraftedZip().Add("a", new byte[5000], deflate: false).ToArray();
        var options = new SafeZipReaderOptions { MaxArchiveBytes = 4000 };

        Rejects(zip, options).Message.Should().Contain("over the cap of 4000");
        Action fromStream = () => SafeZipReader.Read(new MemoryStream(zip), "stream.zip", options);
        fromStream.Should().Throw<ModelFormatException>().WithMessage("*over the cap of 4000*");
    }

    [Fact]
    public void Read_OverlappingEntries_Throws()
    {
        // Entry b's local record lies inside entry a's data (the overlapping-entries bomb construction).
        byte[] inner = CraftedZip.StoredLocalRecord("b", Bytes("shared"));
        byte[] zip = new CraftedZip()
            .Add("a", inner, deflate: false)
            .Add(new CraftedZip.Entry { Name = "b", Content = Bytes("shared"), Deflate = false, DirectoryOffset = 30 + 1 })
            .ToArray();

        Rejects(zip).Message.Should().Contain("overlaps");
    }

    [Fact]
    public void Read_EntryFilter_RejectsOrSkipsUnlistedEntries()
    {
        byte[] zip = new CraftedZip().Add("manifest.json", Bytes("{}")).Add("evil.exe", Bytes("MZ")).ToArray();
        Func<string, bool> allow = n => n == "manifest.json";

        Rejects(zip, new SafeZipReaderOptions { EntryFilter = allow }).EntryName.Should().Be("evil.exe");
        SafeZipArchive skipped = SafeZipReader.Read(zip, "z", new SafeZipReaderOptions { EntryFilter = allow, SkipUnlistedEntries = true });
        skipped.EntryNames.Should().Equal("manifest.json");
    }

    [Fact]
    public void Read_UnsupportedMethodOrEncryption_Throws()
    {
        byte[] zip = new CraftedZip().Add("a", Bytes("abc"), deflate: false).ToArray();
        int directory = zip.Length - 22 - 46 - 1;
        byte[] method = (byte[])zip.Clone();
        method[directory + 10] = 14; // LZMA
        method[10 - 2] = 14;          // local header method too
        byte[] encrypted = (byte[])zip.Clone();
        encrypted[directory + 8] = 1;

        Rejects(method).Message.Should().Contain("compression method 14");
        Rejects(encrypted).Message.Should().Contain("encrypted");
    }

    [Fact]
    public void Read_FromPath_ReadsAndNamesFileInErrors()
    {
        string path = Path.Combine(Path.GetTempPath(), $"fer-safezip-{Guid.NewGuid():N}.zip");
        try
        {
            File.WriteAllBytes(path, new CraftedZip().Add("a", Bytes("abc")).ToArray());
            SafeZipReader.Read(path).GetEntry("a").ToArray().Should().Equal(Bytes("abc"));

            File.WriteAllBytes(path, Bytes("not a zip at all, just text that is long enough"));
            Action read = () => SafeZipReader.Read(path);
            read.Should().Throw<ModelFormatException>().Which.FileName.Should().Be(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void GetEntry_Missing_ThrowsNamingEntry()
    {
        SafeZipArchive archive = SafeZipReader.Read(new CraftedZip().Add("a", Bytes("abc")).ToArray(), "z.zip");

        Action get = () => archive.GetEntry(@"x\y");

        get.Should().Throw<ModelFormatException>().Which.EntryName.Should().Be("x/y");
    }
}
