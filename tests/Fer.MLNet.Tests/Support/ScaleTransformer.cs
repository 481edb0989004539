using System.Text.Json.Nodes;
using Fer.MLNet.Data;
using Fer.MLNet.Model;
using Fer.MLNet.Pipeline;
using Fer.Tensors;

namespace Fer.MLNet.Tests.Support;

/// <summary>
/// A transformer with weights, registered as the custom kind "Test.Scale" (as an application would
/// register its own): multiplies a fixed-size float vector column element-wise by a saved weight
/// "scale" of shape [Size]. Used to test how model files carry and check weights.
/// </summary>
internal sealed class ScaleTransformer : RowMappingTransformer
{
    public const string KindName = "Test.Scale";

    private readonly Work work;

    static ScaleTransformer() => TransformerRegistry.Register(KindName, Load);

    public ScaleTransformer(string column, float[] scale)
    {
        Column = column;
        Scale = (float[])scale.Clone();
        work = new Work(this);
    }

    public string Column { get; }

    public float[] Scale { get; }

    public override string Kind => KindName;

    protected override RowMapper Mapper => work;

    /// <summary>Makes sure the kind is registered (runs the static constructor).</summary>
    public static void EnsureRegistered() => _ = KindName.Length;

    public override TransformerState GetState() => new(
        new JsonObject { ["column"] = Column, ["size"] = Scale.Length },
        new Dictionary<string, Tensor> { ["scale"] = Tensor.FromArray(Scale.AsSpan(), Scale.Length) });

    private static ScaleTransformer Load(TransformerState s)
    {
        int size = s.Get<int>("size");
        return new ScaleTransformer(s.Get<string>("column"), s.GetWeight("scale", size).ToArray());
    }

    private sealed class Work(ScaleTransformer owner) : RowMapper
    {
        public override IReadOnlyList<string> InputColumnNames => [owner.Column];

        public override IReadOnlyList<(string Name, DataViewType Type, DataViewAnnotations? Annotations)> GetOutputColumns(DataViewSchema inputSchema)
        {
            RequireColumn(inputSchema, owner.Column, $"Vector<Single, {owner.Scale.Length}>", t => t.Equals(new VectorDataViewType(owner.Scale.Length)), "Test.Scale");
            return [(owner.Column, new VectorDataViewType(owner.Scale.Length), null)];
        }

        public override bool Map(ReadOnlySpan<object?> inputs, Span<object?> outputs, RowContext context)
        {
            var v = (float[])inputs[0]!;
            outputs[0] = v.Select((x, i) => x * owner.Scale[i]).ToArray();
            return true;
        }
    }
}
