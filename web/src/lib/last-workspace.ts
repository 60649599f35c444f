const KEY = "second.lastWorkspace";

export function lastWorkspaceId(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function rememberWorkspace(id: string): void {
  try {
    localStorage.setItem(KEY, id);
  } catch {
    // Private mode or storage disabled: the first workspace is a fine fallback.
  }
}
