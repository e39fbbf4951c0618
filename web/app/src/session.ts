import type { OidcSettings } from "./config.js";

/** Who is signed in, read from the token's claims (the services decide what the token allows; this only labels). */
export interface Person {
  id: string;
  name: string;
  roles: string[];
  teams: string[];
  expiresAt: number;
}

const tokenKey = "goinghome.token";
const pendingKey = "goinghome.oidc";
const endSessionKey = "goinghome.endSession";

/**
 * The signed-in person and their token, while the token has not expired. It is kept in session storage: gone with the
 * tab, never where another site or a later user could read it.
 */
export function currentSession(): { token: string; person: Person } | null {
  const token = sessionStorage.getItem(tokenKey);
  const person = token ? readPerson(token) : null;
  if (token && person && person.expiresAt > Date.now()) return { token, person };
  sessionStorage.removeItem(tokenKey);
  return null;
}

export function signIn(token: string): void {
  sessionStorage.setItem(tokenKey, token);
}

/**
 * The app's tabs share one sign-in for the browser session: a new tab asks the open ones (same origin only, never
 * stored anywhere longer-lived than a tab), and signing out in one signs out all.
 */
const tabs = typeof BroadcastChannel === "function" ? new BroadcastChannel("goinghome-session") : null;

/** Forgets the token, in this tab and every other tab of the app; returns the provider's sign-out address when signed in there, so single sign-on ends too. */
export function signOut(): string | null {
  const endSession = sessionStorage.getItem(endSessionKey);
  sessionStorage.removeItem(tokenKey);
  sessionStorage.removeItem(endSessionKey);
  tabs?.postMessage({ type: "signed-out" });
  return endSession;
}

/** Answers other tabs asking for the sign-in, and hears a sign-out made in any of them. */
export function shareSession(onSignedOutElsewhere: () => void): void {
  tabs?.addEventListener("message", (event: MessageEvent<{ type?: string }>) => {
    if (event.data?.type === "ask") {
      const signedIn = currentSession();
      if (signedIn) tabs.postMessage({ type: "give", token: signedIn.token, endSession: sessionStorage.getItem(endSessionKey) });
    } else if (event.data?.type === "signed-out" && sessionStorage.getItem(tokenKey)) {
      sessionStorage.removeItem(tokenKey);
      onSignedOutElsewhere();
    }
  });
}

/** A tab opened without a sign-in takes an open tab's, if one answers within a moment. */
export async function borrowSession(): Promise<void> {
  const channel = tabs;
  if (!channel || currentSession()) return;
  const given = await new Promise<{ token: string; endSession: unknown } | null>((resolve) => {
    const listen = (event: MessageEvent<{ type?: string; token?: unknown; endSession?: unknown }>) => {
      if (event.data?.type !== "give" || typeof event.data.token !== "string") return;
      clearTimeout(timer);
      channel.removeEventListener("message", listen);
      resolve({ token: event.data.token, endSession: event.data.endSession });
    };
    const timer = setTimeout(() => { channel.removeEventListener("message", listen); resolve(null); }, 300);
    channel.addEventListener("message", listen);
    channel.postMessage({ type: "ask" });
  });
  if (!given || !readPerson(given.token)) return;
  signIn(given.token);
  // Signing out in this tab ends the provider's session too, as in the tab that signed in.
  if (typeof given.endSession === "string" && given.endSession) sessionStorage.setItem(endSessionKey, given.endSession);
}

function readPerson(token: string): Person | null {
  try {
    const payload = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0)))) as Record<string, unknown>;
    const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)]);
    return {
      id: String(claims.sub ?? ""),
      name: String(claims.name ?? claims.sub ?? ""),
      roles: list(claims.role ?? claims.roles),
      teams: list(claims.team ?? claims.teams),
      expiresAt: Number(claims.exp ?? 0) * 1000,
    };
  } catch {
    return null;
  }
}

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint?: string;
}

interface PendingSignIn {
  state: string;
  verifier: string;
  tokenEndpoint: string;
  endSessionEndpoint?: string;
  returnTo: string;
}

const redirectUri = () => `${location.origin}/signed-in`;

/** OIDC authorization code flow with PKCE: no client secret in the browser, and the code is useless to anyone else. */
export async function startOidcSignIn(oidc: OidcSettings, returnTo: string): Promise<void> {
  const discovery = (await (await fetch(`${oidc.authority.replace(/\/$/, "")}/.well-known/openid-configuration`)).json()) as Discovery;
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = base64Url(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier))));
  const pending: PendingSignIn = {
    state: crypto.randomUUID(), verifier, tokenEndpoint: discovery.token_endpoint, endSessionEndpoint: discovery.end_session_endpoint, returnTo,
  };
  sessionStorage.setItem(pendingKey, JSON.stringify(pending));
  const url = new URL(discovery.authorization_endpoint);
  for (const [name, value] of Object.entries({
    response_type: "code", client_id: oidc.clientId, redirect_uri: redirectUri(), scope: oidc.scope,
    state: pending.state, code_challenge: challenge, code_challenge_method: "S256",
  })) url.searchParams.set(name, value);
  location.assign(url);
}

/** The provider's redirect back: exchanges the code for the access token the services accept. Returns where to go. */
export async function completeOidcSignIn(oidc: OidcSettings, url: URL): Promise<string> {
  const pending = JSON.parse(sessionStorage.getItem(pendingKey) ?? "null") as PendingSignIn | null;
  sessionStorage.removeItem(pendingKey);
  const code = url.searchParams.get("code");
  if (!pending || !code || url.searchParams.get("state") !== pending.state) {
    throw new Error(url.searchParams.get("error_description") ?? "The sign-in could not be completed: please start again.");
  }

  const response = await fetch(pending.tokenEndpoint, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirectUri(), client_id: oidc.clientId, code_verifier: pending.verifier }),
  });
  const tokens = (await response.json()) as { access_token?: string; error_description?: string };
  if (!response.ok || !tokens.access_token) throw new Error(tokens.error_description ?? "The sign-in service refused the sign-in.");
  signIn(tokens.access_token);
  if (pending.endSessionEndpoint) {
    const endSession = new URL(pending.endSessionEndpoint);
    endSession.searchParams.set("client_id", oidc.clientId);
    endSession.searchParams.set("post_logout_redirect_uri", `${location.origin}/sign-in`);
    sessionStorage.setItem(endSessionKey, endSession.href);
  }

  return pending.returnTo;
}

function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
