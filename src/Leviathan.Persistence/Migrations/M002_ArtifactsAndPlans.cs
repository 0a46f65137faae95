using Leviathan.Persistence.Database;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Leviathan.Persistence.Migrations;

/// <summary>Artifacts (content-addressed files), TODO plans with their history, and a status index for listing.</summary>
[DbContext(typeof(TraceDbContext))]
[Migration("20261121000002_ArtifactsAndPlans")]
internal sealed class M002_ArtifactsAndPlans : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "artifacts",
            columns: table => new
            {
                id = table.Column<string>(maxLength: 36, nullable: false),
                run_id = table.Column<string>(maxLength: 36, nullable: false),
                event_id = table.Column<string>(maxLength: 36, nullable: true),
                sha256 = table.Column<string>(nullable: false),
                size = table.Column<long>(nullable: false),
                media_type = table.Column<string>(nullable: false),
                path = table.Column<string>(nullable: true),
                created_at = table.Column<long>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_artifacts", x => x.id);
                table.ForeignKey("fk_artifacts_runs", x => x.run_id, "runs", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "plan_items",
            columns: table => new
            {
                run_id = table.Column<string>(maxLength: 36, nullable: false),
                item_id = table.Column<string>(nullable: false),
                position = table.Column<int>(nullable: false),
                text = table.Column<string>(nullable: false),
                status = table.Column<string>(nullable: false),
                updated_at = table.Column<long>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_plan_items", x => new { x.run_id, x.item_id });
                table.ForeignKey("fk_plan_items_runs", x => x.run_id, "runs", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "plan_item_changes",
            columns: table => new
            {
                id = table.Column<string>(maxLength: 36, nullable: false),
                run_id = table.Column<string>(maxLength: 36, nullable: false),
                item_id = table.Column<string>(nullable: false),
                text = table.Column<string>(nullable: false),
                status = table.Column<string>(nullable: false),
                at = table.Column<long>(nullable: false),
                event_seq = table.Column<long>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_plan_item_changes", x => x.id);
                table.ForeignKey("fk_plan_item_changes_runs", x => x.run_id, "runs", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("ix_artifacts_run_id", "artifacts", "run_id");
        migrationBuilder.CreateIndex("ix_artifacts_sha256", "artifacts", "sha256");
        migrationBuilder.CreateIndex("ix_plan_item_changes_run_at", "plan_item_changes", ["run_id", "at"]);
        migrationBuilder.CreateIndex("ix_runs_status", "runs", "status");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("ix_runs_status", "runs");
        migrationBuilder.DropTable("plan_item_changes");
        migrationBuilder.DropTable("plan_items");
        migrationBuilder.DropTable("artifacts");
    }
}
