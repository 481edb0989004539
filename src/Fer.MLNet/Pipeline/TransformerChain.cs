using System.Collections;
using Fer.MLNet.Data;

namespace Fer.MLNet.Pipeline;

/// <summary>Fitted transformers applied in order; <see cref="LastTransformer"/> is the final step (e.g. the trained model).</summary>
public sealed class TransformerChain<TLastTransformer> : ITransformer, IReadOnlyList<ITransformer>
    where TLastTransformer : class, ITransformer
{
    private readonly ITransformer[] transformers;

    /// <summary>Chains the given transformers; the last must be a <typeparamref name="TLastTransformer"/>.</summary>
    public TransformerChain(params ITransformer[] transformers)
    {
        ArgumentNullException.ThrowIfNull(transformers);
        if (transformers.Length > 0 && transformers[^1] is not TLastTransformer)
            throw new ArgumentException($"The last transformer is {transformers[^1].GetType().Name}, not {typeof(TLastTransformer).Name}.", nameof(transformers));
        this.transformers = [.. transformers];
    }

    /// <summary>The final transformer, or null for an empty chain.</summary>
    public TLastTransformer? LastTransformer => transformers.Length == 0 ? null : (TLastTransformer)transformers[^1];

    /// <inheritdoc />
    public int Count => transformers.Length;

    /// <inheritdoc />
    public ITransformer this[int index] => transformers[index];

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        DataViewSchema s = inputSchema;
        foreach (ITransformer t in transformers) s = t.GetOutputSchema(s);
        return s;
    }

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(input.Schema);
        IDataView v = input;
        foreach (ITransformer t in transformers) v = t.Transform(v);
        return v;
    }

    /// <summary>A new chain with <paramref name="transformer"/> appended.</summary>
    public TransformerChain<TNew> Append<TNew>(TNew transformer)
        where TNew : class, ITransformer => new([.. transformers, transformer]);

    /// <inheritdoc />
    public IEnumerator<ITransformer> GetEnumerator() => ((IEnumerable<ITransformer>)transformers).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
