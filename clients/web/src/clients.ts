import { createClient, type Client } from "@connectrpc/connect";
import type { DescService } from "@bufbuild/protobuf";
import { ApprovalsService } from "./gen/goinghome/approvals/v1/approvals_pb.js";
import { AssessmentService } from "./gen/goinghome/assessment/v1/assessment_pb.js";
import { CaseService } from "./gen/goinghome/case/v1/case_pb.js";
import { LastingHomesService } from "./gen/goinghome/lastinghomes/v1/lasting_homes_pb.js";
import { NotificationsService } from "./gen/goinghome/notifications/v1/notifications_pb.js";
import { PathwayService } from "./gen/goinghome/pathway/v1/pathway_pb.js";
import { createGoingHomeTransport, type TokenSource } from "./transport.js";

export const serviceNames = ["case", "approvals", "assessment", "notifications", "pathway", "lastinghomes"] as const;
export type ServiceName = (typeof serviceNames)[number];

/** Each service's web address (gRPC-Web), e.g. `{ case: "http://127.0.0.1:5201", ... }`. */
export type ServiceUrls = Record<ServiceName, string>;

/** One typed client per service, all calling with the same token. */
export function createGoingHomeClients(urls: ServiceUrls, token: TokenSource) {
  const connect = <T extends DescService>(service: T, name: ServiceName): Client<T> =>
    createClient(service, createGoingHomeTransport(urls[name], token));
  return {
    case: connect(CaseService, "case"),
    approvals: connect(ApprovalsService, "approvals"),
    assessment: connect(AssessmentService, "assessment"),
    notifications: connect(NotificationsService, "notifications"),
    pathway: connect(PathwayService, "pathway"),
    lastingHomes: connect(LastingHomesService, "lastinghomes"),
  };
}

export type GoingHomeClients = ReturnType<typeof createGoingHomeClients>;
