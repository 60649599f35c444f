// "a lead tracker", "plant watering log": the words before a container word name what the app
// keeps, and together they read as the app's name.

export interface ContainerPhrase {
  /** The words before the container, lower case: "customer feedback". */
  phrase: string;
  /** The container word, lower case: "tracker". */
  kind: string;
  /** Phrase and container in the prompt's own casing, first letter capital: "Lead tracker". */
  name: string;
}

const CONTAINER =
  /\b(tracker|log|logbook|list|board|register|registry|manager|database|catalog|catalogue|directory|inbox|planner|pipeline|calendar|schedule|journal|roster|checklist)\b/gi;
// Words that may come right before the phrase; anything else means the container is not the app's
// ("phone and account manager").
const BEFORE = new Set(
  "a an the my our your their this one new simple small basic quick little shared internal central personal proper build make create need want me us design give is as like".split(
    " ",
  ),
);
const NOT_IN_PHRASE = new Set(
  "and or with of to in for on at by from that which who where when so it we i you they".split(" "),
);
const MAX_WORDS = 3;

/** The first "<noun> <container>" in `text` that reads as the app itself, if any. */
export function containerPhrase(text: string): ContainerPhrase | undefined {
  for (const segment of text.split(/\n+|[.!?;:,()]/)) {
    for (const match of segment.matchAll(CONTAINER)) {
      const found = phraseBefore(segment.slice(0, match.index), match[1]!);
      if (found) return found;
    }
  }
  return undefined;
}

function phraseBefore(head: string, kind: string): ContainerPhrase | undefined {
  const tokens = head.trim().split(/\s+/).filter(Boolean);
  const picked: string[] = [];
  while (tokens.length > 0 && picked.length < MAX_WORDS) {
    const token = tokens.at(-1)!;
    const lower = token.toLowerCase();
    if (!/^[a-z][a-z-]*$/.test(lower) || BEFORE.has(lower) || NOT_IN_PHRASE.has(lower)) break;
    picked.unshift(token);
    tokens.pop();
  }
  const previous = tokens.at(-1)?.toLowerCase();
  const opens = previous === undefined || BEFORE.has(previous) || /['’]s$/.test(previous);
  if (picked.length === 0 || !opens) return undefined;
  const name = `${picked.join(" ")} ${kind}`;
  return {
    phrase: picked.join(" ").toLowerCase(),
    kind: kind.toLowerCase(),
    name: name.charAt(0).toUpperCase() + name.slice(1),
  };
}
