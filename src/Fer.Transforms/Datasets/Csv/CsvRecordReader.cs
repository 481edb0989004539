using System.Text;

namespace Fer.Transforms.Datasets;

/// <summary>
/// A streaming RFC 4180 CSV reader: fields separated by a delimiter, optionally quoted with '"',
/// a quote inside a quoted field written as '""', delimiters and line breaks allowed inside
/// quotes; records end at CRLF, LF or CR; a UTF-8 byte-order mark is skipped; blank lines are
/// skipped. Malformed input (an unterminated quote, a quote inside an unquoted field, text after a
/// closing quote, a field or record over the caps) throws <see cref="DatasetFormatException"/>
/// naming the file and line. Not thread-safe.
/// </summary>
public sealed class CsvRecordReader : IDisposable
{
    private readonly TextReader reader;
    private readonly char delimiter;
    private readonly char[] buffer = new char[1 << 16];
    private readonly StringBuilder field = new();
    private readonly List<string> fields = [];
    private int bufferLength;
    private int bufferPosition;
    private int line = 1;
    private bool started;

    /// <summary>Reads records from <paramref name="reader"/>; <paramref name="fileName"/> is used in error messages.</summary>
    /// <exception cref="ArgumentException">The delimiter is a quote or a line break.</exception>
    public CsvRecordReader(TextReader reader, string fileName, char delimiter = ',')
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(fileName);
        if (delimiter is '"' or '\r' or '\n')
            throw new ArgumentException("The delimiter cannot be a quote or a line break.", nameof(delimiter));
        this.reader = reader;
        FileName = fileName;
        this.delimiter = delimiter;
    }

    /// <summary>Opens <paramref name="path"/> as UTF-8 (a byte-order mark selects its encoding).</summary>
    /// <exception cref="DatasetFormatException">The file does not exist.</exception>
    public static CsvRecordReader Open(string path, char delimiter = ',')
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new DatasetFormatException(full, 0, "CSV file does not exist.");
        return new CsvRecordReader(new StreamReader(full, Encoding.UTF8, detectEncodingFromByteOrderMarks: true), full, delimiter);
    }

    /// <summary>Enumerates the records of <paramref name="path"/> lazily; the file is closed when enumeration ends.</summary>
    public static IEnumerable<CsvRecord> ReadFile(string path, char delimiter = ',')
    {
        using var csv = Open(path, delimiter);
        while (csv.TryRead(out var record)) yield return record;
    }

    /// <summary>The file name used in error messages.</summary>
    public string FileName { get; }

    /// <summary>The longest field accepted, in characters (default 1 Mi); bounds memory on a runaway quote.</summary>
    public int MaxFieldLength { get; init; } = 1 << 20;

    /// <summary>The most fields accepted in one record (default 65,536).</summary>
    public int MaxFieldCount { get; init; } = 1 << 16;

    /// <summary>Reads the next non-blank record.</summary>
    /// <returns>False at the end of the input.</returns>
    /// <exception cref="DatasetFormatException">Malformed CSV; the message names the file and line.</exception>
    public bool TryRead(out CsvRecord record)
    {
        record = default;
        if (!started)
        {
            started = true;
            if (Peek() == '\uFEFF') Next();
        }
        int c = Next();
        while (c is '\r' or '\n')
        {
            EndLine(c);
            c = Next();
        }
        if (c < 0) return false;
        int startLine = line;
        fields.Clear();
        while (true)
        {
            if (c == '"') c = ReadQuoted(startLine);
            else c = ReadUnquoted(c);
            if (fields.Count >= MaxFieldCount)
                throw new DatasetFormatException(FileName, startLine, $"record has more than {MaxFieldCount} fields.");
            fields.Add(field.ToString());
            field.Clear();
            if (c == delimiter)
            {
                c = Next();
                continue;
            }
            if (c >= 0) EndLine(c);
            record = new CsvRecord([.. fields], startLine);
            return true;
        }
    }

    /// <inheritdoc />
    public void Dispose() => reader.Dispose();

    // Reads an unquoted field starting with c; returns the character that ended it.
    private int ReadUnquoted(int c)
    {
        while (c >= 0 && c != delimiter && c != '\r' && c != '\n')
        {
            if (c == '"')
                throw new DatasetFormatException(FileName, line, $"a quote inside an unquoted field (field {fields.Count + 1}); quote the whole field and write inner quotes as \"\".");
            Append((char)c);
            c = Next();
        }
        return c;
    }

    // Reads a quoted field (the opening quote consumed); returns the character after the closing quote.
    private int ReadQuoted(int startLine)
    {
        int fieldLine = line;
        while (true)
        {
            int c = Next();
            if (c < 0)
                throw new DatasetFormatException(FileName, fieldLine, $"the quoted field {fields.Count + 1} starting here is never closed (record starts at line {startLine}).");
            if (c == '"')
            {
                c = Next();
                if (c == '"')
                {
                    Append('"');
                    continue;
                }
                if (c >= 0 && c != delimiter && c != '\r' && c != '\n')
                    throw new DatasetFormatException(FileName, line, $"unexpected '{(char)c}' after the closing quote of field {fields.Count + 1}; expected '{delimiter}' or the end of the line.");
                return c;
            }
            if (c == '\n') line++;
            else if (c == '\r' && Peek() != '\n') line++;
            Append((char)c);
        }
    }

    private void Append(char c)
    {
        if (field.Length >= MaxFieldLength)
            throw new DatasetFormatException(FileName, line, $"field {fields.Count + 1} is longer than {MaxFieldLength} characters.");
        field.Append(c);
    }

    // Consumes the rest of a line break starting with c (CR, LF or CRLF).
    private void EndLine(int c)
    {
        if (c == '\r' && Peek() == '\n') Next();
        line++;
    }

    private int Next()
    {
        if (bufferPosition == bufferLength && !Fill()) return -1;
        return buffer[bufferPosition++];
    }

    private int Peek()
    {
        if (bufferPosition == bufferLength && !Fill()) return -1;
        return buffer[bufferPosition];
    }

    private bool Fill()
    {
        bufferLength = reader.Read(buffer, 0, buffer.Length);
        bufferPosition = 0;
        return bufferLength > 0;
    }
}
