using Fer.MLNet.Persistence.Zip;

namespace Fer.MLNet.Tests.Persistence.Zip;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fer-atomic-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void WriteAllBytes_ExistingFile_ReplacesItAndLeavesNoTemporary()
    {
        string path = Path.Combine(_folder, "model.zip");
        File.WriteAllBytes(path, [1, 2, 3]);

        AtomicFile.WriteAllBytes(path, [4, 5]);

        File.ReadAllBytes(path).Should().Equal(4, 5);
        Directory.GetFiles(_folder).Should().Equal(path);
    }

    [Fact]
    public void Write_WriterThrowsHalfway_KeepsOldFileAndDeletesTemporary()
    {
        string path = Path.Combine(_folder, "model.zip");
        File.WriteAllBytes(path, [1, 2, 3]);

        Action write = () => AtomicFile.Write(path, s =>
        {
            s.Write(new byte[100]);
            throw new InvalidOperationException("disk full");
        });

        write.Should().Throw<InvalidOperationException>().WithMessage("disk full");
        File.ReadAllBytes(path).Should().Equal(1, 2, 3);
        Directory.GetFiles(_folder).Should().Equal(path);
    }

    [Fact]
    public void Write_MissingFolder_ThrowsDirectoryNotFound()
    {
        Action write = () => AtomicFile.WriteAllBytes(Path.Combine(_folder, "nope", "m.zip"), [1]);

        write.Should().Throw<DirectoryNotFoundException>().WithMessage("*nope*");
    }
}
