using System.Globalization;
using Fer.MLNet.Data;
using Fer.Tensors.Random;
using Fer.Transforms.Imaging;

namespace Fer.MLNet.Tests.Support;

/// <summary>Reading every value of a view (deep copies) and comparing values bit for bit.</summary>
internal static class DataValues
{
    /// <summary>The visible columns of a view and every row's values (copied), read with one cursor.</summary>
    public static Table ReadAll(IDataView data, Generator? rand = null)
    {
        var columns = data.Schema.Where(c => !c.IsHidden).ToArray();
        var rows = new List<object?[]>();
        using DataViewRowCursor cursor = data.GetRowCursor(columns, rand);
        while (cursor.MoveNext())
        {
            var row = new object?[columns.Length];
            for (int i = 0; i < columns.Length; i++) row[i] = Copy(cursor.GetBoxedValue(columns[i]));
            rows.Add(row);
        }
        return new Table(columns, rows);
    }

    /// <summary>The values of one column.</summary>
    public static List<T> Column<T>(IDataView data, string name, Generator? rand = null)
    {
        var column = data.Schema[name];
        var values = new List<T>();
        using DataViewRowCursor cursor = data.GetRowCursor([column], rand);
        ValueGetter<T> get = cursor.GetGetter<T>(column);
        T value = default!;
        while (cursor.MoveNext())
        {
            get(ref value);
            values.Add(value);
        }
        return values;
    }

    /// <summary>A deep copy of a column value (arrays and images are cloned).</summary>
    public static object? Copy(object? value) => value switch
    {
        float[] a => a.Clone(),
        Image i => i.Clone(),
        _ => value,
    };

    /// <summary>Null when the values are bit-identical, else what differs.</summary>
    public static string? Difference(object? expected, object? actual)
    {
        switch (expected, actual)
        {
            case (null, null):
                return null;
            case (float e, float a):
                return BitConverter.SingleToInt32Bits(e) == BitConverter.SingleToInt32Bits(a) ? null : $"{e:R} vs {a:R}";
            case (float[] e, float[] a):
                if (e.Length != a.Length) return $"length {e.Length} vs {a.Length}";
                for (int i = 0; i < e.Length; i++)
                    if (BitConverter.SingleToInt32Bits(e[i]) != BitConverter.SingleToInt32Bits(a[i])) return $"[{i}] {e[i]:R} vs {a[i]:R}";
                return null;
            case (Image e, Image a):
                if (e.Width != a.Width || e.Height != a.Height || e.Channels != a.Channels) return $"{e} vs {a}";
                int at = e.Pixels.AsSpan().CommonPrefixLength(a.Pixels);
                return at == e.Pixels.Length ? null : $"pixel byte {at}: {e.Pixels[at]} vs {a.Pixels[at]}";
            case (string e, string a):
                return string.Equals(e, a, StringComparison.Ordinal) ? null : $"'{e}' vs '{a}'";
            default:
                return Equals(expected, actual) && expected?.GetType() == actual?.GetType() ? null
                    : $"{Describe(expected)} vs {Describe(actual)}";
        }
    }

    /// <summary>Asserts two tables have the same columns and bit-identical values.</summary>
    public static void AssertIdentical(Table expected, Table actual, string what)
    {
        actual.Columns.Select(c => c.Name).Should().Equal(expected.Columns.Select(c => c.Name), $"{what}: the same columns");
        actual.Rows.Count.Should().Be(expected.Rows.Count, $"{what}: the same number of rows");
        for (int r = 0; r < expected.Rows.Count; r++)
        {
            for (int c = 0; c < expected.Columns.Count; c++)
            {
                string? diff = Difference(expected.Rows[r][c], actual.Rows[r][c]);
                if (diff is not null) throw new Xunit.Sdk.XunitException($"{what}: row {r}, column '{expected.Columns[c].Name}' differs: {diff}.");
            }
        }
    }

    private static string Describe(object? v) => v is null ? "null" : $"{Convert.ToString(v, CultureInfo.InvariantCulture)} ({v.GetType().Name})";

    /// <summary>Columns and rows read from a view.</summary>
    public sealed record Table(IReadOnlyList<DataViewSchema.Column> Columns, IReadOnlyList<object?[]> Rows)
    {
        /// <summary>The values of the named column.</summary>
        public IEnumerable<object?> this[string name]
        {
            get
            {
                int i = Columns.Select(c => c.Name).ToList().LastIndexOf(name);
                if (i < 0) throw new ArgumentException($"no column '{name}'");
                return Rows.Select(r => r[i]);
            }
        }
    }
}
