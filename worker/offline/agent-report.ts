import type { CollectionBrief } from "../runs/agent-prompt";
import {
  type AgentMove,
  firstLine,
  PLATFORM_TOOLS,
  parseJson,
  type Reading,
  readBack,
  str,
} from "./agent-decide";
import { type Doc, intentOf } from "./agent-plan";
import { composeNote, describeFacts, gist, isDone } from "./agent-words";

const titleOf = (brief: CollectionBrief, d: Doc) =>
  String(d[brief.display ?? brief.fields[0]?.name ?? "_id"] ?? d._id);

/** Records whose date has passed while they are still open, each with a next step. */
function overdue(list: Doc[], brief: CollectionBrief, today: string) {
  const dates = brief.fields.filter((f) => f.type === "date" || f.type === "datetime");
  const due = dates.find((f) => /due|deadline|end|expir/i.test(f.name)) ?? dates[0];
  if (!due || !today) return null;
  const status = brief.fields.find((f) => f.type === "select");
  const late = list.filter((d) => {
    const day = str(d[due.name])?.slice(0, 10);
    return day !== undefined && day < today && !(status && isDone(d[status.name]));
  });
  if (late.length === 0) return `Nothing is past its ${due.label ?? due.name}.`;
  const shown = late.slice(0, 10).map((d) => {
    const state = status ? str(d[status.name]) : undefined;
    return `“${titleOf(brief, d)}” (${due.label ?? due.name} ${String(d[due.name]).slice(0, 10)}${state ? `, ${state}` : ""}): follow up with its owner`;
  });
  return `${late.length} past their ${due.label ?? due.name}: ${shown.join("; ")}${late.length > 10 ? "; …" : ""}.`;
}

/** Records at or below their reorder point (or the lowest stock when none is declared). */
function lowStock(list: Doc[], brief: CollectionBrief) {
  const qty = brief.fields.find(
    (f) =>
      (f.type === "integer" || f.type === "number") &&
      /qty|quantity|stock|on_?hand|count/i.test(f.name),
  );
  if (!qty) return null;
  const point = brief.fields.find(
    (f) => /reorder|minimum|min_?stock|threshold/i.test(f.name) && f !== qty,
  );
  const low = list.filter((d) => {
    const q = Number(d[qty.name]);
    const p = point ? Number(d[point.name]) : 5;
    return Number.isFinite(q) && q <= p;
  });
  if (low.length === 0) return `No ${brief.name} are at or below their reorder point.`;
  return `${low.length} to reorder: ${low
    .slice(0, 10)
    .map((d) => {
      const p = point ? Number(d[point.name]) : 5;
      return `“${titleOf(brief, d)}” (${d[qty.name]} left; order ${Math.max(p * 2 - Number(d[qty.name]), 1)})`;
    })
    .join("; ")}.`;
}

/** "1 record in tickets", "3 records in tickets": collection names are plural already. */
const records = (n: number, collection: string) =>
  `${n} ${n === 1 ? "record" : "records"} in ${collection}`;

function counts(list: Doc[], brief: CollectionBrief) {
  const select = brief.fields.find((f) => f.type === "select");
  if (!select || list.length === 0) return `Read ${records(list.length, brief.name)}.`;
  const by = new Map<string, number>();
  for (const d of list) {
    const v = str(d[select.name]) ?? "not set";
    by.set(v, (by.get(v) ?? 0) + 1);
  }
  return `${records(list.length, brief.name)} by ${select.label ?? select.name}: ${[...by].map(([v, n]) => `${n} ${v}`).join(", ")}.`;
}

/** Records that match the words of a question in the input. */
function answer(list: Doc[], brief: CollectionBrief, question: string) {
  const words = question.toLowerCase().match(/[a-z0-9]{4,}/g) ?? [];
  const hits = list.filter((d) => words.some((w) => JSON.stringify(d).toLowerCase().includes(w)));
  return hits.length === 0
    ? `No ${brief.name} match “${question.slice(0, 80)}”.`
    : `${hits.length} of ${list.length} ${brief.name} match “${question.slice(0, 80)}”: ${hits
        .slice(0, 8)
        .map((d) => `“${titleOf(brief, d)}”`)
        .join(", ")}.`;
}

/** The last turn: a short honest account of what was read, looked up and changed. */
export function report(r: Reading): AgentMove {
  const said: string[] = [];
  const { read, brief, doc, list } = readBack(r);
  const intent = intentOf(r.instructions);
  const question = str(r.input.question) ?? str(r.input.query) ?? str(r.input.message);
  if (read?.isError)
    said.push(`I could not read ${String(read.input.collection)}: ${firstLine(read.result)}`);
  if (doc && brief) said.push(`Read “${gist(brief, doc).title}” in ${brief.name}.`);
  if (list && brief) {
    const lines = [
      question && !intent.intake ? answer(list, brief, question) : null,
      /overdue|passed|remind|follow/.test(r.instructions.toLowerCase())
        ? overdue(list, brief, r.today)
        : null,
      /reorder|restock|stock/.test(r.instructions.toLowerCase()) ? lowStock(list, brief) : null,
    ].filter((l): l is string => l !== null);
    said.push(...(lines.length > 0 ? lines : [counts(list, brief)]));
  }
  const custom = r.calls.filter((c) => !PLATFORM_TOOLS.has(c.name));
  const mocked = custom.filter((c) => parseJson(c.result)?.mock === true);
  if (mocked.length > 0) {
    const reason = String(parseJson(mocked[0]!.result)?.mockReason).replaceAll("_", " ");
    said.push(
      `Used sample data from ${mocked.map((c) => c.name).join(", ")} (${reason}), not live answers.`,
    );
  }
  for (const c of custom.filter((c) => c.isError))
    said.push(`${c.name} failed: ${firstLine(c.result)}`);
  for (const c of r.calls.filter(
    (c) => c.isError && PLATFORM_TOOLS.has(c.name) && c.name !== "read_app_data",
  ))
    said.push(`${c.name} was not done: ${firstLine(c.result)}`);
  const done = r.calls.filter((c) => c.name === "update_app_data" && !c.isError);
  if (done.length > 0) {
    const fields = [...new Set(done.flatMap((c) => Object.keys((c.input.data ?? {}) as object)))];
    const op = done[0]!.input.op === "insert" ? "Created" : "Updated";
    said.push(
      `${op} ${done.length === 1 ? "1 record" : `${done.length} records`} in ${String(done[0]!.input.collection)} (${fields.join(", ")}).`,
    );
    const selects = done.flatMap((c) =>
      Object.entries((c.input.data ?? {}) as Record<string, unknown>).filter(
        ([k]) => brief?.fields.find((f) => f.name === k)?.type === "select",
      ),
    );
    if (selects.length > 0)
      said.push(`Set ${selects.map(([k, v]) => `${k} to “${String(v)}”`).join(", ")}.`);
  } else if (doc && brief) {
    // Nowhere to write it (no notes field, or a read-only agent): the result carries it instead.
    const facts = describeFacts(custom);
    const note = composeNote(r.instructions, brief, doc, facts, [], [], "");
    said.push(note ? note : "Nothing needed changing.");
  } else if (list && brief?.access === "write" && !intent.readOnly)
    said.push("Nothing needed changing.");
  if (said.length === 0) said.push("I had no data or tools to work with, so I did nothing.");
  return { text: said.join(" "), calls: [] };
}
