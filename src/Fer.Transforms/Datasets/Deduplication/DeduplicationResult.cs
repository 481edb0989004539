namespace Fer.Transforms.Datasets;

/// <summary>What <see cref="Deduplicator.RemoveDuplicates"/> kept and removed.</summary>
public sealed class DeduplicationResult
{
    internal DeduplicationResult(IReadOnlyList<DatasetRow> kept, IReadOnlyList<DuplicateGroup> groups)
    {
        Kept = kept;
        Groups = groups;
        Removed = [.. groups.SelectMany(g => g.Rows.Skip(1))];
    }

    /// <summary>The rows kept, in input order: every unique image and the first of each duplicate group.</summary>
    public IReadOnlyList<DatasetRow> Kept { get; }

    /// <summary>The groups of identical images, ordered by their first row.</summary>
    public IReadOnlyList<DuplicateGroup> Groups { get; }

    /// <summary>The rows removed (all but the first of each group).</summary>
    public IReadOnlyList<DatasetRow> Removed { get; }

    /// <summary>The number of rows removed.</summary>
    public int RemovedCount => Removed.Count;

    /// <summary>The number of groups whose copies disagree on the label.</summary>
    public int ConflictingGroupCount => Groups.Count(g => !g.LabelsAgree);

    /// <inheritdoc />
    public override string ToString() =>
        $"{Kept.Count} kept, {RemovedCount} removed in {Groups.Count} duplicate groups ({ConflictingGroupCount} with conflicting labels)";
}
