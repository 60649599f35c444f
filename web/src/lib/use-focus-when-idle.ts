import { type RefObject, useEffect, useRef } from "react";

const idle = () => {
  const focused = document.activeElement;
  return focused === null || focused === document.body;
};

/**
 * The keyboard for a card that waits for an answer: its `answer` button takes focus once it waits,
 * and the card itself (tabIndex -1) once it is answered and its buttons are gone — each only if
 * nothing else has focus (the page itself), so it is never taken from someone typing.
 */
export function useCardFocus(
  answer: RefObject<HTMLElement | null>,
  card: RefObject<HTMLElement | null>,
  waiting: boolean,
) {
  const waited = useRef(false);
  useEffect(() => {
    if (waiting) {
      waited.current = true;
      if (idle()) answer.current?.focus();
    } else if (waited.current) {
      waited.current = false;
      if (idle()) card.current?.focus();
    }
  }, [waiting, answer, card]);
}
