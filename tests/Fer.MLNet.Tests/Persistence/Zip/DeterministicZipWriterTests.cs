using System.IO.Compression;
using System.Text;
using Fer.MLNet.Persistence.Zip;

namespace Fer.MLNet.Tests.Persistence.Zip;

public sealed class DeterministicZipWriterTests
{
    private static byte[] Build()
    {
        var writer = new DeterministicZipWriter();
        writer.Add("TrainingInfo/Version.txt", Encoding.UTF8.GetBytes("1.0\r\n"));
        writer.Add("a/b/data.bin", Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray());
        writer.Add("stored", new byte[] { 9, 8, 7 }, compress: false);
        writer.Add("ünïcode/näme", new byte[] { 1 });
        return writer.ToArray();
    }

    [Fact]
    public void ToArray_SameEntriesTwice_GivesSameBytes()
    {
        Build().Should().Equal(Build());
    }

    [Fact]
    public void ToArray_ReadByDotNetZipArchive_HasSlashNamesDeflateAndFixedTimestamps()
    {
        using var archive = new ZipArchive(new MemoryStream(Build()), ZipArchiveMode.Read);

        archive.Entries.Select(e => e.FullName).Should().Equal("TrainingInfo/Version.txt", "a/b/data.bin", "stored", "ünïcode/näme");
        archive.Entries.Should().OnlyContain(e => e.LastWriteTime.DateTime == new DateTime(1980, 1, 1));
        ZipArchiveEntry data = archive.GetEntry("a/b/data.bin")!;
        data.CompressedLength.Should().BeLessThan(data.Length, "entries are deflated");
        using var stream = data.Open();
        var content = new MemoryStream();
        stream.CopyTo(content);
        content.ToArray().Should().Equal(Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)));
    }

    [Fact]
    public void ToArray_ReadBySafeZipReader_RoundTrips()
    {
        SafeZipArchive archive = SafeZipReader.Read(Build(), "built.zip");

        archive.EntryNames.Should().HaveCount(4);
        archive.GetEntry("stored").ToArray().Should().Equal(9, 8, 7);
    }

    [Theory]
    [InlineData(@"a\b")]
    [InlineData("../x")]
    [InlineData("/x")]
    [InlineData("dir/")]
    [InlineData("")]
    public void Add_InvalidName_Throws(string name)
    {
        var writer = new DeterministicZipWriter();

        Action add = () => writer.Add(name, new byte[1]);

        add.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Add_DuplicateName_Throws()
    {
        var writer = new DeterministicZipWriter();
        writer.Add("a", new byte[1]);

        Action again = () => writer.Add("a", new byte[1]);

        again.Should().Throw<ArgumentException>().WithMessage("*already added*");
    }
}
