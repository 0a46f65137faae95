using System.Text.Json;
using Leviathan.Models.ToolCalls;
using Microsoft.Extensions.AI;

namespace Leviathan.Models.Tests.ToolCalls;

public sealed class TextToolCallParserTests
{
    private static readonly HashSet<string> Tools = ["read_file", "write_file", "run_command", "finish"];

    [Fact]
    public void Parse_HermesBlocksAfterAThought_ReturnsEachCallAndTheThought()
    {
        const string text = """
            I'll read the file first, then run the tests.
            <tool_call>
            {"name": "read_file", "arguments": {"path": "calc.py"}}
            </tool_call>
            <tool_call>
            {"name": "run_command", "arguments": {"command": "pytest -q"}}
            </tool_call>
            """;

        var parse = TextToolCallParser.Parse(text, Tools);

        parse.Format.ShouldBe(TextToolCallFormats.Hermes);
        parse.Thought.ShouldBe("I'll read the file first, then run the tests.");
        parse.Calls.Select(c => c.Name).ShouldBe(["read_file", "run_command"]);
        Argument(parse.Calls[0], "path").ShouldBe("calc.py");
        Argument(parse.Calls[1], "command").ShouldBe("pytest -q");
    }

    [Fact]
    public void Parse_HermesArgumentsHoldingTheClosingTagAndBraces_KeepsTheWholeString()
    {
        const string text = """<tool_call>{"name": "write_file", "arguments": {"path": "a.py", "content": "s = '</tool_call>' + '}{'\nd = {\"k\": [1, {}]}\n"}}</tool_call>""";

        var parse = TextToolCallParser.Parse(text, Tools);

        parse.Calls.ShouldHaveSingleItem().Problem.ShouldBeNull();
        Argument(parse.Calls[0], "content").ShouldBe("s = '</tool_call>' + '}{'\nd = {\"k\": [1, {}]}\n");
        parse.Thought.ShouldBeEmpty();
    }

    [Fact]
    public void Parse_HermesWithoutClosingTagAtTheEnd_ReadsTheCall()
    {
        var parse = TextToolCallParser.Parse("<tool_call>\n{\"name\": \"finish\", \"arguments\": {\"summary\": \"done\"}}", Tools);

        parse.Calls.ShouldHaveSingleItem().Name.ShouldBe("finish");
        parse.Calls[0].Problem.ShouldBeNull();
    }

    [Fact]
    public void Parse_HermesBrokenJson_ReturnsABrokenCallNamingTheTool()
    {
        var parse = TextToolCallParser.Parse("Fixing it.\n<tool_call>\n{\"name\": \"write_file\", \"arguments\": {\"path\": \"calc.py\", \"content\": \n</tool_call>", Tools);

        var call = parse.Calls.ShouldHaveSingleItem();
        call.Name.ShouldBe("write_file");
        call.Problem.ShouldNotBeNull();
        call.ArgumentsText.ShouldContain("\"path\": \"calc.py\"");
        parse.Thought.ShouldBe("Fixing it.");
    }

    [Fact]
    public void Parse_HermesObjectWithoutAName_ReturnsABrokenCall()
    {
        var parse = TextToolCallParser.Parse("<tool_call>{\"arguments\": {\"path\": \"x\"}}</tool_call>", Tools);

        var call = parse.Calls.ShouldHaveSingleItem();
        call.Name.ShouldBeNull();
        call.Problem!.ShouldContain("names no tool");
    }

    [Fact]
    public void Parse_MistralList_ReturnsEveryCall()
    {
        var parse = TextToolCallParser.Parse("[TOOL_CALLS] [{\"name\": \"read_file\", \"arguments\": {\"path\": \"a\"}}, {\"name\": \"read_file\", \"arguments\": {\"path\": \"b\"}}]", Tools);

        parse.Format.ShouldBe(TextToolCallFormats.Mistral);
        parse.Calls.Select(c => Argument(c, "path")).ShouldBe(["a", "b"]);
    }

