import fc from "fast-check";

/** Strings PostgreSQL, SQL splicing or a plain-object lookup have tripped over. */
export const NASTY_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfff",
  "\ud83d",
  "😀",
  "\u202e",
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "prototype",
  "' or 1=1 --",
  '"; drop table apps; --',
  "%_\\",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template placeholder is the hostile input
  "${x}",
  "-1",
  "0",
  "1e309",
  "99999999999999999999",
  "00000000-0000-0000-0000-000000000000",
  "0000-01-01T00:00:00Z",
  "0001-01-01T00:00:00+05:00",
  "9999-12-31T23:59:59-23:59",
  "2023-02-29T00:00:00Z",
  "x".repeat(70_000),
];

export const NASTY_NUMBERS = [
  0,
  -0,
  -1,
  1.5,
  2 ** 31 - 1,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53,
  Number.MAX_SAFE_INTEGER,
  2 ** 63,
  1e308,
  -1e308,
  Number.MIN_VALUE,
];

const nastyString = fc.constantFrom(...NASTY_STRINGS);
const nastyNumber = fc.constantFrom(...NASTY_NUMBERS);
const anyString = fc.oneof(nastyString, fc.string({ maxLength: 40, unit: "binary" }));

/** A JSON value whose keys and strings are often nasty, sometimes nested far too deep. */
const nastyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  {
    weight: 4,
    arbitrary: fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        anyString,
        nastyNumber,
        fc.boolean(),
        fc.constant(null),
        fc.array(tie("value"), { maxLength: 3 }),
        fc.dictionary(anyString, tie("value"), { maxKeys: 3 }),
      ),
    })).value,
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      Array.from({ length: 3000 }).reduce<unknown>((inner) => [inner], "deep"),
      Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, i])),
    ),
  },
);

interface Def {
  type: string;
  shape?: Record<string, unknown>;
  innerType?: unknown;
  in?: unknown;
  element?: unknown;
  valueType?: unknown;
  options?: unknown[];
  entries?: Record<string, string>;
  values?: unknown[];
  format?: string;
}
const defOf = (schema: unknown) => (schema as { _zod: { def: Def } })._zod.def;

type Pools = Record<string, readonly unknown[]>;
const WRAPPERS = [
  "optional",
  "nullable",
  "default",
  "prefault",
  "nonoptional",
  "readonly",
  "catch",
];

/** A hostile string that still looks like text: a nasty piece inside an ordinary one. */
const hostileString = fc.oneof(
  nastyString,
  fc
    .tuple(fc.constantFrom("Fuzz ", "a", ""), nastyString, fc.constantFrom(" tail", "", "z"))
    .map((parts) => parts.join("")),
  fc.string({ maxLength: 40, unit: "binary" }),
);

/** A value the schema accepts (or nearly): real ids from `pools` by field name, small numbers. */
export function validFor(schema: unknown, pools: Pools, key = ""): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const pool = Object.hasOwn(pools, key) ? pools[key]! : [];
  if (WRAPPERS.includes(def.type))
    return fc.oneof(
      { weight: 4, arbitrary: validFor(def.innerType, pools, key) },
      { weight: 1, arbitrary: fc.constant(undefined) },
    );
  if (pool.length) return fc.constantFrom(...pool);
  switch (def.type) {
    case "object":
      return fc.record(
        Object.fromEntries(
          Object.entries(def.shape ?? {}).map(([k, s]) => [k, validFor(s, pools, k)]),
        ),
      );
    case "pipe":
      return validFor(def.in, pools, key);
    case "string":
      if (def.format === "uuid") return fc.uuid();
      if (def.format === "datetime")
        return fc
          .date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true })
          .map((d) => d.toISOString());
      return fc.string({ minLength: 2, maxLength: 30 }).map((t) => `Fuzz ${t}`);
    case "number":
      return fc.integer({ min: 1, max: 50 });
    case "boolean":
      return fc.boolean();
    case "enum":
      return fc.constantFrom(...Object.values(def.entries ?? {}));
    case "literal":
      return fc.constantFrom(...(def.values ?? [null]));
    case "array":
      return fc.array(validFor(def.element, pools, key), { minLength: 1, maxLength: 3 });
    case "record":
      return fc.dictionary(
        fc.constantFrom("title", "done", "count", "tags"),
        validFor(def.valueType, pools, `${key}.value`),
        { maxKeys: 4 },
      );
    case "union":
      return fc.oneof(...(def.options ?? []).map((o) => validFor(o, pools, key)));
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A value the schema should refuse, or accept and store safely: hostile strings, numbers, shapes. */
export function hostileFor(schema: unknown, pools: Pools, key = ""): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  if (WRAPPERS.includes(def.type)) return hostileFor(def.innerType, pools, key);
  switch (def.type) {
    case "object": {
      const keys = Object.keys(def.shape ?? {});
      if (keys.length === 0) return nastyJson;
      // Every field plausible but one, so the hostile value gets past the others' checks.
      return fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...keys).chain((k) => oneHostile(def, pools, k)) },
        { weight: 1, arbitrary: nastyJson },
      );
    }
    case "pipe":
      return hostileFor(def.in, pools, key);
    case "string":
      return fc.oneof({ weight: 6, arbitrary: hostileString }, { weight: 1, arbitrary: nastyJson });
    case "number":
      return fc.oneof({ weight: 6, arbitrary: nastyNumber }, { weight: 1, arbitrary: nastyJson });
    case "array":
      return fc.oneof(
        fc.array(hostileFor(def.element, pools, key), { minLength: 1, maxLength: 3 }),
        fc.array(validFor(def.element, pools, key), { minLength: 495, maxLength: 505 }),
        nastyJson,
      );
    case "record":
      return fc.oneof(
        fc.dictionary(hostileString, nastyJson, { minKeys: 1, maxKeys: 4 }),
        fc.dictionary(
          fc.constantFrom("title", "__proto__", "constructor"),
          hostileFor(def.valueType, pools, `${key}.value`),
          { minKeys: 1, maxKeys: 3 },
        ),
        nastyJson,
      );
    case "union":
      return fc.oneof(...(def.options ?? []).map((o) => hostileFor(o, pools, key)));
    default:
      return nastyJson;
  }
}

function oneHostile(def: Def, pools: Pools, hostileKey: string) {
  return fc.record(
    Object.fromEntries(
      Object.entries(def.shape ?? {}).map(([k, s]) => [
        k,
        k === hostileKey ? hostileFor(s, pools, k) : validFor(s, pools, k),
      ]),
    ),
  );
}

/**
 * Inputs for a zod (v4) schema: a third plausible (real ids from `pools`, chosen by field name,
 * so calls reach the database), the rest with one hostile field or a hostile whole.
 */
export const arbitraryFor = (schema: unknown, pools: Pools): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 1, arbitrary: validFor(schema, pools) },
    { weight: 2, arbitrary: hostileFor(schema, pools) },
  );
