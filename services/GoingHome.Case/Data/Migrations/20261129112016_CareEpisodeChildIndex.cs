using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoingHome.Case.Data.Migrations
{
    /// <inheritdoc />
    public partial class CareEpisodeChildIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_care_episodes_ChildId_StartDate",
                table: "care_episodes",
                columns: new[] { "ChildId", "StartDate" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_care_episodes_ChildId_StartDate",
                table: "care_episodes");
        }
    }
}
