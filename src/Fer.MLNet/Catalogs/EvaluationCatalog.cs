namespace Fer.MLNet.Catalogs;

/// <summary>The evaluation catalog of <see cref="FerContext"/>.</summary>
public sealed partial class EvaluationCatalog
{
    internal EvaluationCatalog(FerContext context) => Context = context;

    /// <summary>The owning context.</summary>
    public FerContext Context { get; }
}
