import { describe, expect, test } from "bun:test";
import { isValidElement, type ReactNode } from "react";
import { renderInline } from "../../web/src/components/chat/markdown";

/** The rendered nodes as text, with emphasis shown as <em>…</em> and strong as <strong>…</strong>. */
function flat(nodes: ReactNode[]): string {
  return nodes
    .map((n) => {
      if (!isValidElement(n)) return String(n);
      const { children } = n.props as { children: ReactNode };
      const inner = Array.isArray(children) ? flat(children) : String(children);
      return typeof n.type === "string" ? `<${n.type}>${inner}</${n.type}>` : inner;
    })
    .join("");
}

describe("chat markdown inline", () => {
  test("underscores inside names are kept as they are", () => {
    expect(flat(renderInline("Updated support_tickets and lookup_customer."))).toBe(
      "Updated support_tickets and lookup_customer.",
    );
    expect(flat(renderInline("read support_tickets … write support_tickets"))).toBe(
      "read support_tickets … write support_tickets",
    );
    expect(flat(renderInline("a __dunder__name stays"))).toBe("a __dunder__name stays");
  });

  test("emphasis and strong still work around whole words", () => {
    expect(flat(renderInline("this is _urgent_ and __done__"))).toBe(
      "this is <em>urgent</em> and <strong>done</strong>",
    );
    expect(flat(renderInline("*one* and **two** with `support_tickets`"))).toBe(
      "<em>one</em> and <strong>two</strong> with <code>support_tickets</code>",
    );
  });
});
