using Leviathan.Persistence.Database;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Leviathan.Persistence.Migrations;

/// <summary>API keys of the HTTP service: only a SHA-256 hash of each key is kept, never the key.</summary>
[DbContext(typeof(TraceDbContext))]
[Migration("20261205000005_ApiKeys")]
internal sealed class M005_ApiKeys : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "api_keys",
            columns: table => new
            {
                id = table.Column<string>(maxLength: 36, nullable: false),
                name = table.Column<string>(nullable: false),
                role = table.Column<string>(nullable: false),
                hash = table.Column<string>(nullable: false),
                prefix = table.Column<string>(nullable: false),
                created_at = table.Column<long>(nullable: false),
                revoked_at = table.Column<long>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_api_keys", x => x.id));

        migrationBuilder.CreateIndex(name: "ux_api_keys_hash", table: "api_keys", column: "hash", unique: true);
        migrationBuilder.CreateIndex(name: "ix_api_keys_name", table: "api_keys", column: "name");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "api_keys");
    }
}