    [Fact]
    public void Parse_MistralNameArgsForm_ReturnsTheCalls()
    {
        var parse = TextToolCallParser.Parse("[TOOL_CALLS]read_file[ARGS]{\"path\": \"a\"}[TOOL_CALLS]finish[ARGS]{\"summary\": \"ok\"}", Tools);

        parse.Calls.Select(c => c.Name).ShouldBe(["read_file", "finish"]);
        parse.Calls.ShouldAllBe(c => c.Problem == null);
    }

    [Fact]
    public void Parse_MistralArgumentsAsAString_ReadsTheJsonInside()
    {
        var parse = TextToolCallParser.Parse("[TOOL_CALLS] [{\"name\": \"read_file\", \"arguments\": \"{\\\"path\\\": \\\"a\\\"}\"}]", Tools);

        Argument(parse.Calls.Single(), "path").ShouldBe("a");
    }

    [Fact]
    public void Parse_JsonFencedBlockWithToolAndArgsKeys_ReturnsTheCallAndTheThought()
    {
        const string text = "The test fails because add subtracts.\n\n```json\n{\"tool\": \"read_file\", \"args\": {\"path\": \"calc.py\"}}\n```";

        var parse = TextToolCallParser.Parse(text, Tools);

        parse.Format.ShouldBe(TextToolCallFormats.Json);
        parse.Calls.ShouldHaveSingleItem().Name.ShouldBe("read_file");
        parse.Thought.ShouldBe("The test fails because add subtracts.");
    }

    [Fact]
    public void Parse_JsonBlockThatIsNotACall_IsLeftAsText()
    {
        const string text = "The config should be:\n```json\n{\"name\": \"my-package\", \"version\": \"1.0.0\"}\n```";

        var parse = TextToolCallParser.Parse(text, Tools);

        parse.Calls.ShouldBeEmpty();
        parse.Thought.ShouldBe(text);
    }

    [Fact]
    public void Parse_BareJsonObjectAfterProse_ReturnsTheCall()
    {
        var parse = TextToolCallParser.Parse("I will run the tests.\n{\"name\": \"run_command\", \"parameters\": {\"command\": \"make test\"}}", Tools);

        parse.Format.ShouldBe(TextToolCallFormats.Json);
        Argument(parse.Calls.Single(), "command").ShouldBe("make test");
        parse.Thought.ShouldBe("I will run the tests.");
    }

    [Fact]
    public void Parse_OpenAiShapedObject_ReadsTheNestedFunction()
    {
        var parse = TextToolCallParser.Parse("```json\n{\"type\": \"function\", \"function\": {\"name\": \"finish\", \"arguments\": {\"summary\": \"ok\"}}}\n```", Tools);

        parse.Calls.Single().Name.ShouldBe("finish");
    }

    [Fact]
    public void Parse_LlamaFunctionTags_ReturnsEachCall()
    {
        var parse = TextToolCallParser.Parse("Let me look.\n<function=read_file>{\"path\": \"calc.py\"}</function>\n<function=run_command>{\"command\": \"ls {a,b}\"}</function>", Tools);

        parse.Format.ShouldBe(TextToolCallFormats.Llama);
        parse.Calls.Select(c => c.Name).ShouldBe(["read_file", "run_command"]);
        Argument(parse.Calls[1], "command").ShouldBe("ls {a,b}");
        parse.Thought.ShouldBe("Let me look.");
    }

    [Fact]
    public void Parse_QwenCoderParametersInAToolCallWrapper_ReturnsStringArguments()
    {
        const string text = "<tool_call>\n<function=write_file>\n<parameter=path>\ncalc.py\n</parameter>\n<parameter=content>\ndef add(a, b):\n    return a + b\n</parameter>\n</function>\n</tool_call>";

        var parse = TextToolCallParser.Parse(text, Tools);

        parse.Format.ShouldBe(TextToolCallFormats.Llama);
        var call = parse.Calls.ShouldHaveSingleItem();
        Argument(call, "path").ShouldBe("calc.py");
        Argument(call, "content").ShouldBe("def add(a, b):\n    return a + b");
        parse.Thought.ShouldBeEmpty();
    }

