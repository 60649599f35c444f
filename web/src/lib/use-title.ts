import { useEffect } from "react";

/** Sets the tab title for the page: "Members · Acme · Second". */
export function useTitle(...parts: (string | undefined)[]) {
  const title = [...parts.filter(Boolean), "Second"].join(" · ");
  useEffect(() => {
    document.title = title;
  }, [title]);
}
