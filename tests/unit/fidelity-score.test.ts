import { describe, expect, test } from "bun:test";
import { deriveSpec, validateSpec } from "../../worker/offline/spec";
import type { AppSpec } from "../../worker/offline/spec-types";
import { CASES, HELD_OUT, LAST, MISPARSED, SEVENTH, UNSEEN, WALKED } from "../fidelity/cases";
import { formatReport, parseCase, scoreCase, scoreSuite } from "../fidelity/score";

const BOOKS = {
  prompt: "books with title, rating from 1 to 5 and genre (fiction, poetry); reviews per book",
  entities: {
    book: "title:text, rating:integer 1..5, genre:select=Fiction|Poetry",
    review: "book:>book",
  },
};

function booksSpec(): AppSpec {
  return {
    name: "Books",
    summary: "Books: an app for the team to track books and reviews.",
    dashboard: true,
    agents: [],
    entities: [
      {
        key: "books",
        singular: "Book",
        plural: "Books",
        titleField: "title",
        fields: [
          { key: "title", label: "Title", type: "text", required: true },
          { key: "rating", label: "Rating", type: "number", format: "integer", required: false },
          {
            key: "genre",
            label: "Genre",
            type: "status",
            required: false,
            options: ["Fiction", "Poetry"],
          },
        ],
      },
      {
        key: "reviews",
        singular: "Review",
        plural: "Reviews",
        titleField: "name",
        fields: [
          { key: "name", label: "Name", type: "text", required: true },
          { key: "book", label: "Book", type: "relation", relation: "books", required: false },
        ],
      },
    ],
  };
}

describe("the fidelity scorer", () => {
  test("reads the notation: names, types, options, bounds and relations", () => {
    const [book, review] = parseCase(BOOKS);
    expect(book!.fields[1]).toEqual({ names: ["rating"], type: "integer", min: 1, max: 5 });
    expect(book!.fields[2]).toEqual({
      names: ["genre"],
      type: "select",
      options: ["Fiction", "Poetry"],
    });
    expect(review!.fields[0]).toEqual({ names: ["book"], type: "relation", relation: "book" });
  });

  test("a spec with every named field right scores all but unstated bounds", () => {
    const result = scoreCase(BOOKS, booksSpec());
    expect(result.named).toBe(4);
    // The spec states no bounds for the rating, so that field is a miss.
    expect(result.misses).toEqual(["book.rating: min none, expected 1"]);
    expect(result.correct).toBe(3);
    expect(result.inventedEntities).toEqual([]);
  });

  test("wrong options, invented entities and invented required fields are counted", () => {
    const spec = booksSpec();
    spec.entities[0]!.fields[2]!.options = ["Fiction", "Poetry", "Other"];
    spec.entities[0]!.fields.push({ key: "isbn", label: "ISBN", type: "text", required: true });
    spec.entities.push({ ...spec.entities[1]!, key: "authors", singular: "Author" });
    const result = scoreCase(BOOKS, spec);
    expect(result.misses).toContain(
      "book.genre: options Fiction|Poetry|Other, expected Fiction|Poetry",
    );
    expect(result.inventedEntities).toEqual(["Author"]);
    expect(result.inventedRequired).toEqual(["Book.ISBN"]);
    expect(result.padding).toBe(1);
  });
});

describe("the fidelity suite", () => {
  test("has 40+ prompts, each naming at least one entity", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    for (const c of CASES) expect(parseCase(c).length).toBeGreaterThanOrEqual(1);
  });

  test("every prompt gives a valid spec", () => {
    for (const c of CASES) expect(validateSpec(deriveSpec([c.prompt]))).toEqual([]);
  });

  test("the offline builder gets ≥ 95 % of named fields right and invents nothing", () => {
    for (const cases of [CASES, HELD_OUT, MISPARSED, WALKED, UNSEEN, LAST, SEVENTH]) {
      const report = scoreSuite(cases);
      console.log(formatReport(report).join("\n"));
      expect(report.score).toBeGreaterThanOrEqual(0.95);
      expect(report.inventedEntities).toBe(0);
      expect(report.inventedRequired).toBe(0);
    }
    expect(scoreSuite().named).toBeGreaterThan(250);
  });
});
