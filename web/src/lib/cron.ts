const DAYS = [
  "Sunday",
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
  "Sunday",
];
const pad = (n: string) => n.padStart(2, "0");
const isNum = (s: string) => /^\d{1,2}$/.test(s);

function daysInWords(dow: string): string | null {
  if (dow === "*") return "every day";
  if (dow === "1-5") return "on weekdays";
  if (dow === "0,6" || dow === "6,0") return "on weekends";
  const days = dow.split(",");
  if (days.every(isNum)) return `every ${days.map((d) => DAYS[Number(d)]).join(", ")}`;
  return null;
}

/** A five-field cron in words ("weekdays at 09:00 UTC"), or the expression itself when unusual. */
export function cronInWords(cron: string): string {
  const [min, hour, dom, month, dow] = cron.trim().split(/\s+/);
  if (!min || !hour || !dom || !month || !dow) return cron;
  if (month !== "*") return `cron ${cron} (UTC)`;
  const step = /^\*\/(\d+)$/;
  if (hour === "*" && dom === "*" && dow === "*") {
    if (min === "*") return "every minute";
    const m = step.exec(min);
    if (m) return `every ${m[1]} minutes`;
    if (isNum(min)) return min === "0" ? "every hour" : `every hour at :${pad(min)}`;
  }
  if (!isNum(min) || !isNum(hour)) return `cron ${cron} (UTC)`;
  const at = `at ${pad(hour)}:${pad(min)} UTC`;
  if (dom !== "*" && isNum(dom) && dow === "*") return `on day ${dom} of every month ${at}`;
  const days = dom === "*" ? daysInWords(dow) : null;
  return days ? `${days} ${at}` : `cron ${cron} (UTC)`;
}
