import { Code, ConnectError } from "@connectrpc/connect";
import { BadRequestSchema, ErrorInfoSchema, PreconditionFailureSchema } from "./gen/google/rpc/error_details_pb.js";

/** A field the server refused (INVALID_ARGUMENT): `field` is the request's field path, e.g. `rationale` or `child.given_name`. */
export interface FieldProblem {
  field: string;
  description: string;
}

/** A statutory rule a gated method found unmet (FAILED_PRECONDITION): `ruleId` such as `GH-14`. */
export interface UnmetRule {
  ruleId: string;
  subject: string;
  description: string;
}

/** What a failed call says, read from its `google.rpc.Status` details. */
export interface RpcProblem {
  code: Code;
  /** The gRPC code's name, e.g. `FAILED_PRECONDITION`. */
  codeName: string;
  message: string;
  fieldViolations: FieldProblem[];
  unmetRules: UnmetRule[];
  /** Every rule the refusal names: the unmet rules, and the rule of a refusal such as AP-7's "nobody approves their own request". */
  ruleIds: string[];
  /** `ErrorInfo.reason`, e.g. `RULE_VIOLATION`. */
  reason: string;
}

export function describeError(error: unknown): RpcProblem {
  const failure = ConnectError.from(error);
  const fieldViolations = failure.findDetails(BadRequestSchema)
    .flatMap((details) => details.fieldViolations.map(({ field, description }) => ({ field, description })));
  const unmetRules = failure.findDetails(PreconditionFailureSchema)
    .flatMap((details) => details.violations.map(({ type, subject, description }) => ({ ruleId: type, subject, description })));
  const info = failure.findDetails(ErrorInfoSchema)[0];
  const namedRules = (info?.metadata["rule_ids"] ?? "").split(",").filter((rule) => rule !== "");
  return {
    code: failure.code,
    codeName: codeName(failure.code),
    message: failure.rawMessage,
    fieldViolations,
    unmetRules,
    ruleIds: [...new Set([...unmetRules.map((rule) => rule.ruleId), ...namedRules])],
    reason: info?.reason ?? "",
  };
}

function codeName(code: Code): string {
  return Code[code].replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
}
