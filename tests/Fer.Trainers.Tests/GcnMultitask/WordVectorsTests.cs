using Fer.Trainers.GcnMultitask;

namespace Fer.Trainers.Tests.GcnMultitask;

public class WordVectorsTests
{
    private static readonly string[] Nodes = ["happiness", "anger", "valence", "arousal"];

    [Fact]
    public void Read_GloveLines_PicksNodesInOrderAndSkipsOthers()
    {
        const string text = "the 0.1 0.2 0.3\nAROUSAL 1 2 3\nvalence\t4 5 6\nhappiness -1e-1 0 7\nanger 8 9 10\nanger 99 99 99\n";
        float[] v = WordVectors.Read(new StringReader(text), Nodes).ToArray();
        v.Should().Equal(-0.1f, 0, 7, 8, 9, 10, 4, 5, 6, 1, 2, 3);
    }

    [Fact]
    public void Read_SynonymsAndWord2VecHeader_Accepted()
    {
        const string text = "4 2\nhappy 1 1\nangry 2 2\nvalence 3 3\narousal 4 4\n";
        WordVectors.Read(new StringReader(text), Nodes).ToArray().Should().Equal(1, 1, 2, 2, 3, 3, 4, 4);
    }

    [Fact]
    public void Read_MissingNode_ListsIt()
    {
        var act = () => WordVectors.Read(new StringReader("happiness 1\nvalence 2\n"), Nodes, "vec.txt");
        act.Should().Throw<InvalidDataException>().WithMessage("vec.txt: no vector for 'anger', 'arousal'*");
    }

    [Fact]
    public void Read_BadNumberOrLength_NamesLine()
    {
        var bad = () => WordVectors.Read(new StringReader("x 1\nanger 1 nan\n"), Nodes, "v");
        bad.Should().Throw<InvalidDataException>().WithMessage("v, line 2 ('anger'): value 2 is 'nan'*");
        var text = () => WordVectors.Read(new StringReader("anger 1 two\n"), Nodes, "v");
        text.Should().Throw<InvalidDataException>().WithMessage("*line 1*'two'*");
        var length = () => WordVectors.Read(new StringReader("anger 1 2\nvalence 1 2 3\n"), Nodes, "v");
        length.Should().Throw<InvalidDataException>().WithMessage("v, line 2 ('valence'): 3 values, but earlier vectors have 2.");
    }

    [Fact]
    public void Read_OverlongLine_Refused()
    {
        var act = () => WordVectors.Read(new StringReader(new string('a', WordVectors.MaxLineLength + 1)), Nodes, "v");
        act.Should().Throw<InvalidDataException>().WithMessage("v, line 1: longer than*");
    }

    [Fact]
    public void Load_MissingFile_Throws()
    {
        var act = () => WordVectors.Load("/nonexistent/glove.txt", Nodes);
        act.Should().Throw<FileNotFoundException>().WithMessage("*glove.txt*");
    }
}
