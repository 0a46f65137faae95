using System.Text.Json;

namespace Leviathan.Cli.Tests;

public sealed class KeysCommandTests
{
    [Fact]
    public async Task CreateListRevoke_PrintsTheKeyOnce_ListsWithoutIt_AndRevokesByName()
    {
        using var cli = new CliHarness();

        var created = await cli.RunAsync("keys", "create", "--name", "ci", "--role", "operator");
        created.ExitCode.ShouldBe(0, created.Stderr);
        var key = created.Stdout.Trim();
        key.ShouldStartWith("lvk_");
        created.Stderr.ShouldContain("it is not shown again");

        var listed = await cli.RunAsync("keys", "list", "--json");
        listed.ExitCode.ShouldBe(0, listed.Stderr);
        listed.Stdout.ShouldNotContain(key);
        var item = JsonDocument.Parse(listed.Stdout).RootElement.GetProperty("items").EnumerateArray().Single();
        item.GetProperty("name").GetString().ShouldBe("ci");
        item.GetProperty("role").GetString().ShouldBe("operator");
        item.GetProperty("revoked_at").ValueKind.ShouldBe(JsonValueKind.Null);

        var revoked = await cli.RunAsync("keys", "revoke", "ci");
        revoked.ExitCode.ShouldBe(0, revoked.Stderr);
        revoked.Stdout.ShouldContain("revoked key 'ci'");
        var after = JsonDocument.Parse((await cli.RunAsync("keys", "list", "--json")).Stdout).RootElement.GetProperty("items")[0];
        after.GetProperty("revoked_at").ValueKind.ShouldBe(JsonValueKind.String);

        var again = await cli.RunAsync("keys", "revoke", "ci");
        again.ExitCode.ShouldBe(1);
        again.Stderr.ShouldContain("there is no live key named 'ci'");
    }

    [Fact]
    public async Task Create_UnknownRole_IsAUsageErrorNamingTheRoles()
    {
        using var cli = new CliHarness();
        var result = await cli.RunAsync("keys", "create", "--name", "x", "--role", "root");
        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("'root' is not a role");
        result.Stderr.ShouldContain("viewer, operator, admin");
    }

    [Fact]
    public async Task Serve_BadWorkersOrUrl_IsAUsageErrorBeforeListening()
    {
        using var cli = new CliHarness();
        var workers = await cli.RunAsync("serve", "--workers", "0");
        workers.ExitCode.ShouldBe(2);
        workers.Stderr.ShouldContain("--workers must be from 1 to 1024, not 0");

        var url = await cli.RunAsync("serve", "--urls", "ftp://127.0.0.1:21");
        url.ExitCode.ShouldBe(2);
        url.Stderr.ShouldContain("is not an http:// or https:// URL");
    }
}
