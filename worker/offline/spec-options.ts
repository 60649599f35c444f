import { lastWord } from "./spec-text";

// Ordered options for status-like fields: first by what the record is (a ticket's status differs
// from an order's), then by the field's own name. The first option is the default.

const o = (list: string) => list.split("|");

const BY_RECORD: Record<string, Record<string, string[]>> = {
  status: {
    task: o("To do|In progress|In review|Done"),
    todo: o("To do|In progress|Done"),
    ticket: o("New|Open|Pending|Solved"),
    bug: o("Open|In progress|In review|Fixed|Closed"),
    issue: o("Open|In progress|In review|Fixed|Closed"),
    incident: o("Investigating|Identified|Monitoring|Resolved"),
    order: o("Pending|Paid|Shipped|Delivered|Cancelled"),
    invoice: o("Draft|Sent|Paid|Overdue|Void"),
    project: o("Planning|Active|On hold|Completed"),
    request: o("Pending|Approved|Rejected"),
    reservation: o("Requested|Confirmed|Seated|Completed|Cancelled"),
    booking: o("Requested|Confirmed|Completed|Cancelled"),
    appointment: o("Scheduled|Checked in|Completed|Cancelled|No-show"),
    event: o("Planning|Confirmed|Done|Cancelled"),
    post: o("Idea|Drafting|In review|Scheduled|Published"),
    article: o("Draft|In review|Published"),
    expense: o("Submitted|Approved|Reimbursed|Rejected"),
    book: o("Want to read|Reading|Finished|Abandoned"),
    vendor: o("Prospective|Active|Under review|Inactive"),
    supplier: o("Prospective|Active|Under review|Inactive"),
    contract: o("Draft|Active|Expiring|Expired"),
    objective: o("On track|At risk|Off track|Done"),
    goal: o("Not started|On track|At risk|Achieved"),
    member: o("Active|Paused|Cancelled"),
    lead: o("New|Contacted|Qualified|Unqualified"),
    candidate: o("Applied|Screening|Interview|Offer|Hired|Rejected"),
    applicant: o("Applied|Screening|Interview|Offer|Hired|Rejected"),
    job: o("Open|On hold|Filled|Closed"),
    campaign: o("Planned|Active|Paused|Completed"),
    asset: o("In use|In storage|In repair|Retired"),
    equipment: o("Available|Checked out|In repair|Retired"),
    vehicle: o("Available|In use|In maintenance|Retired"),
    feature: o("Idea|Planned|In progress|Shipped"),
    subscription: o("Active|Cancelling|Cancelled"),
    employee: o("Active|On leave|Former"),
    hire: o("Not started|In progress|Completed"),
    student: o("Active|On leave|Graduated"),
    plant: o("Healthy|Needs attention|Dormant"),
  },
  stage: {
    deal: o("Lead|Qualified|Proposal|Won|Lost"),
    opportunity: o("Lead|Qualified|Proposal|Won|Lost"),
    lead: o("New|Contacted|Qualified|Unqualified"),
    candidate: o("Applied|Screening|Interview|Offer|Hired|Rejected"),
    applicant: o("Applied|Screening|Interview|Offer|Hired|Rejected"),
  },
  type: {
    ticket: o("Question|Problem|Incident|Feature request"),
    expense: o("Travel|Meals|Software|Office supplies|Other"),
    request: o("Vacation|Sick|Personal|Other"),
    event: o("Meeting|Workshop|Conference|Social|Other"),
    asset: o("Laptop|Desktop|Monitor|Phone|License|Other"),
    contact: o("Customer|Prospect|Partner|Vendor"),
    company: o("Customer|Prospect|Partner|Vendor"),
  },
  category: {
    expense: o("Travel|Meals|Software|Office supplies|Other"),
    product: o("Hardware|Software|Service|Other"),
    equipment: o("Laptop|Monitor|Camera|Audio|Accessory|Other"),
    article: o("Getting started|How-to|Troubleshooting|Policy"),
  },
  level: {
    class: o("Beginner|Intermediate|Advanced"),
    course: o("Beginner|Intermediate|Advanced"),
    skill: o("Beginner|Intermediate|Advanced"),
    student: o("Beginner|Intermediate|Advanced"),
  },
};

const BY_FIELD: Record<string, string[]> = {
  status: o("New|In progress|Done"),
  state: o("New|In progress|Done"),
  stage: o("Planning|In progress|Review|Done"),
  phase: o("Planning|Execution|Review|Done"),
  priority: o("Low|Medium|High|Urgent"),
  severity: o("Low|Medium|High|Critical"),
  urgency: o("Low|Medium|High"),
  impact: o("Low|Medium|High"),
  level: o("Low|Medium|High"),
  difficulty: o("Easy|Medium|Hard"),
  tier: o("Bronze|Silver|Gold"),
  membership: o("Basic|Premium|Family"),
  condition: o("New|Good|Fair|Needs repair"),
  frequency: o("Daily|Weekly|Monthly|Quarterly|Yearly"),
  sentiment: o("Positive|Neutral|Negative"),
  mood: o("Great|Good|Okay|Bad"),
  department: o("Engineering|Sales|Marketing|Operations|Finance|People"),
  method: o("Card|Bank transfer|Cash|Other"),
  channel: o("Email|Phone|Chat|Web|Social"),
  quarter: o("Q1|Q2|Q3|Q4"),
  rsvp: o("Invited|Going|Maybe|Declined"),
  outcome: o("Pending|Positive|Neutral|Negative"),
  seniority: o("Junior|Mid|Senior|Lead"),
  source: o("Website|Referral|Event|Outbound|Other"),
  genre: o("Fiction|Non-fiction|Biography|Science|History|Other"),
  cuisine: o("Italian|Mexican|Asian|Indian|American|Other"),
  course: o("Breakfast|Main|Side|Dessert|Snack|Drink"),
  type: o("General|Other"),
  kind: o("General|Other"),
  category: o("General|Other"),
};

/** The options for a status-like field named `phrase` on a record of kind `noun`. */
export function statusOptions(phrase: string, noun: string): string[] {
  const field = lastWord(phrase);
  const record = lastWord(noun);
  const byRecord = Object.hasOwn(BY_RECORD, field) ? BY_RECORD[field]! : {};
  const first = phrase.split(" ")[0] ?? "";
  const specific = own(byRecord, record) ?? own(byRecord, first);
  return [...(specific ?? own(BY_FIELD, field) ?? BY_FIELD.status!)];
}

function own<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
