using Leviathan.Persistence.Database;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Leviathan.Persistence.Migrations;

/// <summary>Evaluations (a suite run under configurations) and the tag on each run that says which evaluation, task, configuration and repeat it was.</summary>
[DbContext(typeof(TraceDbContext))]
[Migration("20261205000004_Evaluations")]
internal sealed class M004_Evaluations : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "evaluations",
            columns: table => new
            {
                id = table.Column<string>(maxLength: 36, nullable: false),
                suite_id = table.Column<string>(nullable: false),
                suite_path = table.Column<string>(nullable: false),
                out_dir = table.Column<string>(nullable: false),
                configurations = table.Column<string>(nullable: false),
                repeats = table.Column<int>(nullable: false),
                task_count = table.Column<int>(nullable: false),
                status = table.Column<string>(nullable: false),
                run_count = table.Column<int>(nullable: false),
                succeeded = table.Column<int>(nullable: false),
                cost_usd = table.Column<decimal>(nullable: false),
                created_at = table.Column<long>(nullable: false),
                ended_at = table.Column<long>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_evaluations", x => x.id));
        migrationBuilder.CreateIndex(name: "ix_evaluations_created_at", table: "evaluations", column: "created_at");

        migrationBuilder.AddColumn<string>(name: "evaluation_id", table: "runs", maxLength: 36, nullable: true);
        migrationBuilder.AddColumn<string>(name: "evaluation_item", table: "runs", nullable: true);
        migrationBuilder.CreateIndex(name: "ix_runs_evaluation_id", table: "runs", column: "evaluation_id");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(name: "ix_runs_evaluation_id", table: "runs");
        migrationBuilder.DropColumn(name: "evaluation_item", table: "runs");
        migrationBuilder.DropColumn(name: "evaluation_id", table: "runs");
        migrationBuilder.DropTable(name: "evaluations");
    }
}
