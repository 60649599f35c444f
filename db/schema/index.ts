export * from "./app-data";
export * from "./apps";
export * from "./audit";
export * from "./memberships";
export * from "./sessions";
export * from "./teams";
export * from "./users";
export * from "./workspaces";
