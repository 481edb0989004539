using Fer.Transforms.Taxonomy;

namespace Fer.Transforms.Datasets;

/// <summary>Options of <see cref="FolderPerClassReader"/>.</summary>
public sealed class FolderPerClassReaderOptions : DatasetReaderOptions
{
    /// <summary>
    /// The label scheme the folder names must belong to (parsed by name, then synonym). When null
    /// (default) the scheme is built from the sorted folder names: each is an expression when it
    /// parses as one, else an arbitrary label keeping its index.
    /// </summary>
    public LabelScheme? Scheme { get; set; }

    /// <summary>The image file extensions read, ignoring case (default .jpg, .jpeg, .png); other files are listed as filtered.</summary>
    public IReadOnlyCollection<string> Extensions { get; set; } = [".jpg", ".jpeg", ".png"];

    /// <summary>Read images in nested folders of a class folder too (default false: nested folders are listed as filtered).</summary>
    public bool Recursive { get; set; }

    /// <summary>Computes a row's person/group id from its file name (e.g. <see cref="PersonId.FromFileName"/>); null leaves it unset.</summary>
    public Func<string, string?>? GroupIdFromFileName { get; set; }
}
