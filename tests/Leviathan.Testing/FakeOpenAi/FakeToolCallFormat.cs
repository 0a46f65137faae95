namespace Leviathan.Testing.FakeOpenAi;

/// <summary>How the fake server writes a scripted tool call into the reply's text, as local servers without native tool calls do.</summary>
public enum FakeToolCallFormat
{
    /// <summary><c>&lt;tool_call&gt;{"name": …, "arguments": {…}}&lt;/tool_call&gt;</c> (Hermes, Qwen).</summary>
    Hermes,

    /// <summary><c>[TOOL_CALLS] [{"name": …, "arguments": {…}}]</c> (Mistral).</summary>
    Mistral,

    /// <summary>A <c>```json</c> block holding <c>{"name": …, "arguments": {…}}</c>.</summary>
    JsonBlock,

    /// <summary><c>&lt;function=name&gt;{…}&lt;/function&gt;</c> (Llama 3.x).</summary>
    Llama,

    /// <summary>A thought, then <c>Action: name</c> and <c>Action Input: {…}</c>.</summary>
    ReAct,
}
