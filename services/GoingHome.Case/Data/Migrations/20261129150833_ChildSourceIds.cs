using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoingHome.Case.Data.Migrations
{
    /// <inheritdoc />
    public partial class ChildSourceIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SourceId",
                table: "children",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SourceSystem",
                table: "children",
                type: "character varying(50)",
                maxLength: 50,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_children_SourceSystem_SourceId",
                table: "children",
                columns: new[] { "SourceSystem", "SourceId" },
                unique: true,
                filter: "\"SourceSystem\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_children_SourceSystem_SourceId",
                table: "children");

            migrationBuilder.DropColumn(
                name: "SourceId",
                table: "children");

            migrationBuilder.DropColumn(
                name: "SourceSystem",
                table: "children");
        }
    }
}
