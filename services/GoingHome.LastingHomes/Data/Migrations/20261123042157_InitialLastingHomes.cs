using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace GoingHome.LastingHomes.Data.Migrations
{
    /// <inheritdoc />
    public partial class InitialLastingHomes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_log",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OccurredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UserId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Role = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Method = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ChildId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    RequestId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Access = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_log", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "idempotency_records",
                columns: table => new
                {
                    Method = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RequestId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    UserId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Response = table.Column<byte[]>(type: "bytea", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_idempotency_records", x => new { x.Method, x.RequestId });
                });

            migrationBuilder.CreateTable(
                name: "inbox_messages",
                columns: table => new
                {
                    Consumer = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    EventId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ProcessedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inbox_messages", x => new { x.Consumer, x.EventId });
                });

            migrationBuilder.CreateTable(
                name: "lasting_homes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    ChildId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Stage = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    CarerType = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CarerName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ResidentialExceptionEvidence = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    KinshipTimeLimited = table.Column<bool>(type: "boolean", nullable: false),
                    PrivateLawOrderConsidered = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    IroId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    IroAgreedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    TeamId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    StartedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    MatchingMeetingOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ChairId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Strengths = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Concerns = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Recommendation = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    CelebrationWish = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    ContributionPence = table.Column<long>(type: "bigint", nullable: false),
                    ApprovalRequestId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RatifiedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    VisitOn = table.Column<DateOnly>(type: "date", nullable: true),
                    VisitPlace = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    VisitAttendees = table.Column<List<string>>(type: "text[]", nullable: false),
                    ChildFileDocumentId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CarersRecordBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CelebratedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ContributionPaid = table.Column<bool>(type: "boolean", nullable: false),
                    PhotographsRequested = table.Column<bool>(type: "boolean", nullable: false),
                    StageEnteredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lasting_homes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EventId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Topic = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Type = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Envelope = table.Column<byte[]>(type: "bytea", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox_messages", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "lasting_home_guides",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    LastingHomeId = table.Column<Guid>(type: "uuid", nullable: false),
                    Guide = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    SharedWith = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SharedOn = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lasting_home_guides", x => x.Id);
                    table.ForeignKey(
                        name: "FK_lasting_home_guides_lasting_homes_LastingHomeId",
                        column: x => x.LastingHomeId,
                        principalTable: "lasting_homes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "lasting_home_preparation",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    LastingHomeId = table.Column<Guid>(type: "uuid", nullable: false),
                    Item = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Notes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    RecordedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DoneOn = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lasting_home_preparation", x => x.Id);
                    table.ForeignKey(
                        name: "FK_lasting_home_preparation_lasting_homes_LastingHomeId",
                        column: x => x.LastingHomeId,
                        principalTable: "lasting_homes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_audit_log_ChildId_OccurredAt",
                table: "audit_log",
                columns: new[] { "ChildId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_lasting_home_guides_LastingHomeId",
                table: "lasting_home_guides",
                column: "LastingHomeId");

            migrationBuilder.CreateIndex(
                name: "IX_lasting_home_preparation_LastingHomeId",
                table: "lasting_home_preparation",
                column: "LastingHomeId");

            migrationBuilder.CreateIndex(
                name: "IX_lasting_homes_ChildId",
                table: "lasting_homes",
                column: "ChildId");

            migrationBuilder.CreateIndex(
                name: "IX_lasting_homes_TeamId_Stage_StageEnteredAt",
                table: "lasting_homes",
                columns: new[] { "TeamId", "Stage", "StageEnteredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_EventId",
                table: "outbox_messages",
                column: "EventId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_unsent",
                table: "outbox_messages",
                column: "Sequence",
                filter: "\"SentAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_log");

            migrationBuilder.DropTable(
                name: "idempotency_records");

            migrationBuilder.DropTable(
                name: "inbox_messages");

            migrationBuilder.DropTable(
                name: "lasting_home_guides");

            migrationBuilder.DropTable(
                name: "lasting_home_preparation");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "lasting_homes");
        }
    }
}
