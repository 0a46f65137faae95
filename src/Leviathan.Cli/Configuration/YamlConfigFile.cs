using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Leviathan.Cli.Configuration;

/// <summary>Reads <c>config.yaml</c> into flat configuration keys (<c>store:provider</c>, <c>models:profiles:0:name</c>).</summary>
internal static class YamlConfigFile
{
    public static Dictionary<string, string?> Read(string path)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(path))
        {
            return values;
        }

        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (YamlException ex)
        {
            throw new Hosting.CliException(
                $"{path} is not valid YAML: {ex.Message} (line {ex.Start.Line}, column {ex.Start.Column})",
                "fix the file or move it aside; nothing else was read",
                Hosting.ExitCodes.Usage);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return values;
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw Hosting.CliException.Usage($"{path} must hold a YAML mapping at its top level", "for example: store:\\n  provider: sqlite");
        }

        Flatten(root, prefix: null, values);
        return values;
    }

    private static void Flatten(YamlNode node, string? prefix, Dictionary<string, string?> values)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, child) in mapping.Children)
                {
                    var name = ((YamlScalarNode)key).Value ?? string.Empty;
                    Flatten(child, prefix is null ? name : $"{prefix}:{name}", values);
                }

                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    Flatten(sequence.Children[i], $"{prefix}:{i.ToString(CultureInfo.InvariantCulture)}", values);
                }

                break;
            case YamlScalarNode scalar when prefix is not null:
                values[prefix] = scalar.Value;
                break;
        }
    }
}
