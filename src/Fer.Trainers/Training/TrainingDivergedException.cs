namespace Fer.Trainers.Training;

/// <summary>The loss became NaN or infinite; training stopped before the optimizer step, and no checkpoint holds the bad values.</summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TrainingDivergedException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public TrainingDivergedException() { }

    /// <summary>Creates the exception.</summary>
    public TrainingDivergedException(string message, Exception inner) : base(message, inner) { }
}
