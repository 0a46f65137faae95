using System.Text.Json.Nodes;
using Leviathan.Tools.Contract;

namespace Leviathan.Tools.Tests.Contract;

public sealed class ToolSchemaTests
{
    private readonly JsonObject _schema = new SampleTool().Definition.InputSchema;

    private JsonNode Property(string name) => _schema["properties"]![name]!;

    [Fact]
    public void SchemaFor_Record_UsesSnakeCaseNamesAndDescriptions()
    {
        _schema["type"]!.GetValue<string>().ShouldBe("object");
        ((JsonObject)_schema["properties"]!).Select(p => p.Key).ShouldBe(["path", "timeout_s", "mode", "keep_going"]);
        Property("path")["description"]!.GetValue<string>().ShouldBe("File to work on, relative to the workspace.");
        Property("path")["type"]!.GetValue<string>().ShouldBe("string");
    }

    [Fact]
    public void SchemaFor_Record_RequiresOnlyParametersWithoutDefaults()
    {
        _schema["required"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldBe(["path"]);
    }

    [Fact]
    public void SchemaFor_RangeAttribute_BecomesMinimumAndMaximum()
    {
        Property("timeout_s")["minimum"]!.GetValue<double>().ShouldBe(1);
        Property("timeout_s")["maximum"]!.GetValue<double>().ShouldBe(600);
    }

    [Fact]
    public void SchemaFor_Enum_ListsSnakeCaseValues()
    {
        Property("mode")["enum"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldBe(["fast", "very_thorough"]);
    }

    [Fact]
    public void SchemaFor_Record_RefusesUnknownProperties()
    {
        _schema["additionalProperties"]!.GetValue<bool>().ShouldBeFalse();
    }
}
