namespace Fer.MLNet.Persistence.MLNetFormat;

/// <summary>The body of ML.NET's <c>TransformerChain</c>: int32 child count, then one int32 scope per child.</summary>
internal static class TransformerChainFormat
{
    public const string LoaderSignature = "TransformerChain";

    public static readonly MLNetVersionInfo Version =
        new("XF CHAIN", 0x00010001, 0x00010001, 0x00010001, LoaderSignature, null, MLNetAssemblyNames.Data);

    /// <summary>The child folder name ML.NET uses (format "Transform_{0:000}").</summary>
    public static string ChildFolder(int index) => $"Transform_{index:000}";

    public static MLNetTransformerScope[] Decode(MLNetModelKey key, string? file, string? entry)
    {
        Version.Check(key, file, entry);
        var reader = new ModelBodyReader(key, file, entry);
        int count = reader.ReadCount("child count", 4);
        var scopes = new MLNetTransformerScope[count];
        for (int i = 0; i < count; i++)
        {
            int scope = reader.ReadInt32($"scope of child {i}");
            if (scope < 0 || scope > (int)MLNetTransformerScope.Everything)
                throw reader.Bad($"scope of child {i}", $"is {scope}, expected 0 to 7 (Training 1 | Testing 2 | Scoring 4)");
            scopes[i] = (MLNetTransformerScope)scope;
        }
        reader.EnsureEnd();
        return scopes;
    }

    public static MLNetModelKey Encode(IReadOnlyList<MLNetTransformerScope> scopes)
    {
        var writer = new ModelBodyWriter();
        writer.WriteInt32(scopes.Count);
        foreach (MLNetTransformerScope scope in scopes) writer.WriteInt32((int)scope);
        return writer.ToModelKey(Version);
    }
}
