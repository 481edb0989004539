namespace Fer.MLNet.Persistence.Zip;

/// <summary>
/// Caps and name rules for <see cref="SafeZipReader"/>. Every cap is checked against bytes actually
/// read or inflated, never against sizes the archive declares, so a lying archive cannot make the
/// reader allocate more than the caps allow.
/// </summary>
public sealed class SafeZipReaderOptions
{
    /// <summary>The defaults: 1 GiB archive, 10,000 entries, 1 GiB per entry, 2 GiB in total, ratio 200.</summary>
    public static SafeZipReaderOptions Default { get; } = new();

    /// <summary>Largest archive (compressed file) accepted, in bytes; below <see cref="Array.MaxLength"/>. Default 1 GiB.</summary>
    public long MaxArchiveBytes { get; init; } = 1L << 30;

    /// <summary>Most entries (files and folder entries) accepted. Default 10,000.</summary>
    public int MaxEntryCount { get; init; } = 10_000;

    /// <summary>Largest inflated entry, in bytes; below <see cref="Array.MaxLength"/>. Default 1 GiB.</summary>
    public long MaxEntryBytes { get; init; } = 1L << 30;

    /// <summary>Largest sum of inflated entries, in bytes. Default 2 GiB.</summary>
    public long MaxTotalBytes { get; init; } = 2L << 30;

    /// <summary>
    /// Largest ratio of inflated to compressed size of one entry (a deflate bomb has ratios near
    /// 1000). Entries no larger than <see cref="RatioFreeBytes"/> are exempt. Default 200.
    /// </summary>
    public double MaxCompressionRatio { get; init; } = 200;

    /// <summary>Inflated size up to which <see cref="MaxCompressionRatio"/> is not applied. Default 64 KiB.</summary>
    public long RatioFreeBytes { get; init; } = 64 * 1024;

    /// <summary>
    /// Optional allow-list: called with each normalised entry name (separators '/'); an entry for
    /// which it returns false is rejected, or skipped without being inflated when
    /// <see cref="SkipUnlistedEntries"/> is true. Null accepts every (valid) name.
    /// </summary>
    public Func<string, bool>? EntryFilter { get; init; }

    /// <summary>When true, entries refused by <see cref="EntryFilter"/> are skipped instead of rejected.</summary>
    public bool SkipUnlistedEntries { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a cap is out of range.</summary>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxArchiveBytes, nameof(MaxArchiveBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxArchiveBytes, (long)Array.MaxLength - 1, nameof(MaxArchiveBytes));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxEntryCount, nameof(MaxEntryCount));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxEntryBytes, nameof(MaxEntryBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxEntryBytes, (long)Array.MaxLength - 1, nameof(MaxEntryBytes));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxTotalBytes, nameof(MaxTotalBytes));
        ArgumentOutOfRangeException.ThrowIfNegative(RatioFreeBytes, nameof(RatioFreeBytes));
        if (!(MaxCompressionRatio >= 1)) throw new ArgumentOutOfRangeException(nameof(MaxCompressionRatio), MaxCompressionRatio, "must be at least 1.");
    }
}
