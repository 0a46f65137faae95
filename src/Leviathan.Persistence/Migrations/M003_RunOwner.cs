using Leviathan.Persistence.Database;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Leviathan.Persistence.Migrations;

/// <summary>The process that owns a running run (host, pid, start mark), so that a run whose process died is seen as interrupted.</summary>
[DbContext(typeof(TraceDbContext))]
[Migration("20261204000003_RunOwner")]
internal sealed class M003_RunOwner : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "owner_host", table: "runs", nullable: true);
        migrationBuilder.AddColumn<int>(name: "owner_pid", table: "runs", nullable: true);
        migrationBuilder.AddColumn<string>(name: "owner_start", table: "runs", nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "owner_start", table: "runs");
        migrationBuilder.DropColumn(name: "owner_pid", table: "runs");
        migrationBuilder.DropColumn(name: "owner_host", table: "runs");
    }
}
