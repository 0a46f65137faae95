using System.Text;
using System.Text.Json;
using Leviathan.Testing;
using Leviathan.Tools.Contract;
using Leviathan.Tools.Standard;
using Leviathan.Tools.Workspace;

namespace Leviathan.Tools.Tests.Standard;

/// <summary>Calls the standard tools the way a model does: by name, with JSON arguments, through a tool set.</summary>
public abstract class StandardToolTestBase : IDisposable
{
    private readonly ToolSet _tools = new(StandardTools.Create());

    protected TempDirectory Dir { get; } = new();

    protected TempDirectory Outside { get; } = new("leviathan-outside");

    public void Dispose()
    {
        Dir.Dispose();
        Outside.Dispose();
        GC.SuppressFinalize(this);
    }

    protected void Write(string path, string content)
    {
        var full = Dir.Combine(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content, new UTF8Encoding(false));
    }

    protected string Read(string path) => File.ReadAllText(Dir.Combine(path));

    protected Task<ToolResult> Call(string tool, object arguments) =>
        _tools.InvokeAsync(
            new ToolCall(tool, JsonSerializer.Serialize(arguments)),
            new ToolContext(new WorkspaceRoot(Dir.Path)),
            CancellationToken.None);
}
