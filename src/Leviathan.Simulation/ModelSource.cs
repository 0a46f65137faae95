using System.Text.Json.Serialization;

namespace Leviathan.Simulation;

/// <summary>
/// An MJCF model: a file on disk, or text whose meshes, textures and includes resolve from
/// <see cref="AssetsDirectory"/> (as if the text were a file in that folder).
/// </summary>
public sealed record ModelSource
{
    /// <summary>Name the text is given inside <see cref="AssetsDirectory"/> when MuJoCo loads it.</summary>
    internal const string VirtualFileName = "leviathan-model.xml";

    /// <summary>Absolute path of the MJCF file, when the model is a file.</summary>
    public string? Path { get; init; }

    /// <summary>MJCF text, when the model is not a file.</summary>
    public string? Xml { get; init; }

    /// <summary>Folder that relative asset paths start from: the file's folder, or the one given with the text.</summary>
    public string AssetsDirectory { get; init; } = string.Empty;

    /// <summary>
    /// Asset files held in memory, by file name (meshes the caller made and need not write to disk). MuJoCo's virtual
    /// file system matches files by name alone, whatever folder the model names: a file here stands in for every
    /// reference to a file of that name, and none of them need exist on disk.
    /// </summary>
    public IReadOnlyDictionary<string, byte[]>? Files { get; init; }

    /// <summary>A model file; relative paths are made absolute against the current directory.</summary>
    public static ModelSource FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = System.IO.Path.GetFullPath(path);
        return new ModelSource { Path = full, AssetsDirectory = System.IO.Path.GetDirectoryName(full) ?? "/" };
    }

    /// <summary>MJCF text with the folder its assets live in.</summary>
    public static ModelSource FromXml(string xml, string assetsDirectory)
    {
        ArgumentNullException.ThrowIfNull(xml);
        ArgumentException.ThrowIfNullOrWhiteSpace(assetsDirectory);
        return new ModelSource { Xml = xml, AssetsDirectory = System.IO.Path.GetFullPath(assetsDirectory) };
    }

    /// <summary>MJCF text with the folder its assets live in and asset files held in memory (see <see cref="Files"/>).</summary>
    public static ModelSource FromXml(string xml, string assetsDirectory, IReadOnlyDictionary<string, byte[]> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        foreach (var name in files.Keys)
        {
            if (name.Length == 0 || name.Contains('/', StringComparison.Ordinal) || name.Length >= MaxFileName)
            {
                throw new ArgumentException($"in-memory file names are plain file names under {MaxFileName} bytes, not '{name}'", nameof(files));
            }
        }

        return FromXml(xml, assetsDirectory) with { Files = files.Count == 0 ? null : files };
    }

    /// <summary>Longest name MuJoCo 2.2.2's virtual file system keeps (mjMAXVFSNAME, with its terminating zero).</summary>
    internal const int MaxFileName = 1000;

    /// <summary>The path MuJoCo sees: the file, or a virtual file inside the assets folder.</summary>
    [JsonIgnore]
    internal string LoadPath => Path ?? System.IO.Path.Combine(AssetsDirectory, VirtualFileName);

    /// <summary>How messages name the model.</summary>
    [JsonIgnore]
    public string DisplayName => Path ?? $"MJCF text (assets in {AssetsDirectory})";
}
