using Leviathan.Persistence.Database;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Leviathan.Persistence.Migrations;

/// <summary>Cancelling jobs: when a running job's cancellation was asked for (its worker, on any server, sees it at its heartbeat), and jobs found by their run.</summary>
[DbContext(typeof(TraceDbContext))]
[Migration("20261205000009_JobCancellation")]
internal sealed class M009_JobCancellation : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<long>(name: "cancel_requested_at", table: "jobs", nullable: true);
        migrationBuilder.CreateIndex(name: "ix_jobs_run_id", table: "jobs", column: "run_id");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(name: "ix_jobs_run_id", table: "jobs");
        migrationBuilder.DropColumn(name: "cancel_requested_at", table: "jobs");
    }
}
