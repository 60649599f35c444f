// Prints the offline builder's fidelity score and every miss: `bun tests/fidelity/report.ts`.
import { formatReport, scoreSuite } from "./score";

console.log(formatReport(scoreSuite()).join("\n"));
