import type { ServiceUrls } from "@goinghome/client";

export interface OidcSettings {
  authority: string;
  clientId: string;
  scope: string;
}

/** /config.json, written by the host: the services' addresses and how people sign in here. */
export interface AppConfig {
  services: ServiceUrls;
  signIn: { development: boolean; oidc: OidcSettings | null };
}

export async function loadConfig(): Promise<AppConfig> {
  const response = await fetch("/config.json", { cache: "no-store" });
  if (!response.ok) throw new Error(`The app's configuration could not be loaded (${response.status}).`);
  return (await response.json()) as AppConfig;
}
