import { convert } from "html-to-text";
import { answerOf, type ExecutorOptions, guardedRequest } from "./guard";
import { type DenyCode, denial, type FailCode, failure, type ToolAudit } from "./outcomes";

export const WEB_FETCH_LIMITS = { urlLength: 2_000, textChars: 100_000 };

export type WebFetchOutcome =
  | {
      kind: "executed";
      status: number;
      contentType: string | null;
      text: string;
      truncated: boolean;
      audit: ToolAudit;
    }
  | { kind: "denied"; code: DenyCode; message: string; hint: string; audit: ToolAudit }
  | {
      kind: "failed";
      code: FailCode;
      message: string;
      hint: string;
      status: number | null;
      audit: ToolAudit;
    };

const TEXTUAL = /^(text\/|application\/([\w.+-]*\+)?(json|xml|javascript)\b)/i;

function extractText(body: Uint8Array, contentType: string | null): string {
  // An image, archive or PDF is not text: say what it was instead of handing over its bytes.
  if (contentType && !TEXTUAL.test(contentType.trim()))
    return `[${contentType.split(";")[0]!.trim()} content, ${body.length} bytes, not shown as text]`;
  const text = new TextDecoder().decode(body);
  if (contentType && /html/i.test(contentType))
    return convert(text, {
      wordwrap: false,
      selectors: [
        { selector: "img", format: "skip" },
        { selector: "a", options: { ignoreHref: true } },
      ],
    });
  return text;
}

/**
 * The builtin WebFetch tool: a GET of any public https URL through the same guards as custom
 * tools (no userinfo, resolved addresses public and pinned, no redirects, timeout, size cap),
 * answering the page as text (HTML converted), capped for the model.
 */
export async function webFetch(
  rawUrl: string,
  context: { agentId: string | null },
  options: ExecutorOptions,
): Promise<WebFetchOutcome> {
  const started = performance.now();
  let url: URL | null = null;
  try {
    if (rawUrl.length <= WEB_FETCH_LIMITS.urlLength) url = new URL(rawUrl);
  } catch {}
  const audit = (outcome: ToolAudit["outcome"], extra: Partial<ToolAudit> = {}): ToolAudit => ({
    outcome,
    tool: "WebFetch",
    source: "builtin",
    agentId: context.agentId,
    domain: url?.hostname ?? "",
    grantId: null,
    method: "GET",
    httpStatus: null,
    durationMs: Math.round(performance.now() - started),
    responseBytes: 0,
    code: null,
    address: null,
    ...extra,
  });
  const deny = (code: DenyCode, address: string | null = null): WebFetchOutcome => ({
    kind: "denied",
    ...denial(code),
    audit: audit("denied", { code, address }),
  });
  const fail = (code: FailCode, extra: Partial<ToolAudit> = {}): WebFetchOutcome => ({
    kind: "failed",
    ...failure(code),
    status: extra.httpStatus ?? null,
    audit: audit("failed", { code, ...extra }),
  });

  if (!url || (url.protocol !== "https:" && url.protocol !== "http:"))
    return deny("endpoint_invalid");
  url.hash = "";
  const answer = answerOf(
    await guardedRequest(
      url,
      {
        method: "GET",
        headers: { accept: "text/html, text/plain, application/json;q=0.9, */*;q=0.5" },
      },
      () => true,
      options,
    ),
  );
  if (!answer.ok)
    return "denied" in answer
      ? deny(answer.denied, answer.address)
      : fail(answer.failed, answer.trail);
  const { response: result, trail } = answer;
  const text = extractText(result.body, result.contentType);
  const truncated = text.length > WEB_FETCH_LIMITS.textChars;
  return {
    kind: "executed",
    status: result.status,
    contentType: result.contentType,
    text: truncated ? text.slice(0, WEB_FETCH_LIMITS.textChars) : text,
    truncated,
    audit: audit("executed", trail),
  };
}
