// Prints the offline builder's fidelity score and every miss: `bun tests/fidelity/report.ts`.
import {
  FRESH_BEHAVIOURS,
  formatBehaviourReport,
  scoreBehaviours,
  scoreFollowUps,
} from "./behaviours";
import { FRESH, HELD_OUT, MISPARSED } from "./cases";
import { formatReport, scoreSuite } from "./score";

console.log(formatReport(scoreSuite()).join("\n"));
console.log("\nheld out (never tuned against):");
console.log(formatReport(scoreSuite(HELD_OUT)).join("\n"));
console.log("\nissue 15's misparsed prompts and their kin (held out):");
console.log(formatReport(scoreSuite(MISPARSED)).join("\n"));
console.log("\nfresh (scored, not asserted):");
console.log(formatReport(scoreSuite(FRESH)).join("\n"));
console.log("\nbehaviours and follow-ups:");
console.log(formatBehaviourReport(scoreBehaviours(), scoreFollowUps()).join("\n"));
console.log("\nfresh behaviours (scored, not asserted):");
console.log(formatBehaviourReport(scoreBehaviours(FRESH_BEHAVIOURS)).join("\n"));
