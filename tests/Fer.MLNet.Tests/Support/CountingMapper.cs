using Fer.MLNet.Data;

namespace Fer.MLNet.Tests.Support;

/// <summary>
/// A test mapper over an Int32 column "X": writes "Y" = X * 10 (Single) and "Noise" (a draw of the
/// row's generator, NaN without one); counts its calls; can be marked expensive, drop rows whose X is
/// odd, fail on one value, or sleep a little to shuffle thread timing.
/// </summary>
internal sealed class CountingMapper(bool expensive = false, bool dropOdd = false, int failOn = int.MinValue, bool jitter = false) : RowMapper
{
    private int calls;
    private readonly System.Collections.Concurrent.ConcurrentBag<int> threads = [];

    public int Calls => calls;

    public int DistinctThreads => threads.Distinct().Count();

    public override IReadOnlyList<string> InputColumnNames => ["X"];

    public override bool IsExpensive => expensive;

    public override bool CanDropRows => dropOdd;

    public override IReadOnlyList<(string Name, DataViewType Type, DataViewAnnotations? Annotations)> GetOutputColumns(DataViewSchema inputSchema)
    {
        RequireColumn(inputSchema, "X", "Int32", t => t.Equals(NumberDataViewType.Int32), "Counting");
        return [("Y", NumberDataViewType.Single, null), ("Noise", NumberDataViewType.Single, null)];
    }

    public override bool Map(ReadOnlySpan<object?> inputs, Span<object?> outputs, RowContext context)
    {
        Interlocked.Increment(ref calls);
        threads.Add(Environment.CurrentManagedThreadId);
        int x = (int)inputs[0]!;
        if (jitter) Thread.SpinWait((x * 7919 % 13) * 2000);
        if (x == failOn) throw new FormatException($"value {x} is bad");
        outputs[0] = x * 10f;
        outputs[1] = context.Random is null ? float.NaN : context.Random.NextSingle();
        return !(dropOdd && x % 2 == 1);
    }

    /// <summary>A view with X = 0..n-1 and a string column Name.</summary>
    public static InMemoryDataView Numbers(int n)
    {
        var schema = new DataViewSchema.Builder().AddColumn("X", NumberDataViewType.Int32).AddColumn("Name", TextDataViewType.Instance).ToSchema();
        return new InMemoryDataView(schema, [[.. Enumerable.Range(0, n).Cast<object?>()], [.. Enumerable.Range(0, n).Select(i => (object?)$"n{i}")]]);
    }
}
