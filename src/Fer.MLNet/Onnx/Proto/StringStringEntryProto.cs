namespace Fer.MLNet.Onnx.Proto;

/// <summary>ONNX <c>StringStringEntryProto</c>: one key/value pair (metadata, external-data locations).</summary>
public sealed class StringStringEntryProto
{
    /// <summary>Creates an empty entry.</summary>
    public StringStringEntryProto()
    {
    }

    /// <summary>Creates an entry with the given key and value.</summary>
    public StringStringEntryProto(string key, string value)
    {
        Key = key;
        Value = value;
    }

    /// <summary>Field 1.</summary>
    public string Key { get; set; } = "";

    /// <summary>Field 2.</summary>
    public string Value { get; set; } = "";
}
