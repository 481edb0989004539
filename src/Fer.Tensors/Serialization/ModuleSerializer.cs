using Fer.Tensors.Nn;

namespace Fer.Tensors.Serialization;

/// <summary>
/// Saves and loads a <see cref="Module"/>'s state dict (parameters and buffers, PyTorch names) as
/// safetensors, so the file loads in PyTorch with <c>load_state_dict</c>. Buffers named
/// "num_batches_tracked" are stored as I64, as PyTorch keeps them.
/// </summary>
public static class ModuleSerializer
{
    /// <summary>Writes the module's state dict to <paramref name="path"/> atomically.</summary>
    public static void Save(Module module, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        var state = module.StateDict();
        SafeTensorsFile.Write(path, state, metadata, DTypes(state));
    }

    /// <summary>Writes the module's state dict to <paramref name="stream"/> (left open).</summary>
    public static void Save(Module module, Stream stream, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        var state = module.StateDict();
        SafeTensorsFile.Write(stream, state, metadata, DTypes(state));
    }

    /// <summary>
    /// Loads weights from <paramref name="path"/> into <paramref name="module"/> in place (see
    /// <see cref="Module.LoadStateDict"/>). With <paramref name="strict"/> off, missing and unexpected
    /// names are returned instead of being errors.
    /// </summary>
    /// <exception cref="SafeTensorsFormatException">The file is malformed.</exception>
    /// <exception cref="ArgumentException">The file does not match the module (names or shapes); the message starts with the path.</exception>
    public static (IReadOnlyList<string> Missing, IReadOnlyList<string> Unexpected) Load(Module module, string path, bool strict = true, SafeTensorsReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        return Apply(module, SafeTensorsFile.Read(path, options), path, strict);
    }

    /// <summary>Loads weights from a stream; see <see cref="Load(Module, string, bool, SafeTensorsReadOptions?)"/>.</summary>
    public static (IReadOnlyList<string> Missing, IReadOnlyList<string> Unexpected) Load(Module module, Stream stream, bool strict = true, string? sourceName = null, SafeTensorsReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        return Apply(module, SafeTensorsFile.Read(stream, sourceName, options), sourceName ?? "<stream>", strict);
    }

    private static (IReadOnlyList<string>, IReadOnlyList<string>) Apply(Module module, SafeTensorsContent content, string source, bool strict)
    {
        try
        {
            return module.LoadStateDict(content.Tensors, strict);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{source}: {PlainMessage(e)}", e);
        }
    }

    private static Dictionary<string, SafeTensorsDType> DTypes(IReadOnlyDictionary<string, Tensor> state)
        => state.Keys.Where(k => k == "num_batches_tracked" || k.EndsWith(".num_batches_tracked", StringComparison.Ordinal))
            .ToDictionary(k => k, _ => SafeTensorsDType.I64, StringComparer.Ordinal);

    /// <summary>The message without the "(Parameter 'x')" suffix, which would name our parameter, not the caller's.</summary>
    private static string PlainMessage(ArgumentException e)
        => e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
}
