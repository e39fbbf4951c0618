using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoingHome.LastingHomes.Data.Migrations
{
    /// <inheritdoc />
    public partial class RequestFingerprint : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "RequestHash",
                table: "idempotency_records",
                type: "bytea",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "RequestHash",
                table: "idempotency_records");
        }
    }
}
