using System.Reflection;
using Xunit.Abstractions;

namespace Fer.PublicApi.Tests;

/// <summary>
/// The public surface of each package against its baseline, PublicApi.&lt;Assembly&gt;.txt in this folder.
/// A difference fails with the added and removed lines; when the change is intended, run
/// `FER_ACCEPT_API=1 dotnet test tests/Fer.PublicApi.Tests -c Release` to rewrite the baselines and
/// commit them, so that the review shows the change.
/// </summary>
public sealed class PublicApiTests(ITestOutputHelper log)
{
    public static TheoryData<string> Assemblies() => new() { "Fer.Tensors", "Fer.Transforms", "Fer.Trainers", "Fer.MLNet" };

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void PublicSurface_MatchesTheBaseline(string assemblyName)
    {
        string actual = PublicApiDump.Of(Assembly.Load(assemblyName));
        string file = $"PublicApi.{assemblyName}.txt";
        string source = Path.Combine(SourceFolder(), file);
        if (Environment.GetEnvironmentVariable("FER_ACCEPT_API") == "1")
        {
            File.WriteAllText(source, actual);
            log.WriteLine($"baseline rewritten: {source}");
        }

        // The checked-in file when the sources are here, else the copy in the build output.
        string baseline = File.Exists(source) ? source : Path.Combine(AppContext.BaseDirectory, file);
        File.Exists(baseline).Should().BeTrue($"the baseline {file} is committed next to this test (FER_ACCEPT_API=1 writes it)");
        string expected = File.ReadAllText(baseline).ReplaceLineEndings("\n");

        string[] want = expected.Split('\n', StringSplitOptions.RemoveEmptyEntries), have = actual.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] removed = want.Except(have).ToArray(), added = have.Except(want).ToArray();
        foreach (string line in removed) log.WriteLine("- " + line);
        foreach (string line in added) log.WriteLine("+ " + line);
        removed.Should().BeEmpty($"{assemblyName}'s public API lost these members (a breaking change; if intended, FER_ACCEPT_API=1 rewrites {file})");
        added.Should().BeEmpty($"{assemblyName}'s public API gained these members (if intended, FER_ACCEPT_API=1 rewrites {file})");
        have.Length.Should().Be(want.Length, "the same lines, none duplicated");
    }

    [Fact]
    public void Dump_ListsTypesAndMembersOfAKnownType()
    {
        string dump = PublicApiDump.Of(typeof(Fer.Tensors.Tensor).Assembly);
        dump.Should().Contain("sealed class Fer.Tensors.Tensor").And.Contain("Fer.Tensors.Tensor :: static Fer.Tensors.Tensor Zeros(");
        dump.Should().NotContain("Fer.Tensors.Kernels.GemmBlocked", "internal types are not public surface");
    }

    // The test project's folder, found above the build output (bin/Release/net10.0); the output folder when the sources are absent.
    private static string SourceFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Fer.PublicApi.Tests.csproj"))) return dir.FullName;
        return AppContext.BaseDirectory;
    }
}
