using System.Globalization;
using Fer.Tensors;
using Fer.Transforms.Taxonomy;

namespace Fer.Trainers.GcnMultitask;

/// <summary>
/// Reads fixed node inputs for the GCN head from a text file of word vectors, one word a line:
/// <c>name v1 v2 ... vd</c> separated by spaces or tabs (GloVe's format; a word2vec text header line
/// "count dim" is skipped). Lines for other words are ignored, so a whole GloVe file can be given.
/// A node is matched by its name ignoring case ("valence", "arousal", the class names); an expression
/// node also matches its synonyms ("happy" for happiness, "angry" for anger, ...). The first matching
/// line wins.
/// </summary>
public static class WordVectors
{
    /// <summary>Longest line read (characters); longer lines are refused rather than buffered.</summary>
    public const int MaxLineLength = 1 << 20;

    /// <summary>The vectors of <paramref name="nodeNames"/> from <paramref name="path"/>, as [nodes, d].</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">A node has no vector (the message lists them), a matched line has a bad number, a non-finite value or another length, or a line is too long; the message names file and line.</exception>
    public static Tensor Load(string path, IReadOnlyList<string> nodeNames)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(nodeNames);
        if (!File.Exists(path)) throw new FileNotFoundException($"Word vector file '{path}' not found.", path);
        using var reader = new StreamReader(path);
        return Read(reader, nodeNames, path);
    }

    /// <summary>Reads vectors from text (see <see cref="Load"/>); <paramref name="source"/> names the text in errors.</summary>
    /// <exception cref="InvalidDataException">As <see cref="Load"/>.</exception>
    public static Tensor Read(TextReader reader, IReadOnlyList<string> nodeNames, string source = "word vectors")
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(nodeNames);
        var wanted = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < nodeNames.Count; i++)
        {
            wanted.TryAdd(nodeNames[i], i);
            if (ExpressionNames.TryParse(nodeNames[i], out Expression e))
                foreach (string synonym in ExpressionNames.KnownNames)
                    if (ExpressionNames.TryParse(synonym, out Expression s) && s == e) wanted.TryAdd(synonym, i);
        }
        var vectors = new float[nodeNames.Count][];
        int dim = -1, found = 0;
        char[] separators = [' ', '\t'];
        for (int lineNumber = 1; found < vectors.Length; lineNumber++)
        {
            string? line = ReadLine(reader, source, lineNumber);
            if (line is null) break;
            string[] parts = line.Split(separators, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || !wanted.TryGetValue(parts[0], out int node) || vectors[node] is not null) continue;
            var v = new float[parts.Length - 1];
            for (int j = 1; j < parts.Length; j++)
            {
                if (!float.TryParse(parts[j], NumberStyles.Float, CultureInfo.InvariantCulture, out v[j - 1]) || !float.IsFinite(v[j - 1]))
                    throw new InvalidDataException($"{source}, line {lineNumber} ('{parts[0]}'): value {j} is '{parts[j]}'; expected a finite number.");
            }
            if (dim >= 0 && v.Length != dim)
                throw new InvalidDataException($"{source}, line {lineNumber} ('{parts[0]}'): {v.Length} values, but earlier vectors have {dim}.");
            dim = v.Length;
            vectors[node] = v;
            found++;
        }
        string[] missing = [.. nodeNames.Where((_, i) => vectors[i] is null)];
        if (missing.Length > 0)
            throw new InvalidDataException($"{source}: no vector for {string.Join(", ", missing.Select(m => $"'{m}'"))}; each node needs a line 'name v1 v2 ...'.");
        var data = new float[vectors.Length * dim];
        for (int i = 0; i < vectors.Length; i++) vectors[i].CopyTo(data, i * dim);
        return Tensor.Wrap(data, vectors.Length, dim);
    }

    // ReadLine with a cap, so a file without line breaks cannot make us buffer all of it.
    private static string? ReadLine(TextReader reader, string source, int lineNumber)
    {
        var sb = new System.Text.StringBuilder();
        int c;
        bool any = false;
        while ((c = reader.Read()) >= 0)
        {
            any = true;
            if (c == '\n') break;
            if (c == '\r') continue;
            if (sb.Length >= MaxLineLength) throw new InvalidDataException($"{source}, line {lineNumber}: longer than {MaxLineLength} characters.");
            sb.Append((char)c);
        }
        return any ? sb.ToString() : null;
    }
}
