import type { CustomTool } from "../../src/sdk/agents";
import type { IntegrationSetupInput } from "../../src/sdk/integration-setup";

// Outside services the offline builder knows: when a prompt names one ("look the company up in
// HubSpot", "create a Jira ticket", "post to Slack"), the app's agent gets that service's tools
// (with realistic mock data, so it works before anyone configures anything) and
// integration-setup.json says how to connect it for real.

type Tool = Omit<CustomTool, "type" | "enabled" | "integration">;
type Service = IntegrationSetupInput["services"][number];

interface Template {
  key: string;
  /** How prompts name it. */
  words: RegExp;
  service: Service & { secrets: string[] };
  /** Picked when the prompt asks to read from the service (or says nothing about how). */
  read: Tool[];
  /** Picked when the prompt asks to create, post or send something there. */
  write: Tool[];
}

const bearer = (secret: string) => ({ Authorization: `Bearer {{secrets.${secret}}}` });
const WRITE_VERBS =
  /\b(create|creates|creating|open|opens|file|files|post|posts|posting|send|sends|notify|notifies|add|adds|log|logs|raise|raises|update|updates|write|writes|push|pushes)\b/;
const READ_VERBS =
  /\b(look|looks|lookup|find|finds|search|searches|fetch|fetches|check|checks|get|gets|read|reads|pull|pulls|enrich|enriches|sync|syncs)\b/;

