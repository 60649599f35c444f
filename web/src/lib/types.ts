import type { RouterOutputs } from "../../../src/api-types";

export type { Role } from "../../../src/api-types";
export type Session = RouterOutputs["auth"]["session"];
export type WorkspaceSummary = RouterOutputs["workspaces"]["list"][number];
export type Workspace = RouterOutputs["workspaces"]["get"];
export type Member = RouterOutputs["members"]["list"][number];
export type Team = RouterOutputs["teams"]["list"][number];
export type AuditEvent = RouterOutputs["audit"]["list"]["events"][number];
export type AuditEventDetail = RouterOutputs["audit"]["get"];
export type ChainReport = RouterOutputs["audit"]["verify"];
export type App = RouterOutputs["apps"]["list"][number];
export type AppDocument = RouterOutputs["data"]["get"];
export type CollectionSummary = RouterOutputs["data"]["collections"][number];
export type { LiveChange, Scope } from "../../../src/sdk/protocol";
export type AppIntegrations = RouterOutputs["integrations"]["app"];
export type IntegrationGrant = AppIntegrations["grants"][number];
