using Leviathan.Persistence.Database;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Leviathan.Persistence.Migrations;

/// <summary>What a finished job made, as JSON (a backup's record: key, sizes, checksum); null for jobs whose result is elsewhere (a run).</summary>
[DbContext(typeof(TraceDbContext))]
[Migration("20261205000010_JobResults")]
internal sealed class M010_JobResults : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(name: "result", table: "jobs", nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn(name: "result", table: "jobs");
}
