using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Leviathan.Evaluation.Suites;

/// <summary>
/// One YAML mapping of a pack file, read strictly: every key must be one of the known ones (an unknown key is an
/// error that names the nearest known key), and every value must have the expected shape.
/// </summary>
internal sealed class YamlMap
{
    private readonly YamlMappingNode _node;
    private readonly string _prefix;
    private readonly Dictionary<string, YamlNode> _entries = new(StringComparer.Ordinal);

    private YamlMap(string file, string prefix, YamlMappingNode node, IReadOnlyList<string> keys)
    {
        File = file;
        _prefix = prefix;
        _node = node;
        foreach (var (keyNode, value) in node.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value;
            if (key is null)
            {
                throw new SuiteFormatException(file, prefix.TrimEnd('.'), $"a key at line {Line(keyNode)} is not a plain name", "write keys as plain snake_case names");
            }

            if (!keys.Contains(key, StringComparer.Ordinal))
            {
                var nearest = KeySuggestion.Nearest(key, keys);
                var hint = nearest is null ? $"the keys here are {string.Join(", ", keys)}" : $"did you mean '{prefix}{nearest}'? (the keys here are {string.Join(", ", keys)})";
                throw new SuiteFormatException(file, prefix + key, $"unknown key at line {Line(keyNode)}", hint);
            }

            _entries[key] = value;
        }
    }

    /// <summary>The file the mapping is in.</summary>
    public string File { get; }

    /// <summary>Reads a file whose top level is a mapping with the given keys.</summary>
    public static YamlMap Load(string file, IReadOnlyList<string> keys)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(file);
            stream.Load(reader);
        }
        catch (YamlException ex)
        {
            throw new SuiteFormatException(file, null, $"not valid YAML at line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}", "fix the syntax (a duplicate key is an error too)");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new SuiteFormatException(file, null, "the file does not hold a YAML mapping", $"write one 'key: value' per line; the keys are {string.Join(", ", keys)}");
        }

        return new YamlMap(file, string.Empty, root, keys);
    }

    /// <summary>The dotted name of a key of this mapping, as errors show it.</summary>
    public string Name(string key) => _prefix + key;

    public bool Has(string key) => _entries.ContainsKey(key);

    public SuiteFormatException Error(string key, string problem, string fix) => new(File, Name(key), problem, fix);

    /// <summary>A text value; null when the key is absent, empty when it is present without a value.</summary>
    public string? String(string key)
    {
        if (!_entries.TryGetValue(key, out var node))
        {
            return null;
        }

        return node is YamlScalarNode scalar
            ? scalar.Value ?? string.Empty
            : throw Error(key, $"expected a text value at line {Line(node)}, found a {Shape(node)}", "write it as a single (quoted, if need be) value");
    }

    /// <summary>A text value that must be present and not blank.</summary>
    public string RequiredString(string key, string fix)
    {
        var value = String(key);
        if (value is null)
        {
            throw new SuiteFormatException(File, Name(key), "missing", fix);
        }

        return string.IsNullOrWhiteSpace(value) ? throw Error(key, "is empty", fix) : value;
    }

    /// <summary>A number greater than zero, or null when absent.</summary>
    public decimal? PositiveNumber(string key, string example)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw Error(key, $"'{text}' is not a number greater than zero", $"write a positive number, for example {example}");
    }

    /// <summary>A whole number greater than zero, or null when absent.</summary>
    public long? PositiveInteger(string key, string example)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw Error(key, $"'{text}' is not a whole number greater than zero", $"write a positive whole number, for example {example}");
    }

    /// <summary>A nested mapping with the given keys, or null when absent.</summary>
    public YamlMap? Map(string key, IReadOnlyList<string> keys)
    {
        if (!_entries.TryGetValue(key, out var node))
        {
            return null;
        }

        return node is YamlMappingNode mapping
            ? new YamlMap(File, Name(key) + ".", mapping, keys)
            : throw Error(key, $"expected a mapping at line {Line(node)}, found a {Shape(node)}", $"write its keys indented below it ({string.Join(", ", keys)})");
    }

    /// <summary>A list of non-blank text values, or null when absent.</summary>
    public IReadOnlyList<string>? StringList(string key)
    {
        if (!_entries.TryGetValue(key, out var node))
        {
            return null;
        }

        if (node is YamlScalarNode { Value: null or "" })
        {
            return [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            throw Error(key, $"expected a list at line {Line(node)}, found a {Shape(node)}", "write one '- item' per line, or [] for none");
        }

        var items = new List<string>();
        foreach (var item in sequence.Children)
        {
            if (item is not YamlScalarNode { Value: { } value } || string.IsNullOrWhiteSpace(value))
            {
                throw Error(key, $"item at line {Line(item)} is not a text value", "write each item as one plain or quoted value");
            }

            items.Add(value);
        }

        return items;
    }

    /// <summary>A mapping of names to text values (any names), or null when absent.</summary>
    public IReadOnlyDictionary<string, string>? StringMap(string key)
    {
        if (!_entries.TryGetValue(key, out var node))
        {
            return null;
        }

        if (node is not YamlMappingNode mapping)
        {
            throw Error(key, $"expected a mapping at line {Line(node)}, found a {Shape(node)}", "write one 'name: value' per line indented below it");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in mapping.Children)
        {
            if (name is not YamlScalarNode { Value: { Length: > 0 } text } || value is not YamlScalarNode { Value: { Length: > 0 } item })
            {
                throw Error(key, $"the entry at line {Line(name)} is not 'name: value'", "write one 'name: value' per line, both plain text");
            }

            values[text] = item;
        }

        return values;
    }

    /// <summary>The line of a key's value (or of the mapping when the key is absent).</summary>
    public int LineOf(string key) => _entries.TryGetValue(key, out var node) ? Line(node) : Line(_node);

    private static int Line(YamlNode node) => (int)node.Start.Line;

    private static string Shape(YamlNode node) => node switch
    {
        YamlMappingNode => "mapping",
        YamlSequenceNode => "list",
        _ => "text value",
    };
}
