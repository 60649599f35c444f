export type { AgentDecl, AgentTool, CustomTool } from "../../src/sdk/agents";
export type ApprovalModeLike = "live" | "mock";
