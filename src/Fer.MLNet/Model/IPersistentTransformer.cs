using Fer.MLNet.Pipeline;

namespace Fer.MLNet.Model;

/// <summary>
/// A transformer that can be saved in a model zip: a kind known to this library, its options as
/// plain JSON, and optionally named weights (stored as one safetensors entry).
/// </summary>
public interface IPersistentTransformer : ITransformer
{
    /// <summary>The kind written to the manifest (e.g. "LoadImages"); loading maps it back through <see cref="TransformerRegistry"/>.</summary>
    string Kind { get; }

    /// <summary>The options and weights that rebuild this transformer exactly.</summary>
    TransformerState GetState();
}
