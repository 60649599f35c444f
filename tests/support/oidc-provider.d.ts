// The few parts of oidc-provider (a test-only OAuth/OIDC server) the tests use.
declare module "oidc-provider" {
  import type { Server } from "node:http";

  export interface ClientMetadata {
    client_id: string;
    client_secret?: string;
    redirect_uris: string[];
    grant_types?: string[];
    response_types?: string[];
  }
  export interface Configuration {
    clients?: ClientMetadata[];
    pkce?: { required?: (ctx: unknown, client: unknown) => boolean };
    features?: { revocation?: { enabled: boolean } };
    issueRefreshToken?: (ctx: unknown, client: unknown, code: unknown) => Promise<boolean>;
    findAccount?: (
      ctx: unknown,
      sub: string,
    ) => Promise<{ accountId: string; claims: () => Promise<Record<string, unknown>> }>;
  }
  export default class Provider {
    constructor(issuer: string, configuration?: Configuration);
    listen(port: number): Server;
    // biome-ignore lint/suspicious/noExplicitAny: event payloads differ per event
    on(event: string, listener: (...args: any[]) => void): this;
  }
}
