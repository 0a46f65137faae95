namespace Leviathan.Cli.Tests;

public sealed class RobustnessProbeTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Probe()
    {
        Directory.CreateDirectory(Path.Combine(_cli.Home, "leviathan.db"));
        var r = await _cli.RunAsync("runs", "list");
        Console.WriteLine($"DIR: {r.ExitCode} {r.Stdout} {r.Stderr}");
        Directory.Delete(Path.Combine(_cli.Home, "leviathan.db"));
        r = await _cli.RunAsync("runs", "list");
        File.SetUnixFileMode(Path.Combine(_cli.Home, "leviathan.db"), UnixFileMode.UserRead);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        r = await _cli.RunAsync("runs", "list");
        Console.WriteLine($"RO list: {r.ExitCode} {r.Stdout} {r.Stderr}");
        r = await _cli.RunAsync("run", "x", "--workspace", _cli.Scratch, "--replay-cassette", "/nonexistent");
        Console.WriteLine($"RO run: {r.ExitCode} {r.Stdout} {r.Stderr}");
    }
}
