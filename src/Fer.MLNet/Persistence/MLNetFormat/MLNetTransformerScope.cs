namespace Fer.MLNet.Persistence.MLNetFormat;

/// <summary>When ML.NET applies a transformer of a chain (stored as an int32 per child).</summary>
[Flags]
public enum MLNetTransformerScope
{
    /// <summary>Never.</summary>
    None = 0,

    /// <summary>During training.</summary>
    Training = 1,

    /// <summary>During testing.</summary>
    Testing = 2,

    /// <summary>During scoring.</summary>
    Scoring = 4,

    /// <summary>Training and testing.</summary>
    TrainTest = Training | Testing,

    /// <summary>Always (what ML.NET writes for a fitted pipeline).</summary>
    Everything = Training | Testing | Scoring,
}
