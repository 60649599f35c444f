import type { Config } from "../config";
import { ServiceError } from "../errors";

interface Price {
  label: string;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

/** The models a run may use, with their prices (USD per million tokens). One table for all costs. */
export const MODELS = {
  offline: {
    "offline-builder": {
      label: "Offline builder",
      input: 0,
      output: 0,
      cacheRead: 0,
      cacheWrite: 0,
    },
  },
  // List prices as published for these models; check them when adding or updating a model.
  anthropic: {
    "claude-sonnet-5-5": {
      label: "Claude Sonnet 5.5",
      input: 3,
      output: 15,
      cacheRead: 0.3,
      cacheWrite: 3.75,
    },
    "claude-opus-5-5": {
      label: "Claude Opus 5.5",
      input: 5,
      output: 25,
      cacheRead: 0.5,
      cacheWrite: 6.25,
    },
    "claude-haiku-5-5": {
      label: "Claude Haiku 5.5",
      input: 1,
      output: 5,
      cacheRead: 0.1,
      cacheWrite: 1.25,
    },
  },
} as const satisfies Record<string, Record<string, Price>>;

/**
 * The OpenAI-compatible provider: any chat-completions server (a local model server, usually).
 * Its models are the ones the server's configuration names, so they are not in the table above.
 */
export const OPENAI_COMPATIBLE = "openai-compatible";

export const PROVIDER_NAMES = ["offline", "anthropic", OPENAI_COMPATIBLE] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];
type TabledProvider = keyof typeof MODELS;

export const DEFAULT_MODEL: Record<TabledProvider, string> = {
  offline: "offline-builder",
  anthropic: "claude-sonnet-5-5",
};

/** Which providers this server can run, from its configuration (no credential in it). */
export interface ProviderSetup {
  anthropic: boolean;
  openaiCompatible: { models: string[]; price: { input: number; output: number } } | null;
}

export function providerSetup(config: Pick<Config, "anthropic" | "openaiCompatible">) {
  const o = config.openaiCompatible;
  return {
    anthropic: config.anthropic !== null,
    openaiCompatible: o ? { models: o.models, price: o.price } : null,
  } satisfies ProviderSetup;
}

const NOT_CONFIGURED: Record<Exclude<ProviderName, "offline">, string> = {
  anthropic: "Set ANTHROPIC_API_KEY on the server to use Claude.",
  [OPENAI_COMPATIBLE]:
    "Set OPENAI_COMPATIBLE_BASE_URL and OPENAI_COMPATIBLE_MODEL on the server to use a local model.",
};

const isAvailable = (setup: ProviderSetup, provider: ProviderName) =>
  provider === "offline" ||
  (provider === "anthropic" ? setup.anthropic : setup.openaiCompatible !== null);

function modelsOf(setup: ProviderSetup, provider: ProviderName) {
  if (provider !== OPENAI_COMPATIBLE)
    return Object.entries(MODELS[provider]).map(([id, m]) => ({ id, label: m.label }));
  return (setup.openaiCompatible?.models ?? []).map((id) => ({ id, label: id }));
}

function defaultModelOf(setup: ProviderSetup, provider: ProviderName): string | null {
  if (provider !== OPENAI_COMPATIBLE) return DEFAULT_MODEL[provider];
  return setup.openaiCompatible?.models[0] ?? null;
}

/** Every provider with whether this server can run it (and why not), its models and default. */
export function providerCatalogue(setup: ProviderSetup) {
  return PROVIDER_NAMES.map((provider) => {
    const available = isAvailable(setup, provider);
    return {
      provider,
      available,
      reason: available || provider === "offline" ? null : NOT_CONFIGURED[provider],
      defaultModel: defaultModelOf(setup, provider),
      models: modelsOf(setup, provider),
    };
  });
}

/** Claude when it has a key, else the configured model server, else the offline builder. */
export function defaultProvider(setup: ProviderSetup): ProviderName {
  if (setup.anthropic) return "anthropic";
  if (setup.openaiCompatible) return OPENAI_COMPATIBLE;
  return "offline";
}

/**
 * The one place a run's provider and model are chosen, for builder and app-agent runs alike.
 * A provider asked for by name must be configured (PRECONDITION_FAILED) and the model one it
 * offers (VALIDATION). A model without a provider is looked up among the configured providers;
 * `fallback` then decides whether an unknown one is an error or the default provider's default.
 */
export function selectProvider(
  setup: ProviderSetup,
  want: { provider?: ProviderName; model?: string },
  options: { fallback?: boolean } = {},
): { provider: ProviderName; model: string } {
  let provider = want.provider;
  if (!provider && want.model !== undefined) {
    provider = PROVIDER_NAMES.find(
      (p) => isAvailable(setup, p) && modelsOf(setup, p).some((m) => m.id === want.model),
    );
    if (!provider && options.fallback) {
      const p = defaultProvider(setup);
      return { provider: p, model: defaultModelOf(setup, p)! };
    }
  }
  const p = provider ?? defaultProvider(setup);
  if (!isAvailable(setup, p)) {
    const what = p === "anthropic" ? "Claude is" : "The OpenAI-compatible model server is";
    const set =
      p === "anthropic"
        ? "set ANTHROPIC_API_KEY"
        : "set OPENAI_COMPATIBLE_BASE_URL and OPENAI_COMPATIBLE_MODEL";
    throw new ServiceError(
      "PRECONDITION_FAILED",
      `${what} not configured on this server: ${set}, or use the offline builder.`,
    );
  }
  const m = want.model ?? defaultModelOf(setup, p)!;
  const known = modelsOf(setup, p).map((x) => x.id);
  if (!known.includes(m)) {
    throw new ServiceError(
      "VALIDATION",
      `Unknown model “${m}”. Choose one of: ${known.join(", ")}.`,
    );
  }
  return { provider: p, model: m };
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

/**
 * Whether a provider runs a model that reports (and bills) tokens. The offline builder runs none:
 * its runs have no token counts and no cost, whatever an older row may hold.
 */
export const usesModel = (provider: string) => provider !== "offline";

/**
 * Cost in millionths of a dollar, so sums stay exact integers. A model server's tokens cost what
 * its configuration says (0 unless set); cached prompt tokens are priced as input.
 */
export function costMicros(
  provider: string,
  model: string,
  u: Usage,
  setup?: Pick<ProviderSetup, "openaiCompatible">,
): number {
  let price: Omit<Price, "label">;
  if (provider === OPENAI_COMPATIBLE) {
    const p = setup?.openaiCompatible?.price;
    if (!p) return 0;
    price = { input: p.input, output: p.output, cacheRead: p.input, cacheWrite: p.input };
  } else {
    if (!Object.hasOwn(MODELS, provider)) return 0;
    const prices: Record<string, Price> = MODELS[provider as TabledProvider];
    if (!Object.hasOwn(prices, model)) return 0;
    price = prices[model]!;
  }
  return Math.round(
    u.inputTokens * price.input +
      u.outputTokens * price.output +
      u.cacheReadTokens * price.cacheRead +
      u.cacheWriteTokens * price.cacheWrite,
  );
}
