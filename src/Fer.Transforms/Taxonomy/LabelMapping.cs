namespace Fer.Transforms.Taxonomy;

/// <summary>
/// Maps the classes of one <see cref="LabelScheme"/> onto another's through their canonical
/// <see cref="Expression"/>s. A class with no counterpart (contempt into a 7-class scheme,
/// FER+ 'unknown', AffectNet 'None') maps to null: callers decide explicitly whether to drop,
/// reject or keep such rows (<see cref="UnmappedSourcePositions"/>).
/// </summary>
public sealed class LabelMapping
{
    private readonly int[] map;

    /// <summary>Builds the mapping from <paramref name="source"/> to <paramref name="target"/>.</summary>
    public LabelMapping(LabelScheme source, LabelScheme target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        Source = source;
        Target = target;
        map = new int[source.Count];
        var unmapped = new List<int>();
        var hit = new bool[target.Count];
        for (int i = 0; i < map.Length; i++)
        {
            map[i] = source[i].Expression is { } e && target.PositionOf(e) is int t ? t : -1;
            if (map[i] < 0) unmapped.Add(i);
            else hit[map[i]] = true;
        }
        UnmappedSourcePositions = unmapped;
        UnreachedTargetPositions = [.. Enumerable.Range(0, target.Count).Where(t => !hit[t])];
    }

    /// <summary>The scheme mapped from.</summary>
    public LabelScheme Source { get; }

    /// <summary>The scheme mapped to.</summary>
    public LabelScheme Target { get; }

    /// <summary>Source positions with no counterpart in <see cref="Target"/>.</summary>
    public IReadOnlyList<int> UnmappedSourcePositions { get; }

    /// <summary>Target positions that no source class maps to (e.g. contempt when mapping FER2013 to FER+).</summary>
    public IReadOnlyList<int> UnreachedTargetPositions { get; }

    /// <summary>True when every source class has a counterpart.</summary>
    public bool IsTotal => UnmappedSourcePositions.Count == 0;

    /// <summary>The target position of source position <paramref name="sourcePosition"/>, or null when it has no counterpart.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The position is outside the source scheme.</exception>
    public int? MapPosition(int sourcePosition)
    {
        if ((uint)sourcePosition >= (uint)map.Length)
            throw new ArgumentOutOfRangeException(nameof(sourcePosition), $"Position {sourcePosition} is outside 0..{map.Length - 1} of label scheme '{Source.Name}'.");
        return map[sourcePosition] < 0 ? null : map[sourcePosition];
    }

    /// <summary>The target code of source code <paramref name="sourceCode"/>, or null when it has no counterpart.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The source scheme has no class with this code.</exception>
    public int? MapCode(int sourceCode)
    {
        int? t = MapPosition(Source.PositionOfCode(sourceCode));
        return t is int p ? Target[p].Code : null;
    }

    /// <summary>
    /// Carries per-class scores (e.g. probabilities in source order) into target order: each target
    /// class gets its source counterpart's score, or 0 when it has none; scores of unmapped source
    /// classes are dropped. With <paramref name="renormalize"/> the result is divided by its sum
    /// (left as is when the sum is 0).
    /// </summary>
    /// <exception cref="ArgumentException">The span's length is not the source scheme's class count.</exception>
    public float[] MapScores(ReadOnlySpan<float> sourceScores, bool renormalize = false)
    {
        if (sourceScores.Length != map.Length)
            throw new ArgumentException($"Expected {map.Length} scores in the order of label scheme '{Source.Name}', got {sourceScores.Length}.", nameof(sourceScores));
        var result = new float[Target.Count];
        for (int i = 0; i < map.Length; i++)
            if (map[i] >= 0) result[map[i]] = sourceScores[i];
        if (renormalize)
        {
            double sum = 0;
            foreach (float v in result) sum += v;
            if (sum > 0)
                for (int t = 0; t < result.Length; t++) result[t] = (float)(result[t] / sum);
        }
        return result;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Source.Name} -> {Target.Name}: " + string.Join(", ", Enumerable.Range(0, map.Length)
            .Select(i => map[i] >= 0 ? $"{Source[i].Name}->{Target[map[i]].Name}" : $"{Source[i].Name}->(none)"));
}
