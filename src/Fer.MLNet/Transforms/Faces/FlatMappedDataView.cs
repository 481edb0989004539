using System.Runtime.ExceptionServices;
using Fer.MLNet.Data;
using Fer.Tensors.Random;
using Fer.Tensors.Threading;

namespace Fer.MLNet.Transforms;

/// <summary>
/// The lazy result of a row-expanding transform: each input row becomes zero or more rows holding
/// the input's values (repeated) and the expander's outputs. The expander runs on every input row a
/// cursor visits, whatever columns it asks for (the row count depends on it); costly expanders run
/// over blocks of input rows in parallel, order kept. A failing row is reported as an
/// <see cref="InvalidOperationException"/> naming its input position (the earliest of its block).
/// The row count is unknown until a pass; shuffling shuffles the input rows (a row's outputs stay together).
/// </summary>
internal sealed class FlatMappedDataView : IDataView
{
    private readonly IDataView input;
    private readonly IRowExpander expander;
    private readonly int[] inputIndices;
    private readonly int firstOutput;

    internal FlatMappedDataView(IDataView input, IRowExpander expander)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(expander);
        this.input = input;
        this.expander = expander;
        var outputs = expander.GetOutputColumns(input.Schema);
        inputIndices = [.. expander.InputColumnNames.Select(n => input.Schema[n].Index)];
        firstOutput = input.Schema.Count;
        Schema = input.Schema.Append(outputs);
    }

    public DataViewSchema Schema { get; }

    public bool CanShuffle => input.CanShuffle;

    public long? GetRowCount() => null;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Generator? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        var active = new bool[Schema.Count];
        foreach (var c in columnsNeeded) active[c.Index] = true;
        var inputNeeded = new HashSet<int>(inputIndices);
        for (int i = 0; i < firstOutput; i++) if (active[i]) inputNeeded.Add(i);
        var source = input.GetRowCursor(inputNeeded.Select(i => input.Schema[i]), rand);
        return new Cursor(this, source, active, [.. inputNeeded.Order()]);
    }

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly FlatMappedDataView view;
        private readonly DataViewRowCursor source;
        private readonly bool[] active;
        private readonly int[] sourceColumns;
        private readonly int block;
        private readonly List<(object?[] Inputs, object?[] Outputs)> rows = [];
        private int index = -1;
        private long position = -1;
        private bool sourceDone;

        internal Cursor(FlatMappedDataView view, DataViewRowCursor source, bool[] active, int[] sourceColumns)
        {
            this.view = view;
            this.source = source;
            this.active = active;
            this.sourceColumns = sourceColumns;
            block = view.expander.IsExpensive ? Math.Max(1, MappedDataView.BlockSize) : 1;
        }

        public override DataViewSchema Schema => view.Schema;

        public override long Position => position;

        public override bool MoveNext()
        {
            index++;
            while (index >= rows.Count)
            {
                if (!Fill()) return false; // a block may expand to no rows at all
            }
            position++;
            return true;
        }

        // Reads up to one block of input rows and expands them; false at the end of the input.
        private bool Fill()
        {
            rows.Clear();
            index = 0;
            if (sourceDone) return false;
            var inputs = new List<object?[]>();
            var positions = new List<long>();
            while (inputs.Count < block)
            {
                if (!source.MoveNext())
                {
                    sourceDone = true;
                    break;
                }
                var values = new object?[view.firstOutput];
                foreach (int c in sourceColumns) values[c] = source.GetBoxedValue(view.input.Schema[c]);
                inputs.Add(values);
                positions.Add(source.Position);
            }
            if (inputs.Count == 0) return false;
            var produced = new List<object?[]>[inputs.Count];
            var errors = new Exception?[inputs.Count];
            void ExpandRow(int r)
            {
                var ins = new object?[view.inputIndices.Length];
                for (int k = 0; k < ins.Length; k++) ins[k] = inputs[r][view.inputIndices[k]];
                produced[r] = [];
                try
                {
                    view.expander.Expand(ins, produced[r], new RowContext(positions[r], null));
                }
                catch (Exception ex)
                {
                    errors[r] = ex; // reported below, the earliest row first, whatever the thread timing
                }
            }
            if (inputs.Count == 1) ExpandRow(0);
            else Parallel.For(0, inputs.Count, new ParallelOptions { MaxDegreeOfParallelism = Parallelism.ThreadCount }, ExpandRow);
            for (int r = 0; r < inputs.Count; r++)
            {
                if (errors[r] is not { } e) continue;
                if (e is OperationCanceledException) ExceptionDispatchInfo.Throw(e);
                throw new InvalidOperationException($"Row {positions[r]}: {e.Message}", e);
            }
            for (int r = 0; r < inputs.Count; r++)
                foreach (object?[] outputs in produced[r]) rows.Add((inputs[r], outputs));
            return true;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => active[column.Index];

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CheckActive(column);
            CheckType<TValue>(column);
            int c = column.Index;
            return (ref TValue value) => value = (TValue)Current(c)!;
        }

        public override object? GetBoxedValue(DataViewSchema.Column column)
        {
            CheckActive(column);
            return Current(column.Index);
        }

        private object? Current(int c)
        {
            if (index < 0 || index >= rows.Count) throw new InvalidOperationException("The cursor is not on a row: call MoveNext first.");
            var (inputs, outputs) = rows[index];
            return c < view.firstOutput ? inputs[c] : outputs[c - view.firstOutput];
        }

        private void CheckActive(DataViewSchema.Column column)
        {
            if ((uint)column.Index >= (uint)active.Length || !active[column.Index])
                throw new InvalidOperationException($"Column '{column.Name}' is not active in this cursor.");
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) source.Dispose();
            base.Dispose(disposing);
        }
    }
}
