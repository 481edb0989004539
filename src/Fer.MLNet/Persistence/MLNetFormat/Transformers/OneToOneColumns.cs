namespace Fer.MLNet.Persistence.MLNetFormat.Transformers;

/// <summary>
/// The start of every one-to-one ML.NET transformer body: int32 column count, then per column the
/// output and the input name as string ids.
/// </summary>
internal static class OneToOneColumns
{
    public static MLNetColumnPair[] Read(ref ModelBodyReader reader)
    {
        int count = reader.ReadCount("column count", 8, min: 1);
        var columns = new MLNetColumnPair[count];
        for (int i = 0; i < count; i++)
        {
            string output = reader.ReadNonEmptyString($"column {i} output name");
            string input = reader.ReadNonEmptyString($"column {i} input name");
            columns[i] = new MLNetColumnPair(output, input);
        }
        return columns;
    }

    public static void Write(ModelBodyWriter writer, IEnumerable<MLNetColumnPair> columns)
    {
        MLNetColumnPair[] all = columns.ToArray();
        writer.WriteInt32(all.Length);
        foreach (MLNetColumnPair c in all)
        {
            writer.WriteNonEmptyString(c.Output, "output column name");
            writer.WriteNonEmptyString(c.Input, "input column name");
        }
    }

    /// <summary>Checks names are non-empty and outputs are unique (as ML.NET's constructors do).</summary>
    public static void Validate(IEnumerable<MLNetColumnPair> columns, string paramName)
    {
        var outputs = new HashSet<string>(StringComparer.Ordinal);
        int count = 0;
        foreach (MLNetColumnPair c in columns)
        {
            if (string.IsNullOrWhiteSpace(c.Output) || string.IsNullOrWhiteSpace(c.Input))
                throw new ArgumentException($"column {count}: output and input names must be non-empty (got '{c.Output}', '{c.Input}').", paramName);
            if (!outputs.Add(c.Output))
                throw new ArgumentException($"output column '{c.Output}' is given more than once.", paramName);
            count++;
        }
        if (count == 0) throw new ArgumentException("at least one column is needed.", paramName);
    }
}
