using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoingHome.Case.Data.Migrations
{
    /// <inheritdoc />
    public partial class ChildListOrderIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_children_FamilyName_GivenName",
                table: "children");

            migrationBuilder.CreateIndex(
                name: "IX_children_FamilyName_GivenName_Id",
                table: "children",
                columns: new[] { "FamilyName", "GivenName", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_children_FamilyName_GivenName_Id",
                table: "children");

            migrationBuilder.CreateIndex(
                name: "IX_children_FamilyName_GivenName",
                table: "children",
                columns: new[] { "FamilyName", "GivenName" });
        }
    }
}
