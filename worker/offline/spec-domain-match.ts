import { DOMAINS, type Domain } from "./spec-domains";
import { nearlyEquals, singularize, words } from "./spec-text";

// Which known domain a prompt is about: named phrases score most, a typo of one a little less,
// and each of the domain's entity nouns a point. Ties go to the domain listed first.
const KEYWORD = 3;
const TYPO = 2;
const NOUN = 1;
const ENOUGH = 2;

export function matchDomain(text: string): Domain | undefined {
  const tokens = words(text.toLowerCase());
  const padded = ` ${tokens.join(" ")} `;
  const singulars = new Set(tokens.map(singularize));
  let best: Domain | undefined;
  let bestScore = 0;
  for (const domain of DOMAINS) {
    const score = scoreDomain(domain, padded, tokens, singulars);
    if (score > bestScore) {
      best = domain;
      bestScore = score;
    }
  }
  return bestScore >= ENOUGH ? best : undefined;
}

function scoreDomain(
  domain: Domain,
  padded: string,
  tokens: string[],
  singulars: Set<string>,
): number {
  let score = 0;
  for (const keyword of domain.keywords) {
    const phrase = words(keyword).join(" ");
    if (padded.includes(` ${phrase} `)) score += KEYWORD;
    else if (!phrase.includes(" ") && phrase.length >= 6) {
      if (tokens.some((t) => t.length >= 5 && nearlyEquals(t, phrase))) score += TYPO;
    }
  }
  for (const entity of domain.entities) {
    const named = [entity.noun, entity.plural].some((n) => padded.includes(` ${n} `));
    if (named || singulars.has(entity.noun)) score += NOUN;
  }
  return score;
}
