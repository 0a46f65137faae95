using Leviathan.Persistence.Database;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Leviathan.Persistence.Migrations;

/// <summary>The judged outcome of a run that is an evaluation's attempt (judged, failure category, judge summary), so exported runs carry it.</summary>
[DbContext(typeof(TraceDbContext))]
[Migration("20261205000007_EvaluationJudgements")]
internal sealed class M007_EvaluationJudgements : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<bool>(name: "evaluation_judged", table: "runs", nullable: true);
        migrationBuilder.AddColumn<string>(name: "evaluation_category", table: "runs", nullable: true);
        migrationBuilder.AddColumn<string>(name: "evaluation_judge_summary", table: "runs", nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "evaluation_judge_summary", table: "runs");
        migrationBuilder.DropColumn(name: "evaluation_category", table: "runs");
        migrationBuilder.DropColumn(name: "evaluation_judged", table: "runs");
    }
}
