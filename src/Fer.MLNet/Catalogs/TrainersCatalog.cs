namespace Fer.MLNet.Catalogs;

/// <summary>The trainers catalog of <see cref="FerContext"/>.</summary>
public sealed partial class TrainersCatalog
{
    internal TrainersCatalog(FerContext context) => Context = context;

    /// <summary>The owning context.</summary>
    public FerContext Context { get; }
}
