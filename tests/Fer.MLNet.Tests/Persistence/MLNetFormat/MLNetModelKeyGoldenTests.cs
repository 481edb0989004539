using Fer.MLNet.Persistence.MLNetFormat;
using Fer.MLNet.Persistence.Zip;
using Fer.Testing;
using Xunit.Abstractions;

namespace Fer.MLNet.Tests.Persistence.MLNetFormat;

/// <summary>Every <c>Model.key</c> written by real ML.NET parses and re-encodes byte for byte.</summary>
public sealed class MLNetModelKeyGoldenTests(ITestOutputHelper output)
{
    internal const string GoldenFolder = "golden/mlnet-zips";

    internal static string[] GoldenZips()
    {
        string folder = SharedData.Require(GoldenFolder);
        return Directory.GetFiles(folder, "*.zip").OrderBy(f => f, StringComparer.Ordinal).ToArray();
    }

    [SkippableFact]
    public void Parse_EveryGoldenModelKey_ReencodesByteForByte()
    {
        string[] zips = GoldenZips();
        int streams = 0, withAssembly = 0, oldHeader = 0, withStrings = 0, nested = 0, backslashZips = 0;
        foreach (string zip in zips)
        {
            SafeZipArchive archive = SafeZipReader.Read(zip);
            if (RawNames(zip).Any(n => n.Contains('\\', StringComparison.Ordinal))) backslashZips++;
            foreach (string name in archive.EntryNames.Where(n => n == "Model.key" || n.EndsWith("/Model.key", StringComparison.Ordinal)))
            {
                byte[] original = archive.GetEntry(name).ToArray();
                MLNetModelKey key = MLNetModelKey.Parse(original, zip, name);
                byte[] again = key.ToBytes();
                again.Should().Equal(original, $"{Path.GetFileName(zip)}:{name} must re-encode byte for byte");
                MLNetModelKey.Parse(again).LoaderSignature.Should().Be(key.LoaderSignature);

                streams++;
                if (key.AssemblyName is not null) withAssembly++;
                if (key.HeaderVersionWritten == 0x00010001) oldHeader++;
                if (key.Strings.Count > 0) withStrings++;
                if (name.Count(c => c == '/') >= 2) nested++;
            }
        }
        output.WriteLine($"{streams} Model.key streams across {zips.Length} zips re-encoded byte for byte " +
            $"({withAssembly} with assembly name, {oldHeader} with header 0x00010001, {withStrings} with strings, {nested} nested, {backslashZips} zips with '\\' names).");

        zips.Should().HaveCount(28, "the golden folder holds 28 ML.NET zips");
        streams.Should().BeGreaterThan(200);
        oldHeader.Should().BeGreaterThan(0, "some golden streams use header version 0x00010001");
        withAssembly.Should().BeGreaterThan(0);
        (streams - withAssembly).Should().BeGreaterThan(0);
        backslashZips.Should().BeGreaterThan(0);
    }

    private static List<string> RawNames(string zip)
    {
        using var archive = System.IO.Compression.ZipFile.OpenRead(zip);
        return archive.Entries.Select(e => e.FullName).ToList();
    }
}
