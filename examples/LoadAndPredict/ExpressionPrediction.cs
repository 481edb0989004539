using Fer.MLNet.Data;

namespace LoadAndPredict;

/// <summary>The engine's output: the model's columns, by name.</summary>
public sealed class ExpressionPrediction
{
    /// <summary>Class probabilities, in the model's class order.</summary>
    public float[] Score { get; set; } = [];

    /// <summary>The predicted class's name (the PredictedLabel column's key value).</summary>
    [ColumnName("PredictedLabel")]
    public string Expression { get; set; } = "";
}
