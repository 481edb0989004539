using Fer.Transforms.Datasets;

namespace Fer.Transforms.Tests.Datasets;

public class CsvRecordReaderTests
{
    private static List<CsvRecord> Parse(string text, char delimiter = ',')
    {
        using var csv = new CsvRecordReader(new StringReader(text), "test.csv", delimiter);
        var list = new List<CsvRecord>();
        while (csv.TryRead(out var r)) list.Add(r);
        return list;
    }

    [Fact]
    public void TryRead_QuotedFieldsWithDelimitersQuotesAndNewlines_Unquotes()
    {
        var rows = Parse("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",,x\n");
        rows.Should().HaveCount(2);
        rows[0].Fields.Should().Equal("a", "b,c", "say \"hi\"");
        rows[0].Line.Should().Be(1);
        rows[1].Fields.Should().Equal("two\nlines", "", "x");
        rows[1].Line.Should().Be(2);
    }

    [Theory]
    [InlineData("h1,h2\r\n1,2\r\n\r\n3,4\r\n")]
    [InlineData("h1,h2\n1,2\n\n3,4")]
    [InlineData("h1,h2\r1,2\r\r3,4\r")]
    public void TryRead_AnyLineEnding_SameRecordsAndLines(string text)
    {
        var rows = Parse(text);
        rows.Select(r => string.Join("|", r.Fields)).Should().Equal("h1|h2", "1|2", "3|4");
        rows.Select(r => r.Line).Should().Equal(1, 2, 4);
    }

    [Fact]
    public void TryRead_LineNumbers_CountNewlinesInsideQuotes()
    {
        var rows = Parse("\"a\r\nb\r\nc\",1\r\nnext,2\r\n");
        rows[1].Line.Should().Be(4);
    }

    [Fact]
    public void Open_FileWithBom_SkipsIt()
    {
        using var tmp = new TempFolder();
        string path = tmp.WriteText("bom.csv", "image,label\nx.jpg,happy\n", bom: true);
        var rows = CsvRecordReader.ReadFile(path).ToList();
        rows[0].Fields.Should().Equal("image", "label");
    }

    [Fact]
    public void TryRead_TrailingDelimiter_GivesEmptyLastField() =>
        Parse("a,b,\n")[0].Fields.Should().Equal("a", "b", "");

    [Fact]
    public void TryRead_Semicolons_UseTheDelimiter() =>
        Parse("a;\"b;c\"\n", ';')[0].Fields.Should().Equal("a", "b;c");

    [Fact]
    public void TryRead_UnterminatedQuote_ThrowsNamingFileAndLine() =>
        FluentActions.Invoking(() => Parse("ok,1\nbad,\"never closed\n more\n")).Should().Throw<DatasetFormatException>()
            .Where(e => e.Line == 2 && e.File == "test.csv").WithMessage("*test.csv, line 2*never closed*");

    [Fact]
    public void TryRead_TextAfterClosingQuote_Throws() =>
        FluentActions.Invoking(() => Parse("a,\"b\"c\n")).Should().Throw<DatasetFormatException>().WithMessage("*line 1*after the closing quote*");

    [Fact]
    public void TryRead_QuoteInsideUnquotedField_Throws() =>
        FluentActions.Invoking(() => Parse("a,\n b\"c,d\n")).Should().Throw<DatasetFormatException>().WithMessage("*line 2*quote inside an unquoted field*");

    [Fact]
    public void TryRead_FieldOverCap_Throws()
    {
        using var csv = new CsvRecordReader(new StringReader("\"" + new string('x', 100)), "big.csv") { MaxFieldLength = 10 };
        FluentActions.Invoking(() => csv.TryRead(out _)).Should().Throw<DatasetFormatException>().WithMessage("*longer than 10*");
    }

    [Fact]
    public void Open_MissingFile_ThrowsNamingIt() =>
        FluentActions.Invoking(() => CsvRecordReader.Open("/no/such/file.csv")).Should().Throw<DatasetFormatException>().WithMessage("*/no/such/file.csv*does not exist*");

    [Fact]
    public void CsvHeader_MissingColumn_ListsColumns()
    {
        using var csv = new CsvRecordReader(new StringReader("image,emotion\n"), "legend.csv");
        var h = CsvHeader.Read(csv);
        h.IndexOf(" EMOTION ").Should().Be(1);
        FluentActions.Invoking(() => h.Require("label")).Should().Throw<DatasetFormatException>().WithMessage("*legend.csv, line 1*'label'*'image', 'emotion'*");
    }

    [Fact]
    public void CsvHeader_EmptyFile_Throws()
    {
        using var csv = new CsvRecordReader(new StringReader("\n\n"), "empty.csv");
        FluentActions.Invoking(() => CsvHeader.Read(csv)).Should().Throw<DatasetFormatException>().WithMessage("*empty.csv*empty*header*");
    }
}
