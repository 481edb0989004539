using Fer.Cli.Infrastructure;
using Fer.MLNet;
using Fer.MLNet.Catalogs;
using Fer.MLNet.Data;
using Fer.MLNet.Pipeline;
using Fer.Transforms.Imaging;

namespace Fer.Cli.Scoring;

/// <summary>
/// Scores image files with a model zip: the files go in as the column the model reads (Path, or Image for
/// models trained on pixel datasets), the model's Score and PredictedLabel come out.
/// </summary>
internal sealed class ModelScorer
{
    private const int Chunk = 256;
    private readonly ITransformer model;
    private readonly bool byPath;

    public ModelScorer(string path)
    {
        if (!File.Exists(path)) throw new CliException($"Model file '{path}' does not exist (or use --model pretrained).");
        var fer = new FerContext();
        model = fer.Model.Load(path, out DataViewSchema input);
        byPath = input.GetColumnOrNull("Path") is { Type: TextDataViewType };
        if (!byPath && input.GetColumnOrNull("Image") is not { Type: ImageDataViewType })
            throw new CliException($"Model '{path}' reads neither a Path nor an Image column (its input: {input}); it cannot score image files.");
        DataViewSchema output = model.GetOutputSchema(Input([]).Schema);
        var score = output.GetColumnOrNull("Score") ?? throw new CliException($"Model '{path}' has no Score column; it does not classify (outputs: {output}).");
        Classes = score.Annotations.SlotNames ?? throw new CliException($"Model '{path}' does not name its classes.");
    }

    /// <summary>The model's classes, in score order.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>One row per file, in order.</summary>
    public IReadOnlyList<PredictionRow> Score(IReadOnlyList<string> files, CancellationToken cancellation)
    {
        var rows = new List<PredictionRow>(files.Count);
        for (int start = 0; start < files.Count; start += Chunk)
        {
            cancellation.ThrowIfCancellationRequested();
            string[] chunk = [.. files.Skip(start).Take(Chunk)];
            IDataView scored = model.Transform(Input(chunk));
            var scores = DataCatalog.GetColumn<float[]>(scored, "Score");
            for (int i = 0; i < chunk.Length; i++)
            {
                float[] s = scores[i];
                int best = 0;
                for (int k = 1; k < s.Length; k++) if (s[k] > s[best]) best = k;
                rows.Add(new PredictionRow(chunk[i], null, null, Classes[best], s[best], s));
            }
        }
        return rows;
    }

    private InMemoryDataView Input(string[] files)
    {
        var schema = new DataViewSchema.Builder();
        if (byPath)
        {
            schema.AddColumn("Path", TextDataViewType.Instance);
            return new InMemoryDataView(schema.ToSchema(), [files.Cast<object?>().ToArray()]);
        }
        schema.AddColumn("Image", new ImageDataViewType());
        var images = new object?[files.Length];
        Parallel.For(0, files.Length, i => images[i] = Faces.PhotoAnalyzer.Load(files[i]));
        return new InMemoryDataView(schema.ToSchema(), [images]);
    }
}
