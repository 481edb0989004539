using Fer.MLNet.Data;

namespace Fer.MLNet.Trainers.FeatureExtractor;

/// <summary>
/// A further labelled dataset for the feature extractor, with its own head and label set. Its data
/// must already hold the same [C, H, W] pixel column as the main data: run the same preprocessing on
/// it (fit the preprocessing pipeline on it, or Transform it with the one fitted on the main data).
/// </summary>
/// <param name="Name">A short unique name (no spaces or dots), used in metric names ("loss.NAME").</param>
/// <param name="Data">The featurized rows.</param>
/// <param name="LabelColumnName">Its Int32 label column (class names as KeyValues).</param>
/// <param name="Validation">Featurized validation rows of the same label set, or null.</param>
/// <param name="LossWeight">Multiplies this dataset's classification loss.</param>
public sealed record AuxiliaryDataset(string Name, IDataView Data, string LabelColumnName = "Label", IDataView? Validation = null, double LossWeight = 1.0);