const TEMPLATES: Template[] = [
  {
    key: "hubspot",
    words: /\bhub ?spot\b/,
    service: {
      name: "HubSpot",
      description: "The CRM where the sales team keeps companies and contacts.",
      domain: "api.hubapi.com",
      auth: "static",
      permissionGroups: ["crm.objects.companies.read", "crm.objects.contacts.read"],
      secrets: ["HUBSPOT_TOKEN"],
      setupSteps: [
        {
          text: "In HubSpot, open Settings → Integrations → Private Apps and create a private app.",
          link: "https://app.hubspot.com/private-apps",
        },
        { text: "Give it the scopes crm.objects.companies.read and crm.objects.contacts.read." },
        { text: "Copy the app's access token and paste it here as HUBSPOT_TOKEN." },
      ],
    },
    read: [
      {
        name: "hubspot_find_company",
        description: "Looks a company up in HubSpot by its web domain and returns its CRM record.",
        method: "GET",
        endpoint: "https://api.hubapi.com/crm/v3/objects/companies/{{input.domain}}",
        headers: bearer("HUBSPOT_TOKEN"),
        query: { idProperty: "domain", properties: "name,domain,industry,numberofemployees,city" },
        inputSchema: {
          type: "object",
          properties: {
            domain: { type: "string", description: "The company's web domain, e.g. acme.com." },
          },
          required: ["domain"],
        },
        mockData: [
          {
            id: "18342907311",
            properties: {
              name: "Acme Logistics",
              domain: "acmelogistics.com",
              industry: "Transportation",
              numberofemployees: "420",
              city: "Rotterdam",
            },
          },
          {
            id: "18342907582",
            properties: {
              name: "Northwind Traders",
              domain: "northwind.io",
              industry: "Wholesale",
              numberofemployees: "85",
              city: "Seattle",
            },
          },
          {
            id: "18342908114",
            properties: {
              name: "Blue Fern Health",
              domain: "bluefern.health",
              industry: "Hospital & Health Care",
              numberofemployees: "1300",
              city: "Leeds",
            },
          },
        ],
      },
    ],
    write: [
      {
        name: "hubspot_create_note",
        description: "Adds a note to a company's timeline in HubSpot.",
        method: "POST",
        endpoint: "https://api.hubapi.com/crm/v3/objects/notes",
        headers: bearer("HUBSPOT_TOKEN"),
        query: {},
        body: {
          properties: { hs_note_body: "{{input.note}}", hs_timestamp: "{{input.timestamp}}" },
        },
        inputSchema: {
          type: "object",
          properties: {
            note: { type: "string", description: "The note's text." },
            timestamp: { type: "string", description: "When it happened, ISO 8601." },
          },
          required: ["note"],
        },
        mockData: [
          { id: "51230045112", properties: { hs_note_body: "Called about renewal." } },
          { id: "51230045377", properties: { hs_note_body: "Sent the proposal." } },
          { id: "51230045901", properties: { hs_note_body: "Asked for a demo next week." } },
        ],
      },
    ],
  },
  {
    key: "jira",
    words: /\bjira\b/,
    service: {
      name: "Jira",
      description: "Where engineering tracks issues.",
      domain: "your-team.atlassian.net",
      auth: "static",
      permissionGroups: ["read:jira-work", "write:jira-work"],
      secrets: ["JIRA_BASIC_AUTH"],
      setupSteps: [
        {
          text: "Create an API token for the Atlassian account the agent should act as.",
          link: "https://id.atlassian.com/manage-profile/security/api-tokens",
        },
        {
          text: "Paste base64(email:token) here as JIRA_BASIC_AUTH (the token is sent as Basic auth).",
        },
        {
          text: "The tools call your-team.atlassian.net: ask the builder to change it to your own Jira site.",
        },
      ],
    },
    read: [
      {
        name: "jira_search_issues",
        description: "Finds Jira issues matching a JQL query.",
        method: "GET",
        endpoint: "https://your-team.atlassian.net/rest/api/3/search",
        headers: { Authorization: "Basic {{secrets.JIRA_BASIC_AUTH}}" },
        query: { jql: "{{input.jql}}", maxResults: "10" },
        inputSchema: {
          type: "object",
          properties: {
            jql: { type: "string", description: 'A JQL query, e.g. project = "OPS".' },
          },
          required: ["jql"],
        },
        mockData: [
          {
            key: "OPS-412",
            fields: { summary: "Invoice export times out", status: { name: "In Progress" } },
          },
          {
            key: "OPS-398",
            fields: { summary: "Add SSO for contractors", status: { name: "To Do" } },
          },
          {
            key: "OPS-377",
            fields: { summary: "Nightly backup alert is noisy", status: { name: "Done" } },
          },
        ],
      },
    ],
    write: [
      {
        name: "jira_create_issue",
        description: "Creates a Jira issue (a ticket) in a project.",
        method: "POST",
        endpoint: "https://your-team.atlassian.net/rest/api/3/issue",
        headers: { Authorization: "Basic {{secrets.JIRA_BASIC_AUTH}}" },
        query: {},
        body: {
          fields: {
            project: { key: "{{input.project}}" },
            summary: "{{input.summary}}",
            issuetype: { name: "Task" },
          },
        },
        inputSchema: {
          type: "object",
          properties: {
            project: { type: "string", description: "The project key, e.g. OPS." },
            summary: { type: "string", description: "The ticket's one-line summary." },
          },
          required: ["project", "summary"],
        },
        mockData: [
          {
            id: "10421",
            key: "OPS-421",
            self: "https://your-team.atlassian.net/rest/api/3/issue/10421",
          },
          {
            id: "10422",
            key: "OPS-422",
            self: "https://your-team.atlassian.net/rest/api/3/issue/10422",
          },
          {
            id: "10423",
            key: "OPS-423",
            self: "https://your-team.atlassian.net/rest/api/3/issue/10423",
          },
        ],
      },
    ],
  },
  {
    key: "slack",
    words: /\bslack\b/,
    service: {
      name: "Slack",
      description: "The team's chat.",
      domain: "slack.com",
      auth: "static",
      permissionGroups: ["chat:write", "channels:read"],
      secrets: ["SLACK_BOT_TOKEN"],
      setupSteps: [
        { text: "Create a Slack app for your workspace.", link: "https://api.slack.com/apps" },
        {
          text: "Under OAuth & Permissions add the bot scopes chat:write and channels:read, then install it.",
        },
        { text: "Copy the Bot User OAuth Token (xoxb-…) and paste it here as SLACK_BOT_TOKEN." },
        { text: "Invite the app to the channels it should post in." },
      ],
    },
    read: [
      {
        name: "slack_list_channels",
        description: "Lists the Slack channels the app can see.",
        method: "GET",
        endpoint: "https://slack.com/api/conversations.list",
        headers: bearer("SLACK_BOT_TOKEN"),
        query: { limit: "100", exclude_archived: "true" },
        inputSchema: { type: "object", properties: {}, required: [] },
        mockData: [
          { ok: true, channels: [{ id: "C04QW2H8K1N", name: "sales" }] },
          { ok: true, channels: [{ id: "C05AB7LM3PQ", name: "support-escalations" }] },
          { ok: true, channels: [{ id: "C02ZX9RT4UV", name: "general" }] },
        ],
      },
    ],
    write: [
      {
        name: "slack_post_message",
        description: "Posts a message to a Slack channel.",
        method: "POST",
        endpoint: "https://slack.com/api/chat.postMessage",
        headers: bearer("SLACK_BOT_TOKEN"),
        query: {},
        body: { channel: "{{input.channel}}", text: "{{input.text}}" },
        inputSchema: {
          type: "object",
          properties: {
            channel: { type: "string", description: "A channel id or name, e.g. #sales." },
            text: { type: "string", description: "The message." },
          },
          required: ["channel", "text"],
        },
        mockData: [
          { ok: true, channel: "C04QW2H8K1N", ts: "1733412345.000200" },
          { ok: true, channel: "C05AB7LM3PQ", ts: "1733412399.001100" },
          { ok: true, channel: "C02ZX9RT4UV", ts: "1733412460.000900" },
        ],
      },
    ],
  },
  {
    key: "github",
    words: /\bgit ?hub\b/,
    service: {
      name: "GitHub",
      description: "Where the code and its issues live.",
      domain: "api.github.com",
      auth: "static",
      permissionGroups: ["Issues: read and write"],
      secrets: ["GITHUB_TOKEN"],
      setupSteps: [
        {
          text: "Create a fine-grained personal access token limited to the repositories the agent needs.",
          link: "https://github.com/settings/personal-access-tokens/new",
        },
        { text: "Grant it Issues: read and write." },
        { text: "Paste the token here as GITHUB_TOKEN." },
      ],
    },
    read: [
      {
        name: "github_search_issues",
        description: "Searches GitHub issues and pull requests.",
        method: "GET",
        endpoint: "https://api.github.com/search/issues",
        headers: { ...bearer("GITHUB_TOKEN"), Accept: "application/vnd.github+json" },
        query: { q: "{{input.query}}", per_page: "10" },
        inputSchema: {
          type: "object",
          properties: { query: { type: "string", description: "e.g. repo:acme/web is:open bug" } },
          required: ["query"],
        },
        mockData: [
          { number: 1841, title: "Checkout button unresponsive on Safari", state: "open" },
          { number: 1822, title: "Dark mode contrast on tables", state: "open" },
          { number: 1790, title: "Upgrade to React 19", state: "closed" },
        ],
      },
    ],
    write: [
      {
        name: "github_create_issue",
        description: "Opens an issue in a GitHub repository.",
        method: "POST",
        endpoint: "https://api.github.com/repos/{{input.owner}}/{{input.repo}}/issues",
        headers: { ...bearer("GITHUB_TOKEN"), Accept: "application/vnd.github+json" },
        query: {},
        body: { title: "{{input.title}}", body: "{{input.body}}" },
        inputSchema: {
          type: "object",
          properties: {
            owner: { type: "string" },
            repo: { type: "string" },
            title: { type: "string" },
            body: { type: "string" },
          },
          required: ["owner", "repo", "title"],
        },
        mockData: [
          { number: 1842, html_url: "https://github.com/acme/web/issues/1842", state: "open" },
          { number: 1843, html_url: "https://github.com/acme/web/issues/1843", state: "open" },
          { number: 1844, html_url: "https://github.com/acme/web/issues/1844", state: "open" },
        ],
      },
    ],
  },
  {
    key: "stripe",
    words: /\bstripe\b/,
    service: {
      name: "Stripe",
      description: "Payments and customers.",
      domain: "api.stripe.com",
      auth: "static",
      permissionGroups: ["Customers: read", "Invoices: read"],
      secrets: ["STRIPE_RESTRICTED_KEY"],
      setupSteps: [
        {
          text: "Create a restricted key with read access to Customers and Invoices.",
          link: "https://dashboard.stripe.com/apikeys",
        },
        { text: "Paste it here as STRIPE_RESTRICTED_KEY (rk_live_… or rk_test_…)." },
      ],
    },
    read: [
      {
        name: "stripe_find_customer",
        description: "Finds a Stripe customer by email.",
        method: "GET",
        endpoint: "https://api.stripe.com/v1/customers/search",
        headers: bearer("STRIPE_RESTRICTED_KEY"),
        query: { query: "email:'{{input.email}}'" },
        inputSchema: {
          type: "object",
          properties: { email: { type: "string" } },
          required: ["email"],
        },
        mockData: [
          { id: "cus_QbX81aPz3", email: "ana@northwind.io", name: "Ana Ruiz", delinquent: false },
          { id: "cus_QbX9LmT02", email: "li@bluefern.health", name: "Li Wei", delinquent: true },
          {
            id: "cus_QbXA7hKe5",
            email: "sam@acmelogistics.com",
            name: "Sam Osei",
            delinquent: false,
          },
        ],
      },
      {
        name: "stripe_list_invoices",
        description: "Lists a Stripe customer's recent invoices.",
        method: "GET",
        endpoint: "https://api.stripe.com/v1/invoices",
        headers: bearer("STRIPE_RESTRICTED_KEY"),
        query: { customer: "{{input.customer}}", limit: "5" },
        inputSchema: {
          type: "object",
          properties: { customer: { type: "string", description: "A customer id, cus_…" } },
          required: ["customer"],
        },
        mockData: [
          { id: "in_1PqA", amount_due: 12900, currency: "eur", status: "paid" },
          { id: "in_1PqB", amount_due: 4500, currency: "eur", status: "open" },
          { id: "in_1PqC", amount_due: 30000, currency: "usd", status: "uncollectible" },
        ],
      },
    ],
    write: [],
  },
];

