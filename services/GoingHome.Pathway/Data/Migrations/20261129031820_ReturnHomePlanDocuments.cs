using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoingHome.Pathway.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReturnHomePlanDocuments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PlanDocumentId",
                table: "section20_returns",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "PlanDocumentId",
                table: "pathways",
                type: "text",
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PlanDocumentId",
                table: "section20_returns");

            migrationBuilder.DropColumn(
                name: "PlanDocumentId",
                table: "pathways");
        }
    }
}
