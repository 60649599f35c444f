import { describe, expect, test } from "bun:test";
import { appNameFrom } from "../../web/src/lib/app-name";

describe("a new app's name from its prompt", () => {
  test("the first phrase, without the request around it or what follows it", () => {
    expect(appNameFrom("A customer feedback tracker with tags and owners")).toBe(
      "Customer feedback tracker",
    );
    expect(appNameFrom("An onboarding checklist for new hires")).toBe("Onboarding checklist");
    expect(appNameFrom("Build me a maintenance request tracker for our office: requests…")).toBe(
      "Maintenance request tracker",
    );
    expect(appNameFrom("We want a sales pipeline: deals with an amount")).toBe("Sales pipeline");
    expect(appNameFrom("Please create a reading list app. Books with title and author.")).toBe(
      "Reading list app",
    );
  });

  test("the name the prompt gives wins", () => {
    expect(appNameFrom("Build an app called Pawprints for our dog walking business")).toBe(
      "Pawprints",
    );
    expect(appNameFrom("Make me an app named “Shift Swap” where nurses trade shifts")).toBe(
      "Shift Swap",
    );
    // "called app" names nothing: the phrase is used.
    expect(appNameFrom("A stock tracker, a so-called app")).toBe("Stock tracker");
  });

  test("an app for doing something is named for what it keeps", () => {
    expect(appNameFrom("I need a simple app to track my plants and when I water them")).toBe(
      "Plant tracker",
    );
    expect(appNameFrom("I need a tool to manage our vendors")).toBe("Vendor manager");
    expect(appNameFrom("a system for tracking deliveries")).toBe("Delivery tracker");
    expect(appNameFrom("An app to log glasses of water")).toBe("Glass log");
    expect(appNameFrom("A tool for managing our suppliers")).toBe("Supplier manager");
    expect(appNameFrom("An app for scheduling shifts")).toBe("Shift scheduler");
    expect(appNameFrom("Build a tool for tracking the activities of kids")).toBe(
      "Activity tracker",
    );
  });

  test("one word says too little; nothing usable is a new app; long names are cut", () => {
    expect(appNameFrom("A tracker for bugs")).toBe("Tracker for bugs");
    // A hyphen inside a word is part of it; one between spaces ends the name.
    expect(appNameFrom("A low-stock alert board")).toBe("Low-stock alert board");
    expect(appNameFrom("Kitchen rota - who cooks when")).toBe("Kitchen rota");
    expect(appNameFrom("Make me a CRM for our dental clinic")).toBe("CRM for our dental clinic");
    expect(appNameFrom("  ")).toBe("New app");
    expect(appNameFrom("x")).toBe("New app");
    const long = appNameFrom(
      "Quarterly regional warehouse inventory reconciliation audit review board",
    );
    expect(long.split(" ")).toHaveLength(6);
    expect(long.length).toBeLessThanOrEqual(60);
  });
});
