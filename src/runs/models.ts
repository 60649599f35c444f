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
  anthropic: {
    "claude-sonnet-4-5": {
      label: "Claude Sonnet 4.5",
      input: 3,
      output: 15,
      cacheRead: 0.3,
      cacheWrite: 3.75,
    },
    "claude-opus-4-1": {
      label: "Claude Opus 4.1",
      input: 15,
      output: 75,
      cacheRead: 1.5,
      cacheWrite: 18.75,
    },
    "claude-haiku-4-5": {
      label: "Claude Haiku 4.5",
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
  anthropic: "claude-sonnet-4-5",
};

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

/** Cost in millionths of a dollar, so sums stay exact integers. */
export function costMicros(provider: ProviderName, model: string, u: Usage): number {
  const price = (MODELS[provider] as Record<string, Price>)[model];
  if (!price) return 0;
  return Math.round(
    u.inputTokens * price.input +
      u.outputTokens * price.output +
      u.cacheReadTokens * price.cacheRead +
      u.cacheWriteTokens * price.cacheWrite,
  );
}
