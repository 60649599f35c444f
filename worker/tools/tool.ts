import type { z } from "zod";
import type { ToolFailure } from "../../src/agents/tool-failure";
import type { BuildServices } from "../build/service";
import { ToolInputError, type Workspace } from "../workspace/paths";

export interface ToolContext extends Workspace {
  /** The build and dependency services of a real run; absent where only files are at stake. */
  build?: BuildServices;
}

export interface ToolResult {
  output: string;
  isError: boolean;
  /** Set when the output is the tool's mock data instead of a live answer. */
  mock?: { reason: string };
  /** A custom tool's failed or denied call, classified (no URL, header, secret or body). */
  failure?: ToolFailure;
}

/** A tool the agent loop can offer; C is what its calls reach (the builder's is its workspace). */
export interface BuilderTool<C = ToolContext> {
  name: string;
  description: string;
  input: z.ZodType;
  /** The text the model sees; bad input comes back as an "Error: …" result, never a throw. */
  execute(ctx: C, input: unknown): Promise<string>;
  /** Same as execute, flagging errors for the provider's is_error field. */
  invoke(ctx: C, input: unknown): Promise<ToolResult>;
  /**
   * Approval-stop tools only: what the card shows, from the valid input; a ToolInputError means no
   * card — the call is answered with the error instead.
   */
  present?(ctx: C, input: unknown): Promise<unknown>;
}

interface ToolSpec<S extends z.ZodType, C> {
  name: string;
  description: string;
  input: S;
  /** A string result, or a full ToolResult when the tool flags errors or mock data itself. */
  run(ctx: C, input: z.output<S>): Promise<string | ToolResult>;
  present?(ctx: C, input: z.output<S>): Promise<unknown>;
}

export function defineTool<S extends z.ZodType, C = ToolContext>(
  spec: ToolSpec<S, C>,
): BuilderTool<C> {
  const invoke = async (ctx: C, raw: unknown): Promise<ToolResult> => {
    const parsed = spec.input.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`);
      return {
        output: `Error: invalid input for ${spec.name}: ${issues.join("; ")}`,
        isError: true,
      };
    }
    try {
      const result = await spec.run(ctx, parsed.data);
      return typeof result === "string" ? { output: result, isError: false } : result;
    } catch (err) {
      if (err instanceof ToolInputError) return { output: `Error: ${err.message}`, isError: true };
      throw err;
    }
  };
  return {
    name: spec.name,
    description: spec.description,
    input: spec.input,
    invoke,
    execute: async (ctx, raw) => (await invoke(ctx, raw)).output,
    ...(spec.present && { present: spec.present as BuilderTool<C>["present"] }),
  };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  return `${(bytes / 1024).toFixed(1)} KB`;
}
