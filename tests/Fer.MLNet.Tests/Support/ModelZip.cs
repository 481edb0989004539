using System.Text;
using System.Text.Json.Nodes;
using Fer.MLNet.Persistence.Zip;
using Fer.MLNet.Tests.Persistence.Zip;

namespace Fer.MLNet.Tests.Support;

/// <summary>Unpacks a model zip into editable entries and packs them again (with the raw test zip writer).</summary>
internal sealed class ModelZip
{
    public ModelZip(byte[] zip)
    {
        SafeZipArchive archive = SafeZipReader.Read(zip, "valid.zip");
        foreach (string name in archive.EntryNames) Entries.Add((name, archive.GetEntry(name).ToArray()));
    }

    /// <summary>The entries in archive order.</summary>
    public List<(string Name, byte[] Content)> Entries { get; } = [];

    /// <summary>The manifest as JSON.</summary>
    public JsonObject Manifest
    {
        get => (JsonObject)JsonNode.Parse(Get("manifest.json"))!;
        set => Set("manifest.json", Encoding.UTF8.GetBytes(value.ToJsonString()));
    }

    public byte[] Get(string name) => Entries.Single(e => e.Name == name).Content;

    public ModelZip Set(string name, byte[] content)
    {
        int i = Entries.FindIndex(e => e.Name == name);
        if (i < 0) Entries.Add((name, content));
        else Entries[i] = (name, content);
        return this;
    }

    public ModelZip Remove(string name)
    {
        Entries.RemoveAll(e => e.Name == name);
        return this;
    }

    public ModelZip Rename(string name, string newName)
    {
        int i = Entries.FindIndex(e => e.Name == name);
        Entries[i] = (newName, Entries[i].Content);
        return this;
    }

    /// <summary>The archive; <paramref name="stored"/> names entries written without compression.</summary>
    public byte[] Pack(params string[] stored)
    {
        var zip = new CraftedZip();
        foreach (var (name, content) in Entries) zip.Add(name, content, deflate: !stored.Contains(name));
        return zip.ToArray();
    }
}
