import { type RefObject, useEffect } from "react";

/**
 * Focuses `ref` once `active` turns true, if nothing else has focus (the page itself): a card
 * waiting for an answer takes the keyboard after a navigation, never from someone typing.
 */
export function useFocusWhenIdle(ref: RefObject<HTMLElement | null>, active: boolean) {
  useEffect(() => {
    if (!active) return;
    const focused = document.activeElement;
    if (focused === null || focused === document.body) ref.current?.focus();
  }, [active, ref]);
}
