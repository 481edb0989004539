using System.Runtime.ExceptionServices;
using Fer.Tensors.Random;
using Fer.Tensors.Threading;

namespace Fer.MLNet.Data;

/// <summary>
/// The lazy result of a <see cref="RowMapper"/> over an input view: the input's columns plus the
/// mapper's outputs. The mapper runs only when a cursor asks for one of its outputs (or when it can
/// drop rows); costly mappers run over blocks of rows in parallel (bounded prefetch, order kept). A
/// failing row is reported as an <see cref="InvalidOperationException"/> naming its position (the
/// earliest failing row of a block, whatever the thread timing).
/// </summary>
public sealed class MappedDataView : IDataView
{
    private readonly IDataView input;
    private readonly RowMapper mapper;
    private readonly int[] inputIndices;
    private readonly int firstOutput;
    private readonly bool randomPerRow;
    private readonly ulong seed;

    /// <summary>Maps <paramref name="input"/> with <paramref name="mapper"/>; the schema is checked now.</summary>
    /// <param name="input">The input view.</param>
    /// <param name="mapper">The row mapper.</param>
    /// <param name="randomPerRow">Give each row its own generator (augmentation), derived from the cursor's generator or <paramref name="seed"/>.</param>
    /// <param name="seed">Seed used when a cursor comes without a generator.</param>
    public MappedDataView(IDataView input, RowMapper mapper, bool randomPerRow = false, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(mapper);
        this.input = input;
        this.mapper = mapper;
        this.randomPerRow = randomPerRow;
        this.seed = seed;
        var outputs = mapper.GetOutputColumns(input.Schema);
        inputIndices = mapper.InputColumnNames.Select(n => input.Schema[n].Index).ToArray();
        firstOutput = input.Schema.Count;
        Schema = input.Schema.Append(outputs);
    }

    /// <summary>Rows mapped per parallel block for costly mappers.</summary>
    public static int BlockSize { get; set; } = 64;

    /// <inheritdoc />
    public DataViewSchema Schema { get; }

    /// <inheritdoc />
    public bool CanShuffle => input.CanShuffle;

    /// <inheritdoc />
    /// <remarks>Unknown (null) when the mapper can drop rows: the count is only known after a pass.</remarks>
    public long? GetRowCount() => mapper.CanDropRows ? null : input.GetRowCount();

