namespace Fer.Tensors;

/// <summary>
/// Where a tensor's storage lives and where its kernels run. Only <see cref="Cpu"/> exists today;
/// every placement decision goes through this type so a GPU backend can be added without touching
/// models or trainers.
/// </summary>
public sealed class Device : IEquatable<Device>
{
    private Device(string name) => Name = name;

    /// <summary>The host CPU, with managed SIMD kernels and an optional native BLAS.</summary>
    public static Device Cpu { get; } = new("cpu");

    /// <summary>The device name as PyTorch writes it ("cpu").</summary>
    public string Name { get; }

    /// <summary>Parses a device name; only "cpu" is supported.</summary>
    /// <exception cref="NotSupportedException">The device is not available in this build.</exception>
    public static Device Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (string.Equals(name, "cpu", StringComparison.OrdinalIgnoreCase)) return Cpu;
        throw new NotSupportedException($"Device '{name}' is not available: this build of Fer.Tensors has only the 'cpu' backend.");
    }

    /// <inheritdoc />
    public bool Equals(Device? other) => other is not null && other.Name == Name;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Device);

    /// <inheritdoc />
    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => Name;
}
