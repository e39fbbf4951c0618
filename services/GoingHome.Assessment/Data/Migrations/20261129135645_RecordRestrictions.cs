using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoingHome.Assessment.Data.Migrations
{
    /// <inheritdoc />
    public partial class RecordRestrictions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "record_restrictions",
                columns: table => new
                {
                    ChildId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Restricted = table.Column<bool>(type: "boolean", nullable: false),
                    UserIds = table.Column<List<string>>(type: "text[]", nullable: false),
                    TeamIds = table.Column<List<string>>(type: "text[]", nullable: false),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    ChangedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_record_restrictions", x => x.ChildId);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "record_restrictions");
        }
    }
}
