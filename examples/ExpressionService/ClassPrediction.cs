using Fer.MLNet.Data;

namespace ExpressionService;

/// <summary>The prediction engine's output.</summary>
public sealed class ClassPrediction
{
    public float[] Score { get; set; } = [];

    [ColumnName("PredictedLabel")]
    public string Expression { get; set; } = "";
}
