using System.Text.Json;

namespace Leviathan.Cli.Tests;

/// <summary><c>bench solve</c> names the control profile of every motor of the written solution, and how many candidates had waypoint controls.</summary>
public sealed class BenchSolveControlsTests
{
    private static string ParkedRelay => Path.Combine(Leviathan.Testing.RepositoryRoot.Path, "tests", "Leviathan.Engineering.Tests", "Data", "relay-parked-20", "benchmark.json");

    [Fact]
    public async Task Solve_RelayWithAParkedPusher_NamesEachMotorsControlProfileAndWritesTheWaypoints()
    {
        using var cli = new CliHarness();
        var output = Path.Combine(cli.Scratch, "text");

        var solve = await cli.RunAsync("bench", "solve", ParkedRelay, "--out", output, "--max-candidates", "8");

        // 8 ramp candidates fail; the first waypoint draws (4 more, 30% of 8 rounded up to a batch) solve it.
        solve.ExitCode.ShouldBe(0, solve.Stdout + solve.Stderr);
        var lines = solve.Stdout.Split('\n');
        lines[0].ShouldStartWith("SOLVED 'relay-parked-20' after 12 candidates (4 with waypoint controls) and ");
        lines.ShouldContain(l => l.StartsWith("  control lifter: ramp 0 → ", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith("  control pusher: waypoints (retreat then stroke): 0 at 0 s, -0.", StringComparison.Ordinal));
        using (var written = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "solution.json"))))
        {
            var pusher = written.RootElement.GetProperty("controls").EnumerateArray().Single(c => c.GetProperty("motor").GetString() == "pusher");
            pusher.GetProperty("profile").GetString().ShouldBe("waypoints");
            pusher.GetProperty("points").GetArrayLength().ShouldBeGreaterThanOrEqualTo(4);
        }

        var json = await cli.RunAsync("bench", "solve", ParkedRelay, "--out", Path.Combine(cli.Scratch, "json"), "--max-candidates", "8", "--json");

        using var document = JsonDocument.Parse(json.Stdout);
        document.RootElement.GetProperty("waypoint_candidates").GetInt32().ShouldBe(4);
        document.RootElement.GetProperty("controls").EnumerateArray().Select(c => c.GetString()![..c.GetString()!.IndexOf(':', StringComparison.Ordinal)]).ShouldBe(["lifter", "pusher"]);
    }
}
