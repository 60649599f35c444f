const dateFmt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const dateTimeFmt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const fullFmt = new Intl.DateTimeFormat(undefined, { dateStyle: "full", timeStyle: "long" });
const relFmt = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });

type DateLike = string | number | Date;

export const formatDate = (d: DateLike) => dateFmt.format(new Date(d));
export const formatDateTime = (d: DateLike) => dateTimeFmt.format(new Date(d));
export const formatFull = (d: DateLike) => fullFmt.format(new Date(d));

const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 7],
  ["week", 4.35],
  ["month", 12],
  ["year", Number.POSITIVE_INFINITY],
];

export function formatRelative(d: DateLike, now = Date.now()): string {
  let value = (new Date(d).getTime() - now) / 1000;
  if (Math.abs(value) < 45) return "just now";
  for (const [unit, size] of STEPS) {
    if (Math.abs(value) < size) return relFmt.format(Math.round(value), unit);
    value /= size;
  }
  return formatDate(d);
}

/** `member.role_changed` → "Member role changed". */
export function humanizeAction(action: string): string {
  const text = action.replace(/[._]/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}
