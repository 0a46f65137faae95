using System.Globalization;
using Leviathan.Tools.Contract;

namespace Leviathan.Tools.Policy;

/// <summary>
/// Refuses, before the gate reads them, the paths and commands no file system or <c>execve</c> can take:
/// a NUL character (the kernel would cut the string there, so what ran would differ from what was judged)
/// or an unpaired UTF-16 surrogate (it has no UTF-8 form, so the name created would differ from the name asked).
/// </summary>
internal static class ToolArgumentCheck
{
    /// <summary>A message the model can act on, or null when every path and command is usable.</summary>
    public static string? Problem(ToolCall call)
    {
        PolicyTargets targets;
        try
        {
            targets = PolicyTargets.From(call.Name ?? string.Empty, call.ArgumentsJson);
        }
        catch (InvalidOperationException ex)
        {
            // System.Text.Json refuses to decode an escaped unpaired surrogate (e.g. "\ud800") into a string.
            return $"The arguments of {call.Name} hold a string that is not valid text ({ex.Message}); an unpaired \\uD800-\\uDFFF escape has no UTF-8 form. Remove it and call {call.Name} again.";
        }

        if (targets.Command is { } command && Describe(command) is { } commandProblem)
        {
            return $"The command of {call.Name} {commandProblem}; a command line cannot contain it. Remove it and call {call.Name} again.";
        }

        foreach (var path in targets.Paths)
        {
            if (Describe(path) is { } pathProblem)
            {
                return $"The path \"{Printable(path)}\" of {call.Name} {pathProblem}; a file name cannot contain it. Remove it and call {call.Name} again.";
            }
        }

        return null;
    }

    private static string? Describe(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                return string.Create(CultureInfo.InvariantCulture, $"contains a NUL character (\\u0000) at position {i}");
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                return string.Create(CultureInfo.InvariantCulture, $"contains an unpaired UTF-16 surrogate (\\u{(int)c:x4}) at position {i}, which has no UTF-8 form");
            }
        }

        return null;
    }

    /// <summary>The path with control characters and lone surrogates escaped, capped so that a huge argument stays readable.</summary>
    private static string Printable(string text)
    {
        const int Max = 200;
        var builder = new System.Text.StringBuilder();
        foreach (var c in text.Length > Max ? text[..Max] : text)
        {
            if (char.IsControl(c) || char.IsSurrogate(c))
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return text.Length > Max ? builder.Append('…').ToString() : builder.ToString();
    }
}
