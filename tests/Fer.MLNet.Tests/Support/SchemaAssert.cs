using Fer.MLNet.Data;

namespace Fer.MLNet.Tests.Support;

/// <summary>Comparisons of schemas: names, types, hidden flags and annotations.</summary>
internal static class SchemaAssert
{
    /// <summary>
    /// Asserts <paramref name="actual"/> has the columns of <paramref name="expected"/>. With
    /// <paramref name="expectedMayLackAnnotationValues"/> (an estimator's schema, before Fit), an empty
    /// annotation list in <paramref name="expected"/> stands for "present, values known after Fit".
    /// </summary>
    public static void Equal(DataViewSchema expected, DataViewSchema actual, string what, bool expectedMayLackAnnotationValues = false)
    {
        if (Difference(expected, actual, expectedMayLackAnnotationValues) is { } diff)
            throw new Xunit.Sdk.XunitException($"{what}: {diff}\n  expected: {expected}\n  actual:   {actual}");
    }

    public static string? Difference(DataViewSchema expected, DataViewSchema actual, bool lax = false)
    {
        if (expected.Count != actual.Count) return $"{actual.Count} columns, expected {expected.Count}";
        for (int i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            if (e.Name != a.Name) return $"column {i} is '{a.Name}', expected '{e.Name}'";
            if (!e.Type.Equals(a.Type)) return $"column '{e.Name}' is {a.Type}, expected {e.Type}";
            if (e.IsHidden != a.IsHidden) return $"column '{e.Name}' hidden {a.IsHidden}, expected {e.IsHidden}";
            if (Names(e.Annotations.KeyValues, a.Annotations.KeyValues, lax) is { } k) return $"column '{e.Name}' KeyValues: {k}";
            if (Names(e.Annotations.SlotNames, a.Annotations.SlotNames, lax) is { } s) return $"column '{e.Name}' SlotNames: {s}";
        }
        return null;
    }

    private static string? Names(IReadOnlyList<string>? e, IReadOnlyList<string>? a, bool lax)
    {
        if (e is null) return a is null ? null : $"[{string.Join(", ", a)}], expected none";
        if (a is null) return "none, expected some";
        if (lax && e.Count == 0) return null;
        return e.SequenceEqual(a, StringComparer.Ordinal) ? null : $"[{string.Join(", ", a.Take(8))}], expected [{string.Join(", ", e.Take(8))}]";
    }

    /// <summary>A copy of the visible columns of <paramref name="schema"/>.</summary>
    public static DataViewSchema Visible(DataViewSchema schema) => Without(schema, "");

    /// <summary>A copy of the visible columns of <paramref name="schema"/> without <paramref name="drop"/>.</summary>
    public static DataViewSchema Without(DataViewSchema schema, string drop)
    {
        var b = new DataViewSchema.Builder();
        foreach (var c in schema.Where(c => !c.IsHidden && c.Name != drop)) b.AddColumn(c.Name, c.Type, c.Annotations);
        return b.ToSchema();
    }

    /// <summary>A copy of the visible columns of <paramref name="schema"/> with <paramref name="column"/> given another type.</summary>
    public static DataViewSchema Retyped(DataViewSchema schema, string column, DataViewType type)
    {
        var b = new DataViewSchema.Builder();
        foreach (var c in schema.Where(c => !c.IsHidden)) b.AddColumn(c.Name, c.Name == column ? type : c.Type, c.Name == column ? null : c.Annotations);
        return b.ToSchema();
    }
}