    /// <inheritdoc />
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Generator? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        var active = new bool[Schema.Count];
        foreach (var c in columnsNeeded) active[c.Index] = true;
        bool anyOutput = false;
        for (int i = firstOutput; i < active.Length; i++) anyOutput |= active[i];
        // A mapper that can drop rows runs even when its outputs are not read, so the rows a cursor
        // sees never depend on the columns it asks for.
        bool mapping = anyOutput || mapper.CanDropRows;
        var inputNeeded = new HashSet<int>();
        for (int i = 0; i < firstOutput; i++) if (active[i]) inputNeeded.Add(i);
        if (mapping) foreach (int i in inputIndices) inputNeeded.Add(i);
        // Fork before the input draws its order, and whether or not outputs are read, so that the row
        // order of a shuffled cursor does not depend on the columns requested.
        Generator? forked = randomPerRow ? rand?.Fork() : null;
        Generator? rowRandom = randomPerRow && mapping ? (forked ?? new Generator(seed)) : null;
        var inputCursor = input.GetRowCursor(inputNeeded.Select(i => input.Schema[i]), rand);
        return new Cursor(this, inputCursor, active, mapping, [.. inputNeeded.Order()], rowRandom);
    }

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly MappedDataView view;
        private readonly DataViewRowCursor source;
        private readonly bool[] active;
        private readonly bool mapping;
        private readonly int[] sourceColumns; // input columns snapshotted per row
        private readonly Generator? rowRandom;
        private readonly int block;
        private readonly object?[][] inputValues;
        private readonly object?[][] outputValues;
        private readonly bool[] kept;
        private readonly Exception?[] errors;
        private readonly long[] positions;
        private int count;
        private int index = -1;
        private long position = -1;
        private bool sourceDone;

        internal Cursor(MappedDataView view, DataViewRowCursor source, bool[] active, bool mapping, int[] sourceColumns, Generator? rowRandom)
        {
            this.view = view;
            this.source = source;
            this.active = active;
            this.mapping = mapping;
            this.sourceColumns = sourceColumns;
            this.rowRandom = rowRandom;
            block = mapping && view.mapper.IsExpensive ? Math.Max(1, BlockSize) : 1;
            int outs = view.Schema.Count - view.firstOutput;
            inputValues = new object?[block][];
            outputValues = new object?[block][];
            for (int i = 0; i < block; i++)
            {
                inputValues[i] = new object?[view.firstOutput];
                outputValues[i] = new object?[outs];
            }
            kept = new bool[block];
            errors = new Exception?[block];
            positions = new long[block];
        }

        public override DataViewSchema Schema => view.Schema;

        public override long Position => position;

        public override bool MoveNext()
        {
            while (true)
            {
                index++;
                if (index >= count)
                {
                    if (!Fill()) return false;
                    index = 0;
                }
                if (kept[index])
                {
                    position++;
                    return true;
                }
            }
        }

        private bool Fill()
        {
            count = 0;
            if (sourceDone) return false;
            var generators = rowRandom is null ? null : new Generator[block];
            while (count < block)
            {
                if (!source.MoveNext())
                {
                    sourceDone = true;
                    break;
                }
                foreach (int c in sourceColumns) inputValues[count][c] = source.GetBoxedValue(view.input.Schema[c]);
                positions[count] = source.Position;
                if (generators is not null) generators[count] = rowRandom!.Fork();
                count++;
            }
            if (count == 0) return false;
            if (!mapping)
            {
                Array.Fill(kept, true, 0, count);
                return true;
            }
            int[] idx = view.inputIndices;
            RowMapper mapper = view.mapper;
            Array.Clear(errors, 0, count);
            void MapRow(int r)
            {
                var ins = new object?[idx.Length];
                for (int k = 0; k < idx.Length; k++) ins[k] = inputValues[r][idx[k]];
                try
                {
                    kept[r] = mapper.Map(ins, outputValues[r], new RowContext(positions[r], generators?[r]));
                    if (!kept[r] && !mapper.CanDropRows)
                        throw new InvalidOperationException($"{mapper.GetType().Name} dropped the row but does not declare {nameof(RowMapper.CanDropRows)}.");
                }
                catch (Exception ex)
                {
                    errors[r] = ex; // reported below, the earliest row first, the same with or without parallelism
                }
            }
            if (mapper.SupportsBatch)
            {
                var batchIn = new object?[count][];
                for (int r = 0; r < count; r++)
                {
                    batchIn[r] = new object?[idx.Length];
                    for (int k = 0; k < idx.Length; k++) batchIn[r][k] = inputValues[r][idx[k]];
                }
                try
                {
                    mapper.MapBatch(batchIn, outputValues.Take(count).ToArray());
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    throw new InvalidOperationException($"Rows {positions[0]}..{positions[count - 1]}: {ex.Message}", ex);
                }
                Array.Fill(kept, true, 0, count);
                return true;
            }
            if (count == 1 || block == 1)
            {
                for (int r = 0; r < count; r++)
                {
                    MapRow(r);
                    if (errors[r] is not null) break; // later rows of the block are not needed
                }
            }
            else
            {
                Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Parallelism.ThreadCount }, MapRow);
            }
            for (int r = 0; r < count; r++)
            {
                if (errors[r] is not { } e) continue;
                if (e is OperationCanceledException) ExceptionDispatchInfo.Throw(e);
                throw new InvalidOperationException($"Row {positions[r]}: {e.Message}", e);
            }
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
            if (index < 0 || index >= count) throw new InvalidOperationException("The cursor is not on a row: call MoveNext first.");
            return c < view.firstOutput ? inputValues[index][c] : outputValues[index][c - view.firstOutput];
        }

        private void CheckActive(DataViewSchema.Column column)
        {
            if (!active[column.Index]) throw new InvalidOperationException($"Column '{column.Name}' is not active in this cursor.");
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) source.Dispose();
            base.Dispose(disposing);
        }
    }
}
