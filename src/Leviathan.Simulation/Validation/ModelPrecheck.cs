using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Leviathan.Simulation.Validation;

/// <summary>
/// Checks MuJoCo cannot report well: that the XML (and every included file) is well-formed, with the line,
/// and that every file the model refers to exists, resolved the way MuJoCo 2.2.2 resolves it
/// (relative to the model's folder, through <c>compiler meshdir/texturedir/assetdir</c>).
/// </summary>
internal static class ModelPrecheck
{
    private static readonly string[] TextureFileAttributes = ["file", "fileright", "fileleft", "fileup", "filedown", "filefront", "fileback"];

    /// <summary>The findings, and when there are none a key that changes whenever the model or a file it uses changes.</summary>
    public static (List<ModelFinding> Findings, string? CacheKey) Run(ModelSource source)
    {
        var findings = new List<ModelFinding>();
        string text;
        try
        {
            text = source.Xml ?? File.ReadAllText(source.Path!);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"the model file {source.Path} cannot be read: {ex.Message}", ex);
        }

        var root = Parse(text, source.DisplayName, findings);
        if (root is null)
        {
            return (findings, null);
        }

        var files = new List<string>();
        var documents = new List<(XDocument Document, string Name)> { (root, System.IO.Path.GetFileName(source.LoadPath)) };
        CollectIncludes(root, source.AssetsDirectory, documents, files, findings, depth: 0);
        if (findings.Count > 0)
        {
            return (findings, null);
        }

        // compiler settings may sit in any included file; MuJoCo applies the last one it reads.
        string? meshDir = null, textureDir = null;
        foreach (var (document, _) in documents)
        {
            foreach (var compiler in document.Descendants("compiler"))
            {
                var assetDir = (string?)compiler.Attribute("assetdir");
                meshDir = (string?)compiler.Attribute("meshdir") ?? assetDir ?? meshDir;
                textureDir = (string?)compiler.Attribute("texturedir") ?? assetDir ?? textureDir;
            }
        }

        foreach (var (document, name) in documents)
        {
            foreach (var element in document.Descendants())
            {
                switch (element.Name.LocalName)
                {
                    case "mesh" or "skin" or "hfield" when element.Parent?.Name.LocalName is "asset" or "mujoco":
                        CheckFile(element, "file", source, meshDir, name, files, findings);
                        break;
                    case "texture":
                        foreach (var attribute in TextureFileAttributes)
                        {
                            CheckFile(element, attribute, source, textureDir, name, files, findings);
                        }

                        break;
                }
            }
        }

        return (findings, findings.Count > 0 ? null : CacheKey(source, text, files));
    }

    private static string CacheKey(ModelSource source, string text, List<string> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(source.LoadPath));
        hash.AppendData(Encoding.UTF8.GetBytes(text));
        foreach (var file in files)
        {
            if (InMemory(source, file) is { } data)
            {
                hash.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"\nmemory:{System.IO.Path.GetFileName(file)}|{data.Length}|")));
                hash.AppendData(SHA256.HashData(data));
                continue;
            }

            var info = new FileInfo(file);
            hash.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"\n{info.FullName}|{info.Length}|{info.LastWriteTimeUtc.Ticks}")));
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>The in-memory file MuJoCo's virtual file system gives for this path (matched by file name), if any.</summary>
    private static byte[]? InMemory(ModelSource source, string path) =>
        source.Files is { } files && files.TryGetValue(System.IO.Path.GetFileName(path), out var data) ? data : null;

    private static XDocument? Parse(string text, string displayName, List<ModelFinding> findings)
    {
        try
        {
            return XDocument.Parse(text, LoadOptions.SetLineInfo);
        }
        catch (XmlException ex)
        {
            findings.Add(new ModelFinding(
                FindingCodes.XmlParse,
                $"{System.IO.Path.GetFileName(displayName)} is not well-formed XML: {StripPosition(ex.Message)}",
                Line: ex.LineNumber > 0 ? ex.LineNumber : null));
            return null;
        }
    }

    private static void CollectIncludes(XDocument document, string folder, List<(XDocument, string)> documents, List<string> files, List<ModelFinding> findings, int depth)
    {
        foreach (var include in document.Descendants("include").ToList())
        {
            var file = (string?)include.Attribute("file");
            if (string.IsNullOrWhiteSpace(file))
            {
                continue;
            }

            // MuJoCo 2.2.2 resolves includes from the main model's folder, at any depth.
            var full = System.IO.Path.Combine(folder, file);
            if (!File.Exists(full))
            {
                findings.Add(new ModelFinding(
                    FindingCodes.AssetMissing,
                    $"included file '{file}' does not exist (looked for {full})",
                    "include",
                    LineOf(include)));
                continue;
            }

            if (depth > 20 || documents.Count > 200)
            {
                findings.Add(new ModelFinding(FindingCodes.Compile, $"includes nest too deeply at '{file}' (an include cycle?)", "include", LineOf(include)));
                return;
            }

            files.Add(full);
            var child = Parse(File.ReadAllText(full), full, findings);
            if (child is not null)
            {
                documents.Add((child, file));
                CollectIncludes(child, folder, documents, files, findings, depth + 1);
            }
        }
    }

    private static void CheckFile(XElement element, string attribute, ModelSource source, string? assetDir, string documentName, List<string> files, List<ModelFinding> findings)
    {
        var modelFolder = source.AssetsDirectory;
        var file = (string?)element.Attribute(attribute);
        if (string.IsNullOrWhiteSpace(file))
        {
            return;
        }

        var full = System.IO.Path.IsPathRooted(file)
            ? file
            : assetDir is not null && System.IO.Path.IsPathRooted(assetDir)
                ? System.IO.Path.Combine(assetDir, file)
                : System.IO.Path.Combine(modelFolder, assetDir ?? string.Empty, file);
        if (InMemory(source, full) is not null || File.Exists(full))
        {
            files.Add(full);
            return;
        }

        var kind = element.Name.LocalName;
        var name = (string?)element.Attribute("name");
        var label = name is null ? kind : $"{kind} '{name}'";
        var inFile = documentName.EndsWith(ModelSource.VirtualFileName, StringComparison.Ordinal) ? string.Empty : $" in {documentName}";
        findings.Add(new ModelFinding(
            FindingCodes.AssetMissing,
            $"{label} refers to '{file}', which does not exist (looked for {System.IO.Path.GetFullPath(full)}){inFile}",
            kind,
            LineOf(element)));
    }

    private static int? LineOf(XElement element) =>
        element is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : null;

    private static string StripPosition(string message)
    {
        var index = message.IndexOf(" Line ", StringComparison.Ordinal);
        return index > 0 ? message[..index] : message;
    }
}
