namespace Fer.MLNet.Persistence.MLNetFormat.Transformers;

/// <summary>
/// A decoded ML.NET transformer we can write back: its settings as plain values, encodable into
/// its <c>Model.key</c> and the binary entries ML.NET keeps beside it.
/// </summary>
public interface IMLNetTransformerRecord
{
    /// <summary>The loader signature ML.NET looks the transformer up by.</summary>
    string LoaderSignature { get; }

    /// <summary>Encodes the transformer's <c>Model.key</c> with ML.NET's current versions and assembly name.</summary>
    MLNetModelKey ToModelKey();

    /// <summary>The entries stored beside the <c>Model.key</c> (name relative to the transformer's folder, bytes); empty for most.</summary>
    IReadOnlyList<KeyValuePair<string, byte[]>> ToSiblingEntries();
}
