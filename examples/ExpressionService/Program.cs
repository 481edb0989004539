// Example 4: an ASP.NET Core service that many clients call at once.
//
//   dotnet run --project examples/ExpressionService -c Release                         serve on http://localhost:5080
//   dotnet run --project examples/ExpressionService -c Release -- --model MODEL.zip     also serve POST /classify
//   dotnet run --project examples/ExpressionService -c Release -- --load-test [--requests 24] [--model MODEL.zip]
//
// POST /faces     body: a JPEG or PNG photo -> every face's box and expression (pretrained face-api models)
// POST /classify  body: a face crop         -> the trained model's class probabilities (a model zip)
//
// The models are loaded once and shared by every request: the face-api networks and our prediction
// engine are thread-safe, so there is no pool and no lock. --load-test starts the service on a free port,
// fires concurrent requests at it and checks that each answer equals the one-at-a-time answer.
using ExpressionService;

string? modelPath = Option(args, "--model");
int requests = int.Parse(Option(args, "--requests") ?? "24", System.Globalization.CultureInfo.InvariantCulture);
bool loadTest = args.Contains("--load-test");

var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(loadTest ? LogLevel.Warning : LogLevel.Information);
builder.WebHost.UseUrls(loadTest ? "http://127.0.0.1:0" : "http://localhost:5080");
builder.Services.AddSingleton(new FaceExpressionScorer(modelPath));
var app = builder.Build();

app.MapGet("/", () => "POST a JPEG or PNG photo to /faces" + (modelPath is null ? "" : ", or a face crop to /classify") + ".");
app.MapPost("/faces", async (HttpRequest request, FaceExpressionScorer scorer) =>
{
    byte[]? body = await ImageBody.ReadAsync(request);
    return body is null ? ImageBody.TooLarge() : ImageBody.Guard(() => Results.Ok(scorer.Faces(body)));
});
app.MapPost("/classify", async (HttpRequest request, FaceExpressionScorer scorer) =>
{
    if (!scorer.CanClassify) return Results.NotFound("Start the service with --model MODEL.zip to use /classify.");
    byte[]? body = await ImageBody.ReadAsync(request);
    return body is null ? ImageBody.TooLarge() : ImageBody.Guard(() => Results.Ok(scorer.Classify(body)));
});

if (!loadTest)
{
    app.Run();
    return 0;
}
await app.StartAsync();
try
{
    return await LoadTest.RunAsync(app.Urls.First(), requests, modelPath is not null);
}
finally
{
    await app.StopAsync();
}

static string? Option(string[] args, string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
