import { useSyncExternalStore } from "react";

export type Theme = "light" | "dark" | "system";
const KEY = "second.theme";
const media = () => window.matchMedia("(prefers-color-scheme: dark)");
const listeners = new Set<() => void>();

function read(): Theme {
  try {
    const v = localStorage.getItem(KEY);
    return v === "light" || v === "dark" ? v : "system";
  } catch {
    return "system";
  }
}

let current: Theme = read();

export function applyTheme(theme: Theme = current): void {
  const dark = theme === "dark" || (theme === "system" && media().matches);
  document.documentElement.classList.toggle("dark", dark);
}

export function setTheme(theme: Theme): void {
  current = theme;
  try {
    localStorage.setItem(KEY, theme);
  } catch {
    // Storage disabled: the choice lasts for this page only.
  }
  applyTheme(theme);
  for (const l of listeners) l();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  const onSystemChange = () => {
    applyTheme();
    listener();
  };
  media().addEventListener("change", onSystemChange);
  return () => {
    listeners.delete(listener);
    media().removeEventListener("change", onSystemChange);
  };
}

export function useTheme(): Theme {
  return useSyncExternalStore(subscribe, () => current);
}

/** The theme actually shown, with "system" resolved. */
export function useResolvedTheme(): "light" | "dark" {
  return useSyncExternalStore(subscribe, () =>
    current === "system" ? (media().matches ? "dark" : "light") : current,
  );
}
