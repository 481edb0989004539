namespace Fer.MLNet.Onnx.Proto;

/// <summary>A malformed protobuf encoding; the model reader adds the file and message path.</summary>
internal sealed class ProtoWireException : Exception
{
    public ProtoWireException(string message)
        : base(message)
    {
    }

    public ProtoWireException()
    {
    }

    public ProtoWireException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
