using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoingHome.Pathway.Data.Migrations
{
    /// <inheritdoc />
    public partial class Section20Consultation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ParentsConsulted",
                table: "section20_returns",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "YoungPersonRights",
                table: "section20_returns",
                type: "text",
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ParentsConsulted",
                table: "section20_returns");

            migrationBuilder.DropColumn(
                name: "YoungPersonRights",
                table: "section20_returns");
        }
    }
}