export interface ServiceUse {
  key: string;
  service: Service;
  tools: Tool[];
}

const SERVICE_AFTER =
  /^\s*(handles?|usernames?|user names?|ids?|urls?|links?|profiles?|names?|emails?|accounts? names?)\b/;
const PREPOSITION_BEFORE =
  /\b(in|into|to|from|on|onto|via|with|using|through|a|an|each|new)\s+(the\s+|our\s+)?$/;

/**
 * Whether a sentence asks to reach the service, not just names it: a verb to act with, the
 * service after "in / to / from / via …" or a verb ("check Stripe", "a Jira ticket"), and not a
 * field ("slack handle").
 */
function asksToReach(sentence: string, words: RegExp): boolean {
  const match = words.exec(sentence);
  if (!match) return false;
  const before = sentence.slice(0, match.index);
  const after = sentence.slice(match.index + match[0].length);
  if (SERVICE_AFTER.test(after)) return false;
  if (!READ_VERBS.test(sentence) && !WRITE_VERBS.test(sentence)) return false;
  const verb = before.trim().split(/\s+/).at(-1) ?? "";
  return PREPOSITION_BEFORE.test(before) || READ_VERBS.test(verb) || WRITE_VERBS.test(verb);
}

/** The services a conversation names, each with the tools its wording asks for. */
export function detectServices(text: string): ServiceUse[] {
  const lower = text.toLowerCase();
  const sentences = lower.split(/[.!?\n]/);
  const out: ServiceUse[] = [];
  for (const t of TEMPLATES) {
    const said = sentences.filter((s) => asksToReach(s, t.words)).join(" ");
    if (!said) continue;
    const writes = WRITE_VERBS.test(said) && t.write.length > 0;
    const reads = READ_VERBS.test(said) || !writes;
    const tools = [...(reads ? t.read : []), ...(writes ? t.write : [])];
    out.push({ key: t.key, service: t.service, tools });
  }
  return out;
}

/** The agent tool entries of agents.json for these services. */
export function serviceTools(uses: ServiceUse[]) {
  return uses.flatMap((u) =>
    u.tools.map((tool) => ({
      type: "custom" as const,
      ...tool,
      integration: { domain: u.service.domain },
    })),
  );
}

/** integration-setup.json for these services. */
export function integrationSetupOf(uses: ServiceUse[]): IntegrationSetupInput {
  return { version: 1, services: uses.map((u) => u.service) };
}
