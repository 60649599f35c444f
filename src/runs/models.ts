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

export type ProviderName = keyof typeof MODELS;
export const DEFAULT_MODEL: Record<ProviderName, string> = {
  offline: "offline-builder",
  anthropic: "claude-sonnet-5-5",
};

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

/** Cost in millionths of a dollar, so sums stay exact integers. */
export function costMicros(provider: ProviderName, model: string, u: Usage): number {
  const prices: Record<string, Price> = MODELS[provider];
  if (!Object.hasOwn(prices, model)) return 0;
  const price = prices[model]!;
  return Math.round(
    u.inputTokens * price.input +
      u.outputTokens * price.output +
      u.cacheReadTokens * price.cacheRead +
      u.cacheWriteTokens * price.cacheWrite,
  );
}
