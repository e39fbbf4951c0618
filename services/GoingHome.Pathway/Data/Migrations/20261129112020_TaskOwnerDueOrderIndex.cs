using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoingHome.Pathway.Data.Migrations
{
    /// <inheritdoc />
    public partial class TaskOwnerDueOrderIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_pathway_tasks_OwnerId_Status_DueAt",
                table: "pathway_tasks");

            migrationBuilder.CreateIndex(
                name: "IX_pathway_tasks_OwnerId_DueAt_Id",
                table: "pathway_tasks",
                columns: new[] { "OwnerId", "DueAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_pathway_tasks_OwnerId_DueAt_Id",
                table: "pathway_tasks");

            migrationBuilder.CreateIndex(
                name: "IX_pathway_tasks_OwnerId_Status_DueAt",
                table: "pathway_tasks",
                columns: new[] { "OwnerId", "Status", "DueAt" });
        }
    }
}
