import type { AgentTrigger } from "../../src/sdk/agents";
import type { ServiceUse } from "./spec-services";
/**
 * What the offline builder understands of a prompt: the app's entities, their fields and how they
 * relate. `deriveSpec` (spec.ts) produces it from the conversation; `generateApp` (codegen/)
 * turns it into the app's source files.
 */

export type FieldType =
  | "text"
  | "longtext"
  | "number"
  | "date"
  | "datetime"
  | "status"
  | "email"
  | "url"
  | "boolean"
  | "relation";

export interface FieldSpec {
  /** A camelCase identifier, unique in its entity and never a system field (`_id`…): "dueDate". */
  key: string;
  /** How people read it: "Due date". */
  label: string;
  type: FieldType;
  required: boolean;
  /** `status` only: the values in workflow order; the first is the default for new records. */
  options?: string[];
  /** `relation` only: the `key` of the entity it points at (the field stores that record's _id). */
  relation?: string;
  /** `number` only: how to show it. */
  format?: "integer" | "decimal" | "currency" | "percent";
  /** `number` only: the bounds the prompt states ("from 1 to 5"), inclusive. */
  min?: number;
  max?: number;
  /**
   * `number` only: how people set it, where the words ask — `votes` a count raised one at a time
   * with a ▲ button ("let people vote on ideas"), `stars` a rating picked as 1…max stars.
   */
  widget?: "votes" | "stars";
  /**
   * `relation` only: what deleting the record it points at does. `block` (also when left out):
   * not while any record points at it; `cascade`: those records are deleted with it, after a
   * confirmation that says how many ("deleting a project deletes its tasks").
   */
  onDelete?: "block" | "cascade";
}

export interface EntitySpec {
  /**
   * The collection name and the route segment: lowercase plural, `[a-z][a-z0-9_]*`, at most 40
   * characters, unique in the app: "tasks", "support_tickets".
   */
  key: string;
  /** "Task", "Support ticket". */
  singular: string;
  /** "Tasks", "Support tickets". */
  plural: string;
  /** The `key` of the text field that names a record (shown as its title); always required. */
  titleField: string;
  /** 1–12 fields, the title field first. */
  fields: FieldSpec[];
  /**
   * Who may read and write it (collections.json `access`), where a request said so; otherwise
   * viewers write, and agents write only what an agent of the app works on.
   */
  access?: { viewers?: "read" | "write" | "none"; agents?: "read" | "write" };
  /**
   * How its page shows the records, where the data and the words ask for more than the table:
   * a board of `field` (a status) columns, a calendar on `field` (a date or date-time), or a
   * checklist ticking `field` (a boolean). Absent: the table list.
   */
  view?: EntityView;
}

export type ViewKind = "board" | "calendar" | "checklist";

export type EntityView =
  | { kind: "board"; field: string }
  | { kind: "calendar"; field: string }
  | { kind: "checklist"; field: string };

export interface AgentSpec {
  /** kebab-case identifier, unique in the app: "triage-assistant". */
  id: string;
  name: string;
  /** One sentence: what the agent does for the team. */
  description: string;
  /** What the agent is told to do when it runs. */
  instructions: string;
  /** Entity keys the agent reads and writes. */
  collections: string[];
  /** When it runs, as the request's words imply; manual only when left out. */
  triggers?: AgentTrigger[];
}

export interface AppSpec {
  /** A short product name: "Support desk". */
  name: string;
  /** One sentence a user would recognise as their request, restated. */
  summary: string;
  /** 1–6 entities; the first is the app's main one. */
  entities: EntitySpec[];
  /** Whether the app opens on a dashboard of counts (true when it has statuses or several entities). */
  dashboard: boolean;
  /** Agents the prompt asked for; empty when it asked for none. */
  agents: AgentSpec[];
  /** Words of the request the builder could not place on an entity, said in the plan. */
  unplaced?: string[];
  /** What the latest follow-up asked for that could not be done: "There is no field …". */
  notes?: string[];
  /** How the records already stored move with the latest follow-up's renames and type changes. */
  migrations?: DataMigration[];
  /** Outside services the prompt names; the agents get their tools. */
  services?: ServiceUse[];
  /** The access rules the latest follow-up set, by collection key: they need a reviewed publish. */
  rules?: AccessRuleChange[];
  /** Views computed from the records as the words ask: dashboard cards and highlighted rows. */
  computed?: ComputedView[];
}

/**
 * A view computed live from one entity's records; `entity` is its key, fields are field keys.
 * - `due`: records whose date `field` falls from today to `days` days ahead ("due in the next 7
 *   days", "due this week"); `overdue`: before today. Both leave out finished records (a status
 *   at its last option, or a done/completed checkbox ticked).
 * - `below`: records whose number `field` is under another field of the same record ("below its
 *   reorder level") or a stated number ("below 5"); highlighted in the list.
 * - `group`: records counted per value of `by` (a status, a relation or a checkbox), with the
 *   total of the number field `sum` when the words ask for one ("total amount per category").
 */
export type ComputedView =
  | { kind: "due"; entity: string; field: string; days: number }
  | { kind: "overdue"; entity: string; field: string }
  | { kind: "below"; entity: string; field: string; than: { field: string } | { value: number } }
  | { kind: "group"; entity: string; by: string; sum?: string };

export interface AccessRuleChange {
  collection: string;
  who: "viewers" | "agents";
  to: "read" | "write" | "none";
}

export type DataMigration =
  | { op: "rename-collection"; from: string; to: string }
  | { op: "rename-field"; collection: string; from: string; to: string }
  | {
      op: "retype-field";
      collection: string;
      field: string;
      type: FieldType;
      format?: FieldSpec["format"];
      options?: string[];
    };
