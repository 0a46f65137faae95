using Leviathan.Tools.Standard;

namespace Leviathan.Tools.Tests.Standard;

public sealed class StandardToolsTests
{
    [Fact]
    public void Create_OffersTheSixFileToolsByTheirExactNames()
    {
        StandardTools.Create().Select(t => t.Definition.Name)
            .ShouldBe(["read_file", "write_file", "edit_file", "apply_patch", "list_files", "search_files"]);
    }

    [Theory]
    [InlineData("read_file", new[] { "path" }, new[] { "path", "offset", "limit" })]
    [InlineData("write_file", new[] { "path", "content" }, new[] { "path", "content" })]
    [InlineData("edit_file", new[] { "path", "old_text", "new_text" }, new[] { "path", "old_text", "new_text", "replace_all" })]
    [InlineData("apply_patch", new[] { "patch" }, new[] { "patch" })]
    [InlineData("list_files", new string[0], new[] { "path", "glob" })]
    [InlineData("search_files", new[] { "pattern" }, new[] { "pattern", "path", "glob" })]
    public void Definition_Schema_HasTheDocumentedArguments(string name, string[] required, string[] all)
    {
        var schema = StandardTools.Create().Single(t => t.Definition.Name == name).Definition.InputSchema;

        var properties = schema["properties"]!.AsObject();
        properties.Select(p => p.Key).ShouldBe(all);
        (schema["required"]?.AsArray().Select(n => n!.GetValue<string>()) ?? []).ShouldBe(required);
        properties.ShouldAllBe(p => p.Value!["description"] != null);
    }
}
