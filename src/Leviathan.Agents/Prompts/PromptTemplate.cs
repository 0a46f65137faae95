using System.Globalization;
using System.Reflection;

namespace Leviathan.Agents.Prompts;

/// <summary>
/// A role's system prompt: an embedded template with a version, so that the version in use is recorded on every run.
/// Placeholders are <c>{{name}}</c>.
/// </summary>
public sealed class PromptTemplate
{
    private PromptTemplate(string role, int version, string text)
    {
        Role = role;
        Version = version;
        Text = text;
    }

    /// <summary>The role the template is for (<c>planner</c>, <c>engineer</c>, <c>critic</c>).</summary>
    public string Role { get; }

    /// <summary>The template's version number, raised on every change to its text.</summary>
    public int Version { get; }

    /// <summary>The template text without its header.</summary>
    public string Text { get; }

    /// <summary>The version as recorded on runs, e.g. <c>planner@1</c>.</summary>
    public string VersionTag => string.Create(CultureInfo.InvariantCulture, $"{Role}@{Version}");

    /// <summary>Loads the embedded template of <paramref name="role"/>.</summary>
    public static PromptTemplate Load(string role)
    {
        var name = $"Leviathan.Agents.Prompts.{role}.md";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"no embedded prompt template '{name}'");
        using var reader = new StreamReader(stream);
        var all = reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
        var separator = all.IndexOf("\n---\n", StringComparison.Ordinal);
        if (separator < 0 || !all.StartsWith("version: ", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"prompt template '{name}' must start with 'version: N' and a '---' line");
        }

        var version = int.Parse(all["version: ".Length..separator], NumberStyles.Integer, CultureInfo.InvariantCulture);
        return new PromptTemplate(role, version, all[(separator + 5)..].TrimEnd() + "\n");
    }

    /// <summary>The text with each <c>{{key}}</c> replaced by its value.</summary>
    public string Render(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var text = Text;
        foreach (var (key, value) in values)
        {
            text = text.Replace("{{" + key + "}}", value, StringComparison.Ordinal);
        }

        return text;
    }
}
