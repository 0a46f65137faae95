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

    /// <summary>Loads the embedded template of <paramref name="role"/> (one of the software team's templates).</summary>
    public static PromptTemplate Load(string role) => Load(typeof(PromptTemplate).Assembly, $"Leviathan.Agents.Prompts.{role}.md", role);

    /// <summary>
    /// Loads a template embedded in <paramref name="assembly"/> as the resource <paramref name="resourceName"/>: how a team
    /// defined in another project keeps its prompts versioned beside its code.
    /// </summary>
    public static PromptTemplate Load(Assembly assembly, string resourceName, string role)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"no embedded prompt template '{resourceName}' in {assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return Parse(role, reader.ReadToEnd(), resourceName);
    }

    /// <summary>Reads a template: a <c>version: N</c> line, a <c>---</c> line, then the text.</summary>
    /// <param name="role">The role the template is for.</param>
    /// <param name="content">The template file's content.</param>
    /// <param name="source">Where it came from, for the error message.</param>
    public static PromptTemplate Parse(string role, string content, string source)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        ArgumentNullException.ThrowIfNull(content);
        var all = content.Replace("\r\n", "\n", StringComparison.Ordinal);
        var separator = all.IndexOf("\n---\n", StringComparison.Ordinal);
        if (separator < 0 || !all.StartsWith("version: ", StringComparison.Ordinal)
            || !int.TryParse(all["version: ".Length..separator], NumberStyles.Integer, CultureInfo.InvariantCulture, out var version))
        {
            throw new InvalidDataException($"prompt template '{source}' must start with 'version: N' and a '---' line");
        }

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
