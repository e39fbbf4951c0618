using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoingHome.LastingHomes.Data.Migrations
{
    /// <inheritdoc />
    public partial class CommitmentVisitRecord : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CarersCommitment",
                table: "lasting_homes",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "MeaningForChild",
                table: "lasting_homes",
                type: "text",
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CarersCommitment",
                table: "lasting_homes");

            migrationBuilder.DropColumn(
                name: "MeaningForChild",
                table: "lasting_homes");
        }
    }
}
