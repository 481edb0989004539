namespace Fer.Transforms.Taxonomy;

/// <summary>One class of a <see cref="LabelScheme"/>.</summary>
/// <param name="Code">The number the dataset or model uses for the class (RAF-DB counts from 1; most from 0).</param>
/// <param name="Name">The class name as the dataset or model spells it.</param>
/// <param name="Expression">The canonical expression, or null for classes that are none (FER+ 'unknown'/'NF', AffectNet 'None', arbitrary folder labels).</param>
public readonly record struct LabelEntry(int Code, string Name, Expression? Expression)
{
    /// <inheritdoc />
    public override string ToString() => Expression is { } e ? $"{Code}={Name} ({e})" : $"{Code}={Name}";
}
