import type { Interceptor, Transport } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";

/** A bearer token, or a function that returns the current one (so a refreshed token is used on the next call). */
export type TokenSource = string | (() => string | Promise<string>);

/** Adds `Authorization: Bearer <token>` to every call: every GoingHome method authenticates. */
export function bearer(token: TokenSource): Interceptor {
  return (next) => async (request) => {
    request.header.set("authorization", `Bearer ${typeof token === "string" ? token : await token()}`);
    return next(request);
  };
}

/** gRPC-Web to one service's web port (HTTP/1.1, the one browsers reach), binary protobuf on the wire. */
export function createGoingHomeTransport(baseUrl: string, token: TokenSource): Transport {
  return createGrpcWebTransport({ baseUrl, interceptors: [bearer(token)] });
}
