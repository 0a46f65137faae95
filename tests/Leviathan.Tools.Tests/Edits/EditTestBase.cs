using System.Text;
using Leviathan.Testing;
using Leviathan.Tools.Edits;
using Leviathan.Tools.Workspace;

namespace Leviathan.Tools.Tests.Edits;

public abstract class EditTestBase : IDisposable
{
    protected TempDirectory Dir { get; } = new();

    public void Dispose()
    {
        Dir.Dispose();
        GC.SuppressFinalize(this);
    }

    protected void Write(string path, string content)
    {
        var full = Dir.Combine(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content, new UTF8Encoding(false));
    }

    protected string Read(string path) => File.ReadAllText(Dir.Combine(path));

    protected bool Exists(string path) => File.Exists(Dir.Combine(path));

    protected EditReport Apply(string edit) => EditEngine.Apply(new WorkspaceRoot(Dir.Path), edit);

    /// <summary>Every file under the workspace with its bytes, to prove that nothing changed.</summary>
    protected Dictionary<string, string> Snapshot() =>
        Directory.EnumerateFiles(Dir.Path, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(Dir.Path, f), f => Convert.ToBase64String(File.ReadAllBytes(f)));

    protected void RunCase(EditCase row)
    {
        foreach (var (path, content) in row.Before)
        {
            Write(path, content);
        }

        var before = Snapshot();
        var report = Apply(row.Edit);
        if (row.Refusals is not null)
        {
            report.Succeeded.ShouldBeFalse($"{row.Name} should be refused but applied:\n{report.Describe()}");
            Snapshot().ShouldBe(before, $"{row.Name}: a refused edit changed files");
            var text = report.Describe();
            text.ShouldStartWith("No files were changed");
            foreach (var fragment in row.Refusals)
            {
                text.ShouldContain(fragment, Case.Sensitive, $"{row.Name}: message was\n{text}");
            }

            return;
        }

        report.Succeeded.ShouldBeTrue($"{row.Name} failed:\n{report.Describe()}");
        foreach (var (path, content) in row.After!)
        {
            if (content is null)
            {
                Exists(path).ShouldBeFalse($"{row.Name}: {path} should be deleted");
            }
            else
            {
                Read(path).ShouldBe(content, $"{row.Name}: {path}");
            }
        }

        if (row.Note is not null)
        {
            report.Describe().ShouldContain(row.Note, Case.Sensitive);
        }
        else
        {
            report.Blocks.ShouldAllBe(b => b.Message == null);
        }

        Directory.EnumerateFiles(Dir.Path, "*.tmp", SearchOption.AllDirectories).ShouldBeEmpty();
    }
}
