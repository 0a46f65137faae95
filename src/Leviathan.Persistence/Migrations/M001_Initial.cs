using Leviathan.Persistence.Database;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Leviathan.Persistence.Migrations;

/// <summary>Runs and their events. Column types come from the CLR types, so every provider maps them itself.</summary>
[DbContext(typeof(TraceDbContext))]
[Migration("20261121000001_Initial")]
internal sealed class M001_Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "runs",
            columns: table => new
            {
                id = table.Column<string>(maxLength: 36, nullable: false),
                goal = table.Column<string>(nullable: false),
                team = table.Column<string>(nullable: false),
                model_profile = table.Column<string>(nullable: true),
                workspace = table.Column<string>(nullable: true),
                status = table.Column<string>(nullable: false),
                reason = table.Column<string>(nullable: true),
                budget_tokens = table.Column<long>(nullable: true),
                budget_cost_usd = table.Column<decimal>(nullable: true),
                budget_steps = table.Column<int>(nullable: true),
                budget_wall_ms = table.Column<long>(nullable: true),
                tokens_in = table.Column<long>(nullable: false),
                tokens_out = table.Column<long>(nullable: false),
                cost_usd = table.Column<decimal>(nullable: false),
                steps = table.Column<int>(nullable: false),
                wall_ms = table.Column<long>(nullable: false),
                created_at = table.Column<long>(nullable: false),
                started_at = table.Column<long>(nullable: true),
                ended_at = table.Column<long>(nullable: true),
                parent_run_id = table.Column<string>(maxLength: 36, nullable: true),
                prompt_versions = table.Column<string>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_runs", x => x.id));

        migrationBuilder.CreateTable(
            name: "events",
            columns: table => new
            {
                id = table.Column<string>(maxLength: 36, nullable: false),
                run_id = table.Column<string>(maxLength: 36, nullable: false),
                seq = table.Column<long>(nullable: false),
                parent_id = table.Column<string>(maxLength: 36, nullable: true),
                kind = table.Column<string>(nullable: false),
                role = table.Column<string>(nullable: true),
                payload = table.Column<string>(nullable: false),
                ts = table.Column<long>(nullable: false),
                duration_us = table.Column<long>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_events", x => x.id);
                table.ForeignKey("fk_events_runs", x => x.run_id, "runs", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("ux_events_run_seq", "events", ["run_id", "seq"], unique: true);
        migrationBuilder.CreateIndex("ix_runs_created_at", "runs", "created_at");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("events");
        migrationBuilder.DropTable("runs");
    }
}
