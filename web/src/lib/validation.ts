/** The server's rule for names (people, workspaces, teams): 2–80 characters after trimming. */
export function checkName(value: string, what: string): string | undefined {
  const v = value.trim();
  if (v.length < 2) return `${what} must be at least 2 characters.`;
  if (v.length > 80) return `${what} must be at most 80 characters.`;
  return undefined;
}
