export { bearer, createGoingHomeTransport, type TokenSource } from "./transport.js";
export { createGoingHomeClients, serviceNames, type GoingHomeClients, type ServiceName, type ServiceUrls } from "./clients.js";
export { describeError, type FieldProblem, type RpcProblem, type UnmetRule } from "./errors.js";
export { followNotifications, type FollowOptions, type StreamState } from "./live.js";
