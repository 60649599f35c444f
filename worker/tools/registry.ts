import { z } from "zod";
import { addDependencyTool } from "./add-dependency";
import { deleteFileTool } from "./delete-file";
import { doneBuildingTool } from "./done-building";
import { editFileTool } from "./edit-file";
import { listAppIntegrationKeysTool } from "./list-app-integration-keys";
import { listFilesTool } from "./list-files";
import { migrateDataTool } from "./migrate-data";
import { readFileTool } from "./read-file";
import { searchFilesTool } from "./search-files";
import type { BuilderTool, ToolContext, ToolResult } from "./tool";
import { writeFileTool } from "./write-file";

export const builderTools: readonly BuilderTool[] = [
  listFilesTool,
  readFileTool,
  writeFileTool,
  editFileTool,
  deleteFileTool,
  searchFilesTool,
  addDependencyTool,
  doneBuildingTool,
  migrateDataTool,
  listAppIntegrationKeysTool,
];

/** What a model is told about a tool; the shape of the Anthropic Messages API's tool entry. */
export interface ToolDefinition {
  name: string;
  description: string;
  input_schema: { type: "object"; [key: string]: unknown };
}

export function toolDefinitions<C>(
  tools: readonly BuilderTool<C>[] = builderTools as never,
): ToolDefinition[] {
  return tools.map((tool) => {
    // "input" so fields with defaults are optional for the model.
    const { $schema: _, ...schema } = z.toJSONSchema(tool.input, { io: "input" });
    return {
      name: tool.name,
      description: tool.description,
      input_schema: { ...schema, type: "object" },
    };
  });
}

export function findTool<C>(
  name: string,
  tools: readonly BuilderTool<C>[] = builderTools as never,
) {
  return tools.find((tool) => tool.name === name);
}

/** Runs a tool call from the model; an unknown tool is an error result, like bad input. */
export async function runTool<C = ToolContext>(
  name: string,
  ctx: C,
  input: unknown,
  tools: readonly BuilderTool<C>[] = builderTools as never,
): Promise<ToolResult> {
  const tool = findTool(name, tools);
  if (!tool) {
    const known = tools.map((t) => t.name).join(", ");
    return {
      output: `Error: there is no tool named ${name}; the tools are ${known}.`,
      isError: true,
    };
  }
  return tool.invoke(ctx, input);
}
