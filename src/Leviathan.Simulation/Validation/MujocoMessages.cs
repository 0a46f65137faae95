using System.Globalization;
using System.Text.RegularExpressions;

namespace Leviathan.Simulation.Validation;

/// <summary>Turns MuJoCo 2.2.2's load errors into findings with a code, the element and the line.</summary>
internal static partial class MujocoMessages
{
    public static ModelFinding Classify(string message)
    {
        var lines = message.Replace("\r", string.Empty, StringComparison.Ordinal)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var first = lines.Length > 0 ? lines[0] : message.Trim();

        if (first.StartsWith("XML parse error", StringComparison.Ordinal))
        {
            var line = XmlParseLine().Match(message);
            return new ModelFinding(FindingCodes.XmlParse, string.Join(' ', lines), Line: line.Success ? ParseInt(line.Groups[1].Value) : null);
        }

        var element = ElementLine().Match(message);
        var objectLine = ObjectLine().Match(message);
        string? elementName = element.Success ? element.Groups[1].Value : objectLine.Success && objectLine.Groups[1].Value.Length > 0 ? $"'{objectLine.Groups[1].Value}'" : null;
        int? lineNumber = element.Success ? ParseInt(element.Groups[2].Value) : objectLine.Success ? ParseInt(objectLine.Groups[2].Value) : null;
        if (lineNumber is <= 0)
        {
            lineNumber = null;
        }

        if (first.Contains("Include error", StringComparison.Ordinal))
        {
            var code = message.Contains("FILE_NOT_FOUND", StringComparison.Ordinal) ? FindingCodes.AssetMissing : FindingCodes.XmlParse;
            return new ModelFinding(code, string.Join(' ', lines.TakeWhile(l => !l.StartsWith("Element '", StringComparison.Ordinal))), elementName, lineNumber);
        }

        if (first.StartsWith("XML Error", StringComparison.Ordinal))
        {
            return new ModelFinding(FindingCodes.Schema, first, elementName, lineNumber);
        }

        var code2 = first.Contains("could not open", StringComparison.OrdinalIgnoreCase)
            || first.Contains("resource not found", StringComparison.OrdinalIgnoreCase)
            || first.Contains("file not found", StringComparison.OrdinalIgnoreCase)
            || first.Contains("could not read", StringComparison.OrdinalIgnoreCase)
            ? FindingCodes.AssetMissing
            : FindingCodes.Compile;
        return new ModelFinding(code2, first, elementName, lineNumber);
    }

    private static int ParseInt(string text) => int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"Element '([^']*)', line (\d+)")]
    private static partial Regex ElementLine();

    [GeneratedRegex(@"Object name = ([^,]*), id = -?\d+, line = (-?\d+)")]
    private static partial Regex ObjectLine();

    [GeneratedRegex(@"Line number=(\d+)")]
    private static partial Regex XmlParseLine();
}
