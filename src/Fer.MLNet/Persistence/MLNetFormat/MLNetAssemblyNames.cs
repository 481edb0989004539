namespace Fer.MLNet.Persistence.MLNetFormat;

/// <summary>
/// Full names of the ML.NET assemblies that hold the loaders of the components we write. ML.NET
/// stores them in each <c>Model.key</c> and loads them with <c>Assembly.Load</c>, so the consuming
/// app must reference the matching packages. Every stable ML.NET assembly has version 1.0.0.0
/// (eng/Versions.props) and is signed with the same key (token cc7b13ffcd2ddd51).
/// </summary>
public static class MLNetAssemblyNames
{
    /// <summary>Microsoft.ML.Data: the loader of <c>TransformerChain</c>.</summary>
    public const string Data = "Microsoft.ML.Data, Version=1.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51";

    /// <summary>Microsoft.ML.ImageAnalytics: image loading, resizing and pixel extraction.</summary>
    public const string ImageAnalytics = "Microsoft.ML.ImageAnalytics, Version=1.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51";

    /// <summary>Microsoft.ML.OnnxTransformer: ONNX scoring.</summary>
    public const string OnnxTransformer = "Microsoft.ML.OnnxTransformer, Version=1.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51";
}
