using Fer.Tensors.Random;

namespace Fer.MLNet.Data;

/// <summary>What a <see cref="RowMapper"/> knows about the row it maps.</summary>
/// <param name="Position">The row's position in the cursor's order.</param>
/// <param name="Random">A generator for this row (random transforms only, e.g. augmentation), or null.</param>
public readonly record struct RowContext(long Position, Generator? Random);
