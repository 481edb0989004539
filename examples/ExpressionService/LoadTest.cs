using System.Diagnostics;
using System.Net.Http.Json;

namespace ExpressionService;

/// <summary>Sends the sample photos to the running service, first one at a time, then all at once, and compares the answers.</summary>
public static class LoadTest
{
    private static readonly System.Text.Json.JsonSerializerOptions Web = new(System.Text.Json.JsonSerializerDefaults.Web);

    public static async Task<int> RunAsync(string baseUrl, int requests, bool classify)
    {
        string[] photos = [.. Directory.EnumerateFiles(SampleFolder(), "*.jpg").Order(StringComparer.Ordinal)];
        byte[][] bodies = [.. photos.Select(File.ReadAllBytes)];
        using var client = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(5) };

        // One at a time: the reference answers.
        var expected = new string[bodies.Length];
        for (int i = 0; i < bodies.Length; i++) expected[i] = await PostAsync(client, "/faces", bodies[i]);

        // All at once.
        var clock = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, requests).Select(async r => (Photo: r % bodies.Length, Answer: await PostAsync(client, "/faces", bodies[r % bodies.Length]))).ToArray();
        var answers = await Task.WhenAll(tasks);
        double seconds = clock.Elapsed.TotalSeconds;
        int wrong = answers.Count(a => a.Answer != expected[a.Photo]);
        Console.WriteLine($"{requests} concurrent POST /faces ({photos.Length} photos) in {seconds:F1} s: {requests / seconds:F2} requests/s; {requests - wrong} answers equal the one-at-a-time answers, {wrong} differ.");
        foreach (var (photo, answer) in answers.Take(bodies.Length))
            Console.WriteLine($"  {Path.GetFileName(photos[photo])}: {Summary(answer)}");

        if (classify)
        {
            // Faces cut from the first photo, scored by the trained model concurrently.
            var faces = await client.PostAsync("/faces", new ByteArrayContent(bodies[0]));
            var boxes = await faces.Content.ReadFromJsonAsync<FaceResponse[]>() ?? [];
            var photo = Fer.Transforms.Imaging.Image.Decode(bodies[0]);
            byte[][] crops = [.. boxes.Select(b => Fer.Transforms.Faces.FaceCropping.CropFace(photo, new System.Drawing.RectangleF(b.X, b.Y, b.Width, b.Height)).EncodePng())];
            string[] one = [.. await Task.WhenAll(crops.Select(c => PostAsync(client, "/classify", c)))];
            string[] again = [.. await Task.WhenAll(Enumerable.Range(0, requests).Select(r => PostAsync(client, "/classify", crops[r % crops.Length])))];
            int differ = again.Where((a, r) => a != one[r % crops.Length]).Count();
            Console.WriteLine($"{requests} concurrent POST /classify: {requests - differ} equal, {differ} differ.");
            wrong += differ;
        }
        return wrong == 0 ? 0 : 1;
    }

    private static async Task<string> PostAsync(HttpClient client, string path, byte[] body)
    {
        using var response = await client.PostAsync(path, new ByteArrayContent(body));
        string text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"POST {path}: {(int)response.StatusCode} {text}");
        return text;
    }

    private static string Summary(string json)
    {
        var faces = System.Text.Json.JsonSerializer.Deserialize<FaceResponse[]>(json, Web) ?? [];
        return faces.Length == 0 ? "no face" : string.Join(", ", faces.Select(f => $"{f.Expression} {f.Probability:P0}"));
    }

    private static string SampleFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "assets", "face-api", "samples");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("assets/face-api/samples not found above " + AppContext.BaseDirectory);
    }
}
