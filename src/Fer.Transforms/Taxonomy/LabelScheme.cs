using System.Globalization;

namespace Fer.Transforms.Taxonomy;

/// <summary>
/// A named, ordered list of the classes of one dataset or model (its label order). A class has a
/// position (0..Count-1, the order of <see cref="Entries"/>, i.e. a model's output index), a code
/// (the number written in the dataset's files), a name, and the canonical <see cref="Expression"/>
/// it stands for, if any. Each expression appears at most once, so mappings between schemes are
/// well defined (<see cref="MapTo"/>). Immutable.
/// </summary>
public sealed class LabelScheme
{
    private readonly LabelEntry[] entries;
    private readonly Dictionary<int, int> positionByCode = [];
    private readonly Dictionary<string, int> positionByName = new(StringComparer.OrdinalIgnoreCase);
    private readonly int[] positionByExpression;
    private readonly string[] names;
    private readonly Expression[] expressions;

    /// <summary>Creates a scheme from its classes in position order.</summary>
    /// <exception cref="ArgumentException">No entries, an empty name, or a code, name (ignoring case) or expression used twice.</exception>
    public LabelScheme(string name, IEnumerable<LabelEntry> entries)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(entries);
        Name = name;
        this.entries = [.. entries];
        if (this.entries.Length == 0) throw new ArgumentException($"Label scheme '{name}' has no classes.", nameof(entries));
        positionByExpression = new int[Enum.GetValues<Expression>().Length];
        Array.Fill(positionByExpression, -1);
        for (int i = 0; i < this.entries.Length; i++)
        {
            var e = this.entries[i];
            if (string.IsNullOrWhiteSpace(e.Name))
                throw new ArgumentException($"Label scheme '{name}': class at position {i} has an empty name.", nameof(entries));
            if (!positionByCode.TryAdd(e.Code, i))
                throw new ArgumentException($"Label scheme '{name}': code {e.Code} is used by '{this.entries[positionByCode[e.Code]].Name}' and '{e.Name}'.", nameof(entries));
            if (!positionByName.TryAdd(e.Name, i))
                throw new ArgumentException($"Label scheme '{name}': name '{e.Name}' is used twice (names ignore case).", nameof(entries));
            if (e.Expression is { } x)
            {
                if ((uint)x >= (uint)positionByExpression.Length)
                    throw new ArgumentException($"Label scheme '{name}': class '{e.Name}' has undefined expression value {(int)x}.", nameof(entries));
                if (positionByExpression[(int)x] >= 0)
                    throw new ArgumentException($"Label scheme '{name}': expression {x} is claimed by both '{this.entries[positionByExpression[(int)x]].Name}' and '{e.Name}'.", nameof(entries));
                positionByExpression[(int)x] = i;
            }
        }
        names = Array.ConvertAll(this.entries, e => e.Name);
        expressions = [.. this.entries.Where(e => e.Expression.HasValue).Select(e => e.Expression!.Value)];
    }

    /// <summary>
    /// A scheme whose classes are <paramref name="names"/> in order, with codes
    /// <paramref name="firstCode"/>, firstCode+1, ...; each name is parsed through
    /// <see cref="ExpressionNames"/> and keeps a null expression when it is not one (arbitrary labels).
    /// </summary>
    /// <exception cref="ArgumentException">Duplicate names, or two names that are synonyms of one expression.</exception>
    public static LabelScheme FromNames(string name, IEnumerable<string> names, int firstCode = 0)
    {
        ArgumentNullException.ThrowIfNull(names);
        var list = new List<LabelEntry>();
        foreach (string n in names)
        {
            ArgumentNullException.ThrowIfNull(n, nameof(names));
            list.Add(new LabelEntry(firstCode + list.Count, n, ExpressionNames.TryParse(n, out var e) ? e : null));
        }
        return new LabelScheme(name, list);
    }

    /// <summary>The scheme's name (e.g. "fer2013").</summary>
    public string Name { get; }

    /// <summary>The classes in position order.</summary>
    public IReadOnlyList<LabelEntry> Entries => entries;

    /// <summary>The number of classes.</summary>
    public int Count => entries.Length;

    /// <summary>The class names in position order.</summary>
    public IReadOnlyList<string> Names => names;

    /// <summary>The canonical expressions this scheme can express, in position order.</summary>
    public IReadOnlyList<Expression> Expressions => expressions;

    /// <summary>The class at <paramref name="position"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The position is outside 0..Count-1.</exception>
    public LabelEntry this[int position]
    {
        get
        {
            if ((uint)position >= (uint)entries.Length)
                throw new ArgumentOutOfRangeException(nameof(position), $"Position {position} is outside 0..{entries.Length - 1} of label scheme '{Name}'.");
            return entries[position];
        }
    }

    /// <summary>The canonical expression at <paramref name="position"/>, or null when the class is none.</summary>
    public Expression? ExpressionAt(int position) => this[position].Expression;

    /// <summary>The position of <paramref name="expression"/>, or null when this scheme has no such class.</summary>
    public int? PositionOf(Expression expression)
    {
        int i = (int)expression;
        if ((uint)i >= (uint)positionByExpression.Length || positionByExpression[i] < 0) return null;
        return positionByExpression[i];
    }

    /// <summary>Whether this scheme has a class for <paramref name="expression"/>.</summary>
    public bool Contains(Expression expression) => PositionOf(expression).HasValue;

    /// <summary>Finds the position of the class with dataset code <paramref name="code"/>.</summary>
    public bool TryGetPositionOfCode(int code, out int position) => positionByCode.TryGetValue(code, out position);

    /// <summary>The position of the class with dataset code <paramref name="code"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No class has this code; the message lists the codes.</exception>
    public int PositionOfCode(int code)
    {
        if (positionByCode.TryGetValue(code, out int p)) return p;
        throw new ArgumentOutOfRangeException(nameof(code), $"Label scheme '{Name}' has no class with code {code}; codes are {DescribeCodes()}.");
    }

    /// <summary>
    /// Finds the class named <paramref name="label"/>: first by this scheme's own names (ignoring
    /// case and surrounding space), then through the expression synonyms of <see cref="ExpressionNames"/>.
    /// </summary>
    public bool TryParse(string? label, out int position)
    {
        position = -1;
        if (string.IsNullOrWhiteSpace(label)) return false;
        string t = label.Trim();
        if (positionByName.TryGetValue(t, out position)) return true;
        if (ExpressionNames.TryParse(t, out var e) && PositionOf(e) is int p)
        {
            position = p;
            return true;
        }
        position = -1;
        return false;
    }

    /// <summary>
    /// Like <see cref="TryParse"/>, and also accepts the class's code written as an integer
    /// (e.g. "3" in FER2013's emotion column).
    /// </summary>
    public bool TryParseNameOrCode(string? label, out int position)
    {
        if (TryParse(label, out position)) return true;
        if (label is not null && int.TryParse(label.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int code))
            return positionByCode.TryGetValue(code, out position);
        position = -1;
        return false;
    }

    /// <summary>The position of the class named <paramref name="label"/> (see <see cref="TryParse"/>).</summary>
    /// <exception cref="FormatException">No class has this name or synonym; the message lists the names.</exception>
    public int Parse(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (TryParse(label, out int p)) return p;
        throw new FormatException($"'{label}' is not a class of label scheme '{Name}'; expected one of: {string.Join(", ", Names)}.");
    }

    /// <summary>The mapping from this scheme's positions to <paramref name="target"/>'s, through canonical expressions.</summary>
    public LabelMapping MapTo(LabelScheme target) => new(this, target);

    /// <summary>A human-readable list of codes, e.g. "0..6" or "1, 2, 5".</summary>
    internal string DescribeCodes()
    {
        var codes = entries.Select(e => e.Code).Order().ToArray();
        bool contiguous = codes[^1] - codes[0] == codes.Length - 1;
        return contiguous ? $"{codes[0]}..{codes[^1]}" : string.Join(", ", codes);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} [{string.Join(", ", entries.Select(e => $"{e.Code}={e.Name}"))}]";
}
