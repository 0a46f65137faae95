using Leviathan.Persistence.Database;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Leviathan.Persistence.Migrations;

/// <summary>The durable job queue: queued, running under a lease kept alive by heartbeats, done with an outcome.</summary>
[DbContext(typeof(TraceDbContext))]
[Migration("20261205000006_Jobs")]
internal sealed class M006_Jobs : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "jobs",
            columns: table => new
            {
                id = table.Column<string>(maxLength: 36, nullable: false),
                kind = table.Column<string>(nullable: false),
                state = table.Column<string>(nullable: false),
                payload = table.Column<string>(nullable: false),
                key_id = table.Column<string>(maxLength: 36, nullable: true),
                run_id = table.Column<string>(maxLength: 36, nullable: true),
                attempts = table.Column<int>(nullable: false),
                max_attempts = table.Column<int>(nullable: false),
                lease_owner = table.Column<string>(nullable: true),
                lease_expires_at = table.Column<long>(nullable: true),
                heartbeat_at = table.Column<long>(nullable: true),
                created_at = table.Column<long>(nullable: false),
                started_at = table.Column<long>(nullable: true),
                ended_at = table.Column<long>(nullable: true),
                outcome = table.Column<string>(nullable: true),
                reason = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_jobs", x => x.id));

        migrationBuilder.CreateIndex(name: "ix_jobs_state_created_at", table: "jobs", columns: ["state", "created_at"]);
        migrationBuilder.CreateIndex(name: "ix_jobs_key_id_state", table: "jobs", columns: ["key_id", "state"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "jobs");
    }
}
