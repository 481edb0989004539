namespace Fer.MLNet.Data;

/// <summary>Reads the current row's value of one column (ML.NET's delegate shape).</summary>
public delegate void ValueGetter<TValue>(ref TValue value);
