/** Every bound the builder's file tools enforce. Tests exercise each one at its edge. */
export const LIMITS = {
  /** Largest file the tools read, write or search, in bytes. */
  maxFileBytes: 512 * 1024,
  /** Entries one list_files call returns. */
  maxListEntries: 500,
  /** Lines one sliced read returns when no limit is given (and the most a limit may ask for). */
  maxReadLines: 2000,
  /** Files one search visits before it stops. */
  maxSearchFiles: 2000,
  /** Matches one search returns. */
  maxSearchResults: 100,
  /** Characters of a matching line shown in a search result. */
  maxSearchLineChars: 200,
  /** Length of a search query or regular expression. */
  maxQueryChars: 500,
} as const;

/** Directories the tools never descend into; the platform owns what is inside them. */
export const MANAGED_DIRS: readonly string[] = ["node_modules", "dist", ".git", ".second"];

/** Root-relative files that belong to the platform's build; the builder reads but never changes them. */
export const DEFAULT_PLATFORM_FILES: readonly string[] = [
  "package.json",
  "package-lock.json",
  "bun.lock",
  "tsconfig.json",
  "vite.config.ts",
  "vite.config.js",
  "vite.config.mjs",
  "src/second/sdk.ts",
  "src/second/protocol.ts",
];
