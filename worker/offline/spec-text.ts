// Word-level helpers for the offline spec: inflection, identifiers, labels and fuzzy matching.

const IRREGULAR: Record<string, string> = {
  person: "people",
  child: "children",
  staff: "staff",
  equipment: "equipment",
  inventory: "inventory",
  news: "news",
  series: "series",
  analysis: "analyses",
  criterion: "criteria",
  status: "statuses",
  minutes: "minutes",
  data: "data",
  info: "info",
  software: "software",
  feedback: "feedback",
  leaf: "leaves",
  shelf: "shelves",
  time: "time",
  movie: "movies",
  calorie: "calories",
  cookie: "cookies",
};
const IRREGULAR_SINGULAR = Object.fromEntries(Object.entries(IRREGULAR).map(([s, p]) => [p, s]));
const KEEP_S = /(ss|us|is|ics|ous)$/;

/** "support ticket" → "support tickets"; only the last word changes. */
export function pluralize(phrase: string): string {
  return mapLastWord(phrase, (word) => {
    if (Object.hasOwn(IRREGULAR, word)) return IRREGULAR[word]!;
    if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
    if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
    return `${word}s`;
  });
}

/** "support tickets" → "support ticket"; only the last word changes. */
export function singularize(phrase: string): string {
  return mapLastWord(phrase, (word) => {
    if (Object.hasOwn(IRREGULAR_SINGULAR, word)) return IRREGULAR_SINGULAR[word]!;
    if (Object.hasOwn(IRREGULAR, word)) return word;
    if (word.length > 4 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
    if (/(ches|shes|sses|xes)$/.test(word)) return word.slice(0, -2);
    if (word.length > 3 && word.endsWith("s") && !KEEP_S.test(word)) return word.slice(0, -1);
    return word;
  });
}

export const isPluralWord = (word: string) =>
  singularize(word) !== word || Object.hasOwn(IRREGULAR_SINGULAR, word);

function mapLastWord(phrase: string, fn: (word: string) => string): string {
  const words = phrase.split(" ");
  const last = words.pop() ?? "";
  return [...words, fn(last)].join(" ");
}

export const words = (phrase: string) => phrase.split(/[^a-z0-9]+/).filter(Boolean);
export const lastWord = (phrase: string) => words(phrase).at(-1) ?? "";

/** "published date" → "publishedDate"; always starts with a letter. */
export function camelKey(phrase: string): string {
  const parts = words(phrase.toLowerCase());
  const key = parts.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join("");
  const safe = /^[a-z]/.test(key) ? key : `field${key}`;
  return safe.slice(0, 40);
}

/** "support tickets" → "support_tickets". */
export function snakeKey(phrase: string): string {
  const key = words(phrase.toLowerCase()).join("_");
  const safe = /^[a-z]/.test(key) ? key : `e_${key}`;
  return safe.slice(0, 40).replace(/_+$/, "");
}

const ACRONYMS = new Set(
  "isbn sku url id sla okr okrs kpi nps mrr arr vat po rsvp api ip faq hr ssn dob eta ui ux pto crm cv gpa seo vin q1 q2 q3 q4 ceo cto it ai ats".split(
    " ",
  ),
);

/** "requester email" → "Requester email"; known and user-written acronyms stay upper case. */
export function sentenceCase(phrase: string, acronyms: ReadonlySet<string> = ACRONYMS): string {
  const out = phrase
    .split(" ")
    .filter(Boolean)
    .map((w, i) => {
      if ((ACRONYMS.has(w) && w !== "it") || acronyms.has(w)) return w.toUpperCase();
      return i === 0 ? w[0]!.toUpperCase() + w.slice(1) : w;
    })
    .join(" ");
  return out.slice(0, 60).trim();
}

/** Optimal string alignment distance, capped: enough to forgive a typo or a swapped pair. */
export function editDistance(a: string, b: string, cap = 3): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      }
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** Whether a typed word is close enough to a known word to mean it. */
export function nearlyEquals(typed: string, known: string): boolean {
  if (typed === known) return true;
  if (known.length < 5 || typed.length < 4) return false;
  // Two slips only in long words: "tracking" is not a typo of "training".
  return editDistance(typed, known, 2) <= (known.length >= 9 ? 2 : 1);
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** "a, b and c" with an Oxford-less join. */
export function joinAnd(items: string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
