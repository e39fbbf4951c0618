using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoingHome.Case.Data.Migrations
{
    /// <inheritdoc />
    public partial class PlacementStartTime : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "StartAt",
                table: "placements",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "StartAt",
                table: "placements");
        }
    }
}
