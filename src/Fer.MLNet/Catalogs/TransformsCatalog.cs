namespace Fer.MLNet.Catalogs;

/// <summary>The transforms catalog of <see cref="FerContext"/>.</summary>
public sealed partial class TransformsCatalog
{
    internal TransformsCatalog(FerContext context) => Context = context;

    /// <summary>The owning context.</summary>
    public FerContext Context { get; }
}
