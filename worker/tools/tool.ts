import type { z } from "zod";
import type { BuildServices } from "../build/service";
import { ToolInputError, type Workspace } from "../workspace/paths";

export interface ToolContext extends Workspace {
  /** The build and dependency services of a real run; absent where only files are at stake. */
  build?: BuildServices;
}

export interface ToolResult {
  output: string;
  isError: boolean;
}

export interface BuilderTool {
  name: string;
  description: string;
  input: z.ZodType;
  /** The text the model sees; bad input comes back as an "Error: …" result, never a throw. */
  execute(ctx: ToolContext, input: unknown): Promise<string>;
  /** Same as execute, flagging errors for the provider's is_error field. */
  invoke(ctx: ToolContext, input: unknown): Promise<ToolResult>;
}

interface ToolSpec<S extends z.ZodType> {
  name: string;
  description: string;
  input: S;
  run(ctx: ToolContext, input: z.output<S>): Promise<string>;
}

export function defineTool<S extends z.ZodType>(spec: ToolSpec<S>): BuilderTool {
  const invoke = async (ctx: ToolContext, raw: unknown): Promise<ToolResult> => {
    const parsed = spec.input.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`);
      return {
        output: `Error: invalid input for ${spec.name}: ${issues.join("; ")}`,
        isError: true,
      };
    }
    try {
      return { output: await spec.run(ctx, parsed.data), isError: false };
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
  };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  return `${(bytes / 1024).toFixed(1)} KB`;
}