    [Fact]
    public void Parse_ReActThoughtAndAction_ReturnsOneCallWithTheThought()
    {
        const string text = "Thought: The test imports add from calc.py; I should read it.\nAction: read_file\nAction Input: {\"path\": \"calc.py\"}";

        var parse = TextToolCallParser.Parse(text, Tools);

        parse.Format.ShouldBe(TextToolCallFormats.ReAct);
        Argument(parse.Calls.Single(), "path").ShouldBe("calc.py");
        parse.Thought.ShouldBe("The test imports add from calc.py; I should read it.");
    }

    [Fact]
    public void Parse_ReActWithAnUnknownAction_IsLeftAsText()
    {
        var parse = TextToolCallParser.Parse("Action: celebrate\nAction Input: {}", Tools);

        parse.Calls.ShouldBeEmpty();
    }

    [Fact]
    public void Parse_CallInsideAThinkBlock_IsNotACall()
    {
        var parse = TextToolCallParser.Parse("<think>maybe <tool_call>{\"name\": \"finish\", \"arguments\": {}}</tool_call>?</think>\nNot yet: I need to look first.", Tools);

        parse.Calls.ShouldBeEmpty();
    }

    [Fact]
    public void Parse_PlainProse_FindsNothing()
    {
        var parse = TextToolCallParser.Parse("The function add() subtracts; it should add. {This} is [not] a call: fine.", Tools);

        parse.Format.ShouldBeNull();
        parse.Calls.ShouldBeEmpty();
    }

    [Fact]
    public void ToContents_BrokenCall_CarriesTheSameErrorAsABrokenNativeCall()
    {
        const string text = "<tool_call>{\"name\": \"write_file\", \"arguments\": {\"path\": \"calc.py\"</tool_call>";
        var parse = TextToolCallParser.Parse(text, Tools);

        var call = TextToolCallParser.ToContents(parse, text).OfType<FunctionCallContent>().Single();

        call.HasMalformedArguments().ShouldBeTrue();
        call.GetTextFormat().ShouldBe(TextToolCallFormats.Hermes);
        var error = call.DescribeArgumentsError()!;
        error.ShouldContain("Your tool call to 'write_file'");
        error.ShouldContain("<tool_call>{\"name\": \"TOOL\", \"arguments\": {…}}</tool_call>");
        error.ShouldContain("\"path\": \"calc.py\"");
    }

    [Fact]
    public void ToContents_SameText_GivesTheSameCallIds()
    {
        const string text = "<tool_call>{\"name\": \"finish\", \"arguments\": {}}</tool_call>";

        var first = TextToolCallParser.ToContents(TextToolCallParser.Parse(text, Tools), text).OfType<FunctionCallContent>().Single();
        var second = TextToolCallParser.ToContents(TextToolCallParser.Parse(text, Tools), text).OfType<FunctionCallContent>().Single();

        second.CallId.ShouldBe(first.CallId);
        first.HasMalformedArguments().ShouldBeFalse();
    }

    [Fact]
    public void ToContents_ArgumentsThatAreNotAnObject_AreMalformedLikeNativeOnes()
    {
        const string text = "<function=read_file>[\"calc.py\"]</function>";
        var parse = TextToolCallParser.Parse(text, Tools);

        var call = TextToolCallParser.ToContents(parse, text).OfType<FunctionCallContent>().Single();

        call.HasMalformedArguments().ShouldBeTrue();
        call.DescribeArgumentsError()!.ShouldContain("<function=TOOL>{…}</function>");
    }

    private static string? Argument(TextToolCall call, string name)
    {
        using var document = JsonDocument.Parse(call.ArgumentsText);
        return document.RootElement.GetProperty(name).GetString();
    }
}
