/** Every bound of the build path. Tests exercise each one at its edge. */
export const BUILD_LIMITS = {
  /** One source file in a snapshot. */
  maxSourceFileBytes: 512 * 1024,
  /** All of an app's source files together. */
  maxSourceBytes: 12 * 1024 * 1024,
  maxSourceFiles: 1000,
  /** One built file (a bundle chunk) and the whole build output. */
  maxArtifactFileBytes: 8 * 1024 * 1024,
  maxArtifactBytes: 24 * 1024 * 1024,
  /** Wall clock and memory for the type-check and the build, each. */
  timeoutMs: 90_000,
  memoryMb: 2048,
  /** Problems reported back to the model and the user. */
  maxProblems: 30,
} as const;

/** Files a build needs; without them the model is told which one to write. */
export const ENTRY_FILES = ["index.html", "src/main.tsx"] as const;

/** Folders inside a workspace that are the platform's: never snapshotted, never edited. */
export const PLATFORM_DIRS = ["node_modules", "dist", ".git", ".second"] as const;
