// Example 3: load a saved model zip and score images one at a time with a prediction engine.
//
//   dotnet run --project examples/LoadAndPredict -- MODEL.zip IMAGE_OR_FOLDER...
//
// MODEL.zip comes from examples/TrainEvaluateSave or `fer train`. The engine maps plain classes in and
// out by property name (or [ColumnName]) and is thread-safe: one engine can serve a whole app.
using Fer.MLNet;
using Fer.MLNet.Data;
using Fer.MLNet.Pipeline;
using Fer.MLNet.Prediction;
using LoadAndPredict;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: LoadAndPredict MODEL.zip IMAGE_OR_FOLDER...");
    return 2;
}

var fer = new FerContext();
TransformerChain<ITransformer> model = fer.Model.Load(args[0], out DataViewSchema inputSchema);
Console.WriteLine($"loaded {args[0]}: {model.Count} steps, input columns {inputSchema}");

PredictionEngine<FaceImage, ExpressionPrediction> engine = fer.Model.CreatePredictionEngine<FaceImage, ExpressionPrediction>(model);
IReadOnlyList<string> classes = model.GetOutputSchema(inputSchema)["Score"].Annotations.SlotNames!;

foreach (string file in args[1..].SelectMany(a => Directory.Exists(a) ? Directory.EnumerateFiles(a).Order(StringComparer.Ordinal) : (IEnumerable<string>)[a]))
{
    ExpressionPrediction p = engine.Predict(new FaceImage { Path = Path.GetFullPath(file) });
    string runnerUp = classes[Array.IndexOf(p.Score, p.Score.OrderDescending().ElementAt(1))];
    Console.WriteLine($"{Path.GetFileName(file)}: {p.Expression} ({p.Score.Max():P1}), then {runnerUp}");
}
return 0;
