using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoingHome.Case.Data.Migrations
{
    /// <inheritdoc />
    public partial class Ssda903History : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Cin",
                table: "placements",
                type: "character varying(2)",
                maxLength: 2,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HomePost",
                table: "placements",
                type: "character varying(8)",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Pl",
                table: "placements",
                type: "character varying(2)",
                maxLength: 2,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PlPost",
                table: "placements",
                type: "character varying(8)",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PlaceProvider",
                table: "placements",
                type: "character varying(3)",
                maxLength: 3,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReasonPlaceChange",
                table: "placements",
                type: "character varying(6)",
                maxLength: 6,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Rne",
                table: "placements",
                type: "character varying(1)",
                maxLength: 1,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Urn",
                table: "placements",
                type: "character varying(8)",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Mother",
                table: "children",
                type: "character varying(1)",
                maxLength: 1,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "MotherChildDob",
                table: "children",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Sex",
                table: "children",
                type: "character varying(1)",
                maxLength: 1,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Uasc",
                table: "children",
                type: "character varying(1)",
                maxLength: 1,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Upn",
                table: "children",
                type: "character varying(13)",
                maxLength: 13,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Cin",
                table: "care_episodes",
                type: "character varying(2)",
                maxLength: 2,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Ls",
                table: "care_episodes",
                type: "character varying(2)",
                maxLength: 2,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<List<string>>(
                name: "MissingApprovalRuleIds",
                table: "care_episodes",
                type: "text[]",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Rec",
                table: "care_episodes",
                type: "character varying(3)",
                maxLength: 3,
                nullable: true);

            // Records kept before the SSDA903 history: each category's code (docs/ssda903.md), S for the first placement
            // of an episode and P for the later ones, the period's REC from the end reason, and the sex code.
            migrationBuilder.Sql("""
                UPDATE care_episodes SET "Ls" = CASE "LegalStatus"
                    WHEN 'Section20' THEN 'V2' WHEN 'InterimCareOrder' THEN 'C1' WHEN 'CareOrder' THEN 'C2'
                    WHEN 'PlacementOrder' THEN 'E1' WHEN 'PoliceProtection' THEN 'L1' WHEN 'EmergencyProtectionOrder' THEN 'L2' ELSE 'V2' END;
                UPDATE care_episodes SET "Rec" = CASE "EndReason"
                    WHEN 'ReturnedHome' THEN 'E4A' WHEN 'SpecialGuardianship' THEN 'E48' WHEN 'ChildArrangementsOrder' THEN 'E41'
                    WHEN 'Adopted' THEN 'E11' WHEN 'Age18' THEN 'E17' WHEN 'LegalStatusChanged' THEN 'X1' ELSE 'E8' END
                    WHERE "EndDate" IS NOT NULL;
                UPDATE placements SET "Pl" = CASE "CarerType" WHEN 'Foster' THEN 'U6' WHEN 'Kinship' THEN 'U3' WHEN 'Residential' THEN 'K2' ELSE 'Z1' END;
                UPDATE placements p SET "Rne" = CASE WHEN p."StartDate" = (SELECT min(q."StartDate") FROM placements q WHERE q."EpisodeId" = p."EpisodeId") THEN 'S' ELSE 'P' END;
                UPDATE children SET "Sex" = CASE "Gender" WHEN 'Male' THEN '1' WHEN 'Female' THEN '2' END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Cin",
                table: "placements");

            migrationBuilder.DropColumn(
                name: "HomePost",
                table: "placements");

            migrationBuilder.DropColumn(
                name: "Pl",
                table: "placements");

            migrationBuilder.DropColumn(
                name: "PlPost",
                table: "placements");

            migrationBuilder.DropColumn(
                name: "PlaceProvider",
                table: "placements");

            migrationBuilder.DropColumn(
                name: "ReasonPlaceChange",
                table: "placements");

            migrationBuilder.DropColumn(
                name: "Rne",
                table: "placements");

            migrationBuilder.DropColumn(
                name: "Urn",
                table: "placements");

            migrationBuilder.DropColumn(
                name: "Mother",
                table: "children");

            migrationBuilder.DropColumn(
                name: "MotherChildDob",
                table: "children");

            migrationBuilder.DropColumn(
                name: "Sex",
                table: "children");

            migrationBuilder.DropColumn(
                name: "Uasc",
                table: "children");

            migrationBuilder.DropColumn(
                name: "Upn",
                table: "children");

            migrationBuilder.DropColumn(
                name: "Cin",
                table: "care_episodes");

            migrationBuilder.DropColumn(
                name: "Ls",
                table: "care_episodes");

            migrationBuilder.DropColumn(
                name: "MissingApprovalRuleIds",
                table: "care_episodes");

            migrationBuilder.DropColumn(
                name: "Rec",
                table: "care_episodes");
        }
    }
}
