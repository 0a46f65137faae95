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

    [Fact]
    public void SchemaFor_MinLengthOnAList_BecomesMinItems()
    {
        var schema = ToolJson.SchemaFor(typeof(ListArguments));

        schema["properties"]!["reasons"]!["minItems"]!.GetValue<int>().ShouldBe(1);
        schema["properties"]!["reasons"]!.AsObject().ContainsKey("minLength").ShouldBeFalse("minLength means characters of a string, which a list has not");
        schema["properties"]!["name"]!["minLength"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public void Validate_EmptyListWhereOneItemIsNeeded_SaysItMustNotBeEmpty()
    {
        var validator = new ArgumentValidator(ToolJson.SchemaFor(typeof(ListArguments)));

        validator.Validate("""{"reasons": [], "name": "x"}""").ShouldBe(["'reasons' must not be empty"]);
        validator.Validate("""{"reasons": ["tests pass"], "name": "x"}""").ShouldBeEmpty();
    }

    [Fact]
    public void SchemaFor_OptionalArguments_SayNothingTwice()
    {
        // Optional is "not required": no "default": null; an open upper bound is left out. A real default stays.
        Property("timeout_s").AsObject().ContainsKey("default").ShouldBeFalse();
        Property("keep_going").AsObject().ContainsKey("default").ShouldBeFalse();
        Property("mode")["default"]!.GetValue<string>().ShouldBe("fast");
        var open = ToolJson.SchemaFor(typeof(OpenRangeArguments))["properties"]!["offset"]!.AsObject();
        open["minimum"]!.GetValue<double>().ShouldBe(1);
        open.ContainsKey("maximum").ShouldBeFalse();
    }

    private sealed record ListArguments(
        [property: System.ComponentModel.DataAnnotations.MinLength(1)] IReadOnlyList<string> Reasons,
        [property: System.ComponentModel.DataAnnotations.MinLength(1)] string Name);

    private sealed record OpenRangeArguments([property: System.ComponentModel.DataAnnotations.Range(1, int.MaxValue)] int? Offset = null);
}
