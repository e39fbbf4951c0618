using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoingHome.LastingHomes.Data.Migrations
{
    /// <inheritdoc />
    public partial class AuditHashChain : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ChainPosition",
                table: "audit_log",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "Hash",
                table: "audit_log",
                type: "bytea",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_audit_log_ChainPosition",
                table: "audit_log",
                column: "ChainPosition",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_audit_log_UserId_OccurredAt",
                table: "audit_log",
                columns: new[] { "UserId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_unsealed",
                table: "audit_log",
                column: "Id",
                filter: "\"ChainPosition\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_audit_log_ChainPosition",
                table: "audit_log");

            migrationBuilder.DropIndex(
                name: "IX_audit_log_UserId_OccurredAt",
                table: "audit_log");

            migrationBuilder.DropIndex(
                name: "ix_audit_unsealed",
                table: "audit_log");

            migrationBuilder.DropColumn(
                name: "ChainPosition",
                table: "audit_log");

            migrationBuilder.DropColumn(
                name: "Hash",
                table: "audit_log");
        }
    }
}
