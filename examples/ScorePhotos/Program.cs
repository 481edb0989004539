// Example 1: find the faces in a folder of photos and name each face's expression with the pretrained
// face-api models (TinyFaceDetector + FaceExpressionNet), inside your own app.
//
//   dotnet run --project examples/ScorePhotos -- [FOLDER]      (default: the bundled sample photos)
using System.Diagnostics;
using Fer.Transforms.Faces;
using Fer.Transforms.Imaging;

string folder = args.Length > 0 ? args[0] : SampleFolder();
string[] photos = [.. Directory.EnumerateFiles(folder)
    .Where(f => Path.GetExtension(f).ToLowerInvariant() is ".jpg" or ".jpeg" or ".png")
    .Order(StringComparer.Ordinal)];
if (photos.Length == 0)
{
    Console.Error.WriteLine($"No .jpg or .png photos in {folder}.");
    return 1;
}

// Both models load once (weights travel with the build output) and are thread-safe afterwards.
TinyFaceDetector detector = TinyFaceDetector.Load();
FaceExpressionNet expressions = FaceExpressionNet.Load();

var clock = Stopwatch.StartNew();
int total = 0;
foreach (string file in photos)
{
    Image photo = Image.Load(file);                                   // JPEG or PNG, EXIF orientation applied
    IReadOnlyList<FaceDetection> faces = detector.Detect(photo);       // boxes in photo pixels, best first
    IReadOnlyList<ExpressionPrediction> predicted = expressions.Predict([.. faces.Select(f => FaceCropping.CropFace(photo, f.Box))]);
    Console.WriteLine($"{Path.GetFileName(file)} ({photo.Width}x{photo.Height}): {faces.Count} faces");
    for (int i = 0; i < faces.Count; i++)
    {
        var box = faces[i].Box;
        Console.WriteLine($"  face {i + 1} at ({box.X:F0}, {box.Y:F0}, {box.Width:F0}x{box.Height:F0}): {predicted[i]}");
    }
    total += faces.Count;
}
Console.WriteLine($"{total} faces in {photos.Length} photos in {clock.Elapsed.TotalSeconds:F1} s.");
return 0;

// The sample photos of the repository (assets/face-api/samples), found above the program's folder.
static string SampleFolder()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        string candidate = Path.Combine(dir.FullName, "assets", "face-api", "samples");
        if (Directory.Exists(candidate)) return candidate;
    }
    throw new DirectoryNotFoundException("assets/face-api/samples not found above " + AppContext.BaseDirectory + "; pass a folder of photos.");
}
