using Fer.MLNet.Data;
using Fer.MLNet.Model;
using Fer.MLNet.Pipeline;
using Fer.MLNet.Prediction;

namespace Fer.MLNet.Catalogs;

/// <summary>Saving and loading model zips, and prediction engines.</summary>
public sealed partial class ModelCatalog
{
    private readonly FerContext context;

    internal ModelCatalog(FerContext context) => this.context = context;

    /// <summary>Saves <paramref name="model"/> and the schema of the data it takes as a model zip (atomically).</summary>
    public void Save(ITransformer model, DataViewSchema inputSchema, string path)
    {
        ModelFile.Save(model, inputSchema, path);
        context.WriteLog("Model", $"saved {path}");
    }

    /// <summary>Saves to a stream.</summary>
    public void Save(ITransformer model, DataViewSchema inputSchema, Stream stream) => ModelFile.Save(model, inputSchema, stream);

    /// <summary>Loads a model zip; <paramref name="inputSchema"/> receives the schema it was saved with.</summary>
    /// <exception cref="Persistence.ModelFormatException">The file is not a valid model zip.</exception>
    public TransformerChain<ITransformer> Load(string path, out DataViewSchema inputSchema) => ModelFile.Load(path, out inputSchema);

    /// <summary>Loads a model zip from a stream.</summary>
    public TransformerChain<ITransformer> Load(Stream stream, out DataViewSchema inputSchema) => ModelFile.Load(stream, out inputSchema);

    /// <summary>A thread-safe engine that scores single POCO examples with <paramref name="model"/>.</summary>
    public PredictionEngine<TSrc, TDst> CreatePredictionEngine<TSrc, TDst>(ITransformer model, bool ignoreMissingColumns = false)
        where TSrc : class
        where TDst : class, new() => new(model, ignoreMissingColumns);
}
