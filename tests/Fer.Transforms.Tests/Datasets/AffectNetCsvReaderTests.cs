using Fer.Transforms.Datasets;
using Fer.Transforms.Taxonomy;

namespace Fer.Transforms.Tests.Datasets;

public class AffectNetCsvReaderTests
{
    private const string Header = "subDirectory_filePath,face_x,face_y,face_width,face_height,facial_landmarks,expression,valence,arousal\n";

    private static string Write(TempFolder tmp, string body)
    {
        foreach (string f in new[] { "1/a.jpg", "1/b.jpg", "2/c.jpg", "2/d.jpg", "3/e.jpg" }) tmp.Image("Manually_Annotated_Images/" + f);
        return tmp.WriteText("training.csv", Header + body);
    }

    [Fact]
    public void Read_ValidRows_GiveBoxLandmarksValenceArousal()
    {
        using var tmp = new TempFolder();
        string csv = Write(tmp,
            "1/a.jpg,10,12,100,110,\"1.5;2.5;3;4\",1,0.75,-0.25\n" +
            "1/b.jpg,0,0,50,50,,7,-2,-2\n");
        var result = new AffectNetCsvReader(csv, new AffectNetCsvReaderOptions { ImageFolder = Path.Combine(tmp.Path, "Manually_Annotated_Images") }).ReadAll();
        result.Rows.Should().HaveCount(2);
        var a = result.Rows[0];
        a.Label.Should().Be(Expression.Happiness);
        a.Box.Should().Be(new FaceBox(10, 12, 100, 110));
        a.Landmarks.Should().Equal(1.5f, 2.5f, 3f, 4f);
        a.Valence.Should().Be(0.75f);
        a.Arousal.Should().Be(-0.25f);
        var b = result.Rows[1];
        b.Label.Should().Be(Expression.Contempt);
        b.Landmarks.Should().BeNull();
        b.Valence.Should().BeNull("-2 marks a missing value");
        b.Arousal.Should().BeNull();
    }

    [Fact]
    public void Read_NonExpressionCodes_FilteredOrKeptByOption()
    {
        using var tmp = new TempFolder();
        string csv = Write(tmp, "1/a.jpg,0,0,5,5,,8,-2,-2\n1/b.jpg,0,0,5,5,,10,-2,-2\n2/c.jpg,0,0,5,5,,0,0,0\n2/d.jpg,0,0,5,5,,7,0,0\n");
        var folder = Path.Combine(tmp.Path, "Manually_Annotated_Images");
        var dropped = new AffectNetCsvReader(csv, new AffectNetCsvReaderOptions { ImageFolder = folder, IncludeContempt = false }).ReadAll();
        dropped.Rows.Select(r => r.Label).Should().Equal(Expression.Neutral);
        dropped.Skipped.Select(s => s.Reason).Should().Equal("expression 8 (None) is not an expression", "expression 10 (Non-Face) is not an expression", "contempt excluded");
        var kept = new AffectNetCsvReader(csv, new AffectNetCsvReaderOptions { ImageFolder = folder, DropNonExpressions = false }).ReadAll();
        kept.Rows.Should().HaveCount(4);
        kept.Rows[0].Label.Should().BeNull();
        kept.Scheme[kept.Rows[1].LabelIndex].Name.Should().Be("Non-Face");
    }

    [Fact]
    public void Read_BadRows_ListedWithLines()
    {
        using var tmp = new TempFolder();
        string csv = Write(tmp,
            "1/a.jpg,0,0,5,5,,11,0,0\n" +        // line 2: code 11
            "1/b.jpg,0,0,5,5,\"1;2;3\",1,0,0\n" + // line 3: odd landmarks
            "2/c.jpg,0,0,5,5,,1,1.5,0\n" +        // line 4: valence out of range
            "2/d.jpg,0,0,-5,5,,1,0,0\n" +         // line 5: bad box
            "/etc/passwd,0,0,5,5,,1,0,0\n" +      // line 6: absolute path
            "3/zz.jpg,0,0,5,5,,1,0,0\n" +         // line 7: missing image
            "3/e.jpg,0,0,5,5,,1,0\n" +            // line 8: 8 fields
            "3/e.jpg,0,0,5,5,,2,0.1,0.2\n");
        var folder = Path.Combine(tmp.Path, "Manually_Annotated_Images");
        FluentActions.Invoking(() => new AffectNetCsvReader(csv, new AffectNetCsvReaderOptions { ImageFolder = folder }).ReadAll())
            .Should().Throw<DatasetFormatException>().WithMessage("*training.csv, line 2*'11'*0..10*");
        var result = new AffectNetCsvReader(csv, new AffectNetCsvReaderOptions { ImageFolder = folder, SkipBadRows = true }).ReadAll();
        result.Rows.Should().ContainSingle().Which.Label.Should().Be(Expression.Sadness);
        result.Skipped.Select(s => (s.Origin.Line, s.Cause)).Should().Equal(
            (2, SkipCause.BadRow), (3, SkipCause.BadRow), (4, SkipCause.BadRow), (5, SkipCause.BadRow), (6, SkipCause.BadRow), (7, SkipCause.MissingImage), (8, SkipCause.BadRow));
    }

    [Fact]
    public void Constructor_MissingImageFolder_Throws()
    {
        using var tmp = new TempFolder();
        string csv = tmp.WriteText("training.csv", Header);
        FluentActions.Invoking(() => new AffectNetCsvReader(csv, new AffectNetCsvReaderOptions { ImageFolder = Path.Combine(tmp.Path, "none") }))
            .Should().Throw<DatasetFormatException>().WithMessage("*none*image folder does not exist*");
    }
}
