using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoingHome.Notifications.Data.Migrations
{
    /// <inheritdoc />
    public partial class WebhookOwnerRole : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "OwnerRole",
                table: "webhook_subscriptions",
                type: "text",
                nullable: false,
                defaultValue: "");

            // Subscriptions made before the owner's role was kept are treated as an admin's, which carry no child's
            // data (ACC-4): failing closed, an integrator subscribes again to receive it.
            migrationBuilder.Sql("UPDATE webhook_subscriptions SET \"OwnerRole\" = 'admin'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "OwnerRole",
                table: "webhook_subscriptions");
        }
    }
}
