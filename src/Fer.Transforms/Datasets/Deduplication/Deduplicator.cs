using Fer.Tensors.Threading;

namespace Fer.Transforms.Datasets;

/// <summary>Removes rows whose images are byte-identical (by SHA-256), keeping the first of each group.</summary>
public static class Deduplicator
{
    /// <summary>
    /// Groups <paramref name="rows"/> by content hash and keeps the first row of each group.
    /// <paramref name="content"/> replaces the default content (file bytes, or raw pixels with their
    /// size), e.g. to compare decoded pixels of differently encoded files.
    /// </summary>
    /// <exception cref="DatasetFormatException">An image file cannot be read; the message names the row's origin.</exception>
    public static DeduplicationResult RemoveDuplicates(IReadOnlyList<DatasetRow> rows, Func<ImageSource, byte[]>? content = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var hashes = new string[rows.Count];
        var errors = new Exception?[rows.Count];
        // Hashing is I/O and SHA-256 bound; chunks write their own slots, so the result does not depend on scheduling.
        Parallelism.For(rows.Count, 64, (start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                try
                {
                    var row = rows[i];
                    if (row is null) throw new ArgumentException($"Row {i} is null.", nameof(rows));
                    byte[] hash = content is null ? ContentHash.Compute(row.Image) : ContentHash.Compute(content(row.Image));
                    hashes[i] = Convert.ToHexStringLower(hash);
                }
                catch (Exception e)
                {
                    errors[i] = e;
                }
            }
        });
        // Report the first failing row in input order.
        for (int i = 0; i < errors.Length; i++)
        {
            switch (errors[i])
            {
                case null: continue;
                case IOException or UnauthorizedAccessException:
                    throw new DatasetFormatException(rows[i].Origin, $"cannot read image '{rows[i].Image}' to hash it: {errors[i]!.Message}", errors[i]!);
                default:
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(errors[i]!).Throw();
                    break;
            }
        }
        var members = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var order = new List<string>();
        for (int i = 0; i < hashes.Length; i++)
        {
            if (!members.TryGetValue(hashes[i], out var list))
            {
                members[hashes[i]] = list = [];
                order.Add(hashes[i]);
            }
            list.Add(i);
        }
        var kept = new List<DatasetRow>(order.Count);
        var groups = new List<DuplicateGroup>();
        foreach (string h in order)
        {
            var list = members[h];
            kept.Add(rows[list[0]]);
            if (list.Count > 1) groups.Add(new DuplicateGroup(h, [.. list.Select(i => rows[i])]));
        }
        // Kept in input order: 'order' lists hashes by first occurrence, which is input order of the kept rows.
        return new DeduplicationResult(kept, groups);
    }
}
