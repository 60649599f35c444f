import { type DraftEntity, draftEntity } from "./spec-draft";

/**
 * The offline builder's knowledge of common internal apps. Each domain lists the phrases that
 * name it and its entities in the notation of `parseFieldNotation` (spec-draft.ts); the first
 * entity is the app's main one and the first field of each is its title. Entity heads are
 * `noun[/plural][~alias…]`: an alias is a field name that points at the entity ("assignee").
 */
export interface Domain {
  name: string;
  keywords: string[];
  entities: DraftEntity[];
  /** Entities the domain knows but adds only when the prompt names them: "a lead tracker". */
  extras: DraftEntity[];
}

const d = (
  name: string,
  keywords: string,
  entities: [string, string][],
  extras: [string, string][] = [],
): Domain => ({
  name,
  keywords: keywords.split("|"),
  entities: entities.map(([head, fields]) => draftEntity(head, fields)),
  extras: extras.map(([head, fields]) => draftEntity(head, fields)),
});

const PRIORITY = "priority=Low|Medium|High|Urgent";

export const DOMAINS: Domain[] = [
  d(
    "Support desk",
    "support desk|help desk|helpdesk|customer support|ticketing|service desk|ticket|tickets|support|zendesk|customer service",
    [
      [
        "ticket",
        `subject!, requester email!, ${PRIORITY}, status=New|Open|Pending|Solved, type=Question|Problem|Incident|Feature request, assigned agent>support agent, customer>customer, description, due date`,
      ],
      ["customer~client", "name!, email, company, plan=Free|Pro|Enterprise, phone, notes"],
      [
        "support agent~agent~assignee",
        "name!, email!, team=Tier 1|Tier 2|Escalations, active:boolean",
      ],
    ],
  ),
  d(
    "CRM",
    "crm|customer relationship|sales pipeline|pipeline|deals|deal|prospects|clientes|kunden|opportunities",
    [
      [
        "company/companies~account~organization",
        "name!, website, industry=Software|Finance|Healthcare|Retail|Manufacturing|Other, employees:integer, phone, notes",
      ],
      ["contact", "name!, email, phone, company>company, job title, last contacted, notes"],
      [
        "deal~opportunity",
        "name!, company>company, contact>contact, value:currency, stage=Lead|Qualified|Proposal|Won|Lost, close date, owner, notes",
      ],
    ],
    [
      [
        "lead~prospect",
        "name!, company>company, email, phone, status=New|Contacted|Qualified|Unqualified, source, value:currency, owner, last contacted, notes",
      ],
    ],
  ),
  d(
    "Recruiting tracker",
    "applicant tracking|ats|recruiting|recruitment|hiring|candidates|candidate|applicants|applicant|job openings|interviews|talent|job applications",
    [
      [
        "candidate~applicant",
        "name!, email!, phone, job>job, stage=Applied|Screening|Interview|Offer|Hired|Rejected, resume link, linkedin, rating, applied date, notes",
      ],
      [
        "job~position~opening~job opening~role",
        "title!, department, location, employment type=Full-time|Part-time|Contract|Internship, status=Open|On hold|Filled|Closed, salary range:text, hiring manager, description",
      ],
      [
        "interview",
        "title!, candidate>candidate!, interviewer, date, stage=Phone screen|Technical|Onsite|Final, score:integer, recommendation=Strong yes|Yes|No|Strong no, feedback",
      ],
    ],
  ),
  d(
    "Inventory tracker",
    "inventory|warehouse|stock|stock levels|sku|skus|inventario|inventaire|storeroom|spare parts|stockroom",
    [
      [
        "item~product~part",
        "name!, sku, category=Raw material|Component|Finished good|Supplies, quantity:integer, reorder point, unit cost, location, supplier>supplier, notes",
      ],
      [
        "supplier~vendor",
        "name!, contact name, email, phone, website, lead time days:integer, notes",
      ],
      [
        "stock movement~movement",
        "reference!, item>item!, type=Received|Shipped|Adjusted|Returned, quantity:integer!, date, notes",
      ],
    ],
  ),
  d("Bug tracker", "bug tracker|bug|bugs|issue tracker|issues|defects|defect|jira|bug reports|qa", [
    [
      "bug~issue~defect",
      `title!, description, steps to reproduce, severity=Low|Medium|High|Critical, ${PRIORITY}, status=Open|In progress|In review|Fixed|Closed, assignee, reporter email, release>release, due date`,
    ],
    ["release", "name!, release date, status=Planned|In progress|Released, notes"],
  ]),
  d("OKR tracker", "okr|okrs|objectives|objective|key results|goal setting|goals", [
    [
      "objective~goal",
      "title!, owner, team, quarter=Q1|Q2|Q3|Q4, status=On track|At risk|Off track|Done, progress:percent, description",
    ],
    [
      "key result",
      "title!, objective>objective!, owner, start value:decimal, target value:decimal, current value:decimal, progress:percent, due date, status=On track|At risk|Off track|Done",
    ],
  ]),
  d(
    "Expense tracker",
    "expense|expenses|expense tracker|spending|reimbursement|reimbursements|receipts|gastos|expense reports",
    [
      [
        "expense",
        "description:text!, amount:currency!, date!, category=Travel|Meals|Software|Office supplies|Other, paid by, status=Submitted|Approved|Reimbursed|Rejected, receipt link, billable:boolean, notes",
      ],
      [
        "budget",
        "name!, category=Travel|Meals|Software|Office supplies|Other, amount:currency, period=Monthly|Quarterly|Yearly, start date",
      ],
    ],
  ),
  d("Reading list", "reading list|books|book|reading|bookshelf|goodreads|novels|book club", [
    [
      "book",
      "title!, author, genre, status=Want to read|Reading|Finished|Abandoned, rating, started date, finished date, link, notes",
    ],
  ]),
  d(
    "Event planner",
    "event planning|events|event|conference|conferences|party|wedding|meetup|meetups|offsite|offsites|attendees|festival",
    [
      [
        "event",
        "name!, date!, venue, budget, capacity, status=Planning|Confirmed|Done|Cancelled, organizer, description",
      ],
      [
        "guest~attendee",
        "name!, email, event>event, rsvp=Invited|Going|Maybe|Declined, plus one:boolean, dietary needs:text",
      ],
      ["task", "title!, event>event, owner, due date, done"],
      ["vendor", "name!, service, event>event, email, phone, cost, booked:boolean"],
    ],
  ),
  d(
    "Vendor manager",
    "vendor management|vendors|vendor|suppliers|contracts|third party|third parties|supplier management",
    [
      [
        "vendor~supplier",
        "name!, category=Software|Services|Hardware|Facilities|Other, contact name, email, phone, website, status=Prospective|Active|Under review|Inactive, rating, notes",
      ],
      [
        "contract",
        "title!, vendor>vendor!, start date, end date, annual value:currency, status=Draft|Active|Expiring|Expired, auto renew:boolean, document link, notes",
      ],
    ],
  ),
  d(
    "Equipment checkout",
    "equipment|checkout|checkouts|check out|lending|loan|loans|borrow|borrowing|gear|loaner",
    [
      [
        "equipment/equipment~item~device",
        "name!, asset tag, category=Laptop|Monitor|Camera|Audio|Accessory|Other, serial number, condition=New|Good|Fair|Needs repair, status=Available|Checked out|In repair|Retired, location, notes",
      ],
      [
        "checkout~loan",
        "borrower!, equipment>equipment!, borrower email, checked out date, due back date, returned:boolean, returned date, notes",
      ],
    ],
  ),
  d(
    "Content calendar",
    "content calendar|editorial calendar|content|blog|blog posts|posts|social media|newsletter|editorial|publishing",
    [
      [
        "post~piece~article",
        "title!, channel=Blog|Newsletter|Social|Video|Podcast, status=Idea|Drafting|In review|Scheduled|Published, author, publish date, campaign>campaign, link, brief:longtext, body",
      ],
      [
        "campaign",
        "name!, goal:text, start date, end date, budget, status=Planned|Active|Completed",
      ],
    ],
  ),
  d(
    "Meeting notes app",
    "meeting notes|meetings|meeting|minutes|standup|standups|one on ones|retro|retros|retrospective",
    [
      [
        "meeting",
        "title!, date!, type=Standup|One-on-one|Team|Client|Retro, attendees:text, agenda, notes, decisions",
      ],
      ["action item", "title!, meeting>meeting, owner, due date, done"],
    ],
  ),
  d(
    "Onboarding checklist",
    "onboarding|new hires|new hire|new employees|orientation|offboarding|new starters",
    [
      [
        "new hire~hire~starter",
        "name!, email, role, department, start date!, manager, buddy, status=Not started|In progress|Completed",
      ],
      [
        "onboarding task~task~checklist item",
        "title!, new hire>new hire!, category=Paperwork|Equipment|Accounts|Training|Introductions, owner, due date, done, notes",
      ],
    ],
  ),
  d(
    "Time-off tracker",
    "time off|time-off|pto|vacation|vacations|leave requests|leave|holidays|absence|absences|sick days|annual leave",
    [
      [
        "time off request~request",
        "title!, employee>employee!, type=Vacation|Sick|Personal|Parental|Other, start date!, end date!, days:decimal, status=Pending|Approved|Rejected, approver, reason",
      ],
      [
        "employee~person~staff member",
        "name!, email!, department, manager, days allowance:decimal, start date",
      ],
    ],
  ),
  d(
    "Reservation book",
    "reservation|reservations|restaurant|table booking|diners|covers|bistro|cafe",
    [
      [
        "reservation~booking",
        "guest name!, phone, email, party size:integer!, date!, time:text, table>table, status=Requested|Confirmed|Seated|Completed|Cancelled|No-show, special requests:longtext",
      ],
      ["table", "name!, seats:integer, area=Indoor|Patio|Bar|Private room, active:boolean"],
    ],
  ),
  d(
    "Gym manager",
    "gym|fitness|yoga|pilates|crossfit|studio|workout|workouts|personal training|memberships",
    [
      [
        "member",
        "name!, email, phone, membership=Basic|Premium|Family, status=Active|Paused|Cancelled, joined date, birthday, notes",
      ],
      [
        "class/classes",
        "name!, trainer>trainer, start time, duration minutes:integer, capacity, level=Beginner|Intermediate|Advanced, room",
      ],
      ["trainer~instructor~coach", "name!, email, phone, specialty, active:boolean"],
    ],
  ),
  d(
    "Recipe box",
    "recipe|recipes|recipe box|cooking|cookbook|meal plan|meal planning|dishes|recetas|baking",
    [
      [
        "recipe",
        "name!, cuisine, course, prep time, servings, ingredients, instructions, source link, rating, favorite",
      ],
    ],
  ),
  d(
    "To-do list",
    "todo|to-do|to do|todos|to-dos|todo list|task list|chores|errands|tareas|aufgaben|taches",
    [["task~todo~to do", `title!, done, due date, ${PRIORITY}, notes`]],
  ),
  d(
    "Project tracker",
    "project management|projects|project|tasks|task|kanban|sprint|sprints|milestones|task manager|task tracker",
    [
      [
        "project",
        "name!, owner, status=Planning|Active|On hold|Completed, start date, due date, description",
      ],
      [
        "task",
        `title!, project>project, assignee, status=To do|In progress|In review|Done, ${PRIORITY}, due date, estimate hours:decimal, notes`,
      ],
    ],
  ),
  d(
    "Invoice tracker",
    "invoice|invoices|invoicing|billing|bills|accounts receivable|payments|facturas",
    [
      [
        "invoice",
        "invoice number!, client>client!, amount:currency!, issue date, due date, status=Draft|Sent|Paid|Overdue|Void, paid date, notes",
      ],
      ["client~customer", "name!, email, company, address, website, notes"],
    ],
  ),
  d(
    "Order tracker",
    "orders|order|ecommerce|e-commerce|shop|online store|shopify|fulfillment|shipping|sales orders",
    [
      [
        "order",
        "order number!, customer>customer!, order date, total:currency, status=Pending|Paid|Shipped|Delivered|Cancelled, shipping address, tracking number, notes",
      ],
      ["customer~client~buyer", "name!, email, phone, address, notes"],
      [
        "product",
        "name!, sku, price, stock:integer, category=Hardware|Software|Service|Other, active:boolean",
      ],
    ],
  ),
  d(
    "Asset tracker",
    "asset|assets|it assets|asset management|hardware|laptops|licenses|asset register",
    [
      [
        "asset~device",
        "name!, asset tag, type=Laptop|Desktop|Monitor|Phone|License|Other, serial number, assigned to>employee, purchase date, cost, warranty expiry:date, status=In use|In storage|In repair|Retired, notes",
      ],
      ["employee~person~owner", "name!, email!, department, location"],
    ],
  ),
  d(
    "Employee directory",
    "employee directory|directory|employees|staff|team directory|people|org chart|hr|personnel|headcount|colleagues",
    [
      [
        "employee~person~staff member~colleague",
        "name!, email!, phone, job title, department, manager>employee, location, start date, birthday, linkedin",
      ],
      ["team", "name!, lead>employee, description"],
    ],
  ),
  d("Campaign tracker", "marketing|campaigns|campaign|ads|advertising|promotions", [
    [
      "campaign",
      "name!, channel=Email|Social|Search|Events|Content, status=Planned|Active|Paused|Completed, budget, start date, end date, leads:integer, owner, goal:longtext",
    ],
  ]),
  d(
    "Feedback board",
    "feedback|feature requests|feature request|suggestions|ideas|idea board|nps|surveys",
    [
      [
        "feature request~request~idea~suggestion",
        `title!, description, requester email, votes:integer, status=Under review|Planned|In progress|Shipped|Declined, ${PRIORITY}, category=UX|Performance|Integrations|Reporting|Other`,
      ],
    ],
    [
      [
        "feedback/feedback~feedback item",
        "title!, customer, customer email:email, source=Email|Survey|Support|Sales call|In-app|Other, sentiment=Positive|Neutral|Negative, category=Bug|Feature request|Usability|Pricing|Other, status=New|Reviewed|Planned|Done|Won't do, details:longtext",
      ],
    ],
  ),
  d(
    "Knowledge base",
    "knowledge base|wiki|docs|documentation|articles|faq|faqs|help center|handbook|sops|policies",
    [
      [
        "article~doc~page",
        "title!, category=Getting started|How-to|Troubleshooting|Policy, status=Draft|In review|Published, author, body, tags, published date, last reviewed",
      ],
    ],
  ),
  d("Contact book", "address book|contacts|contact list|rolodex|phonebook|networking", [
    ["contact", "name!, email, phone, company, job title, birthday, linkedin, notes"],
  ]),
  d(
    "Training tracker",
    "training|trainings|courses|course|learning|certifications|lms|workshops|upskilling",
    [
      [
        "course",
        "title!, provider, level=Beginner|Intermediate|Advanced, duration hours:decimal, link, mandatory:boolean, description",
      ],
      [
        "enrollment",
        "learner!, learner email, course>course!, status=Not started|In progress|Completed, progress:percent, completed date, score:integer",
      ],
    ],
  ),
  d("Habit tracker", "habit|habits|routine|routines|streak|streaks|daily goals", [
    [
      "habit",
      "name!, frequency=Daily|Weekly|Monthly, streak:integer, done today:boolean, target:integer, category=Health|Work|Learning|Personal, notes",
    ],
  ]),
  d("Donor tracker", "donor|donors|donations|donation|fundraising|nonprofit|charity|grants", [
    [
      "donor",
      "name!, email, phone, tier=Friend|Supporter|Major donor, first gift date, total given:currency, notes",
    ],
    [
      "donation~gift",
      "title!, donor>donor!, amount:currency!, date!, campaign, method=Card|Bank transfer|Check|Cash, receipt sent:boolean",
    ],
  ]),
  d(
    "Property manager",
    "property management|properties|property|rental|rentals|tenants|tenant|landlord|leases|apartments|real estate",
    [
      [
        "property/properties",
        "name!, address, type=Apartment|House|Office|Retail, units:integer, monthly rent:currency, notes",
      ],
      [
        "tenant",
        "name!, email, phone, property>property!, lease start:date, lease end:date, rent:currency, notes",
      ],
      [
        "maintenance request~repair",
        `title!, property>property!, tenant>tenant, ${PRIORITY}, status=Reported|Scheduled|In progress|Done, reported date, cost, description`,
      ],
    ],
  ),
  d("Fleet tracker", "fleet|vehicles|vehicle|cars|trucks|vans|drivers|mileage", [
    [
      "vehicle~car~truck",
      "name!, plate number, model:text, year:integer, mileage:integer, status=Available|In use|In maintenance|Retired, driver>driver, next service date, notes",
    ],
    ["driver", "name!, email, phone, license expiry:date, active:boolean"],
    ["service record~service", "title!, vehicle>vehicle!, date!, mileage:integer, cost, notes"],
  ]),
  d("Mileage log", "mileage log|mileage logs|mileage|mileage tracker|business miles|trip log", [
    [
      "mileage entry/mileage entries",
      "purpose:text!, date!, vehicle, start location:text, end location:text, distance:decimal, start odometer:integer, end odometer:integer, reimbursable:boolean, notes",
    ],
  ]),
  d(
    "Gradebook",
    "students|student|classroom|school|teacher|teachers|grades|gradebook|homework|tutoring|pupils",
    [
      ["student~pupil", "name!, email, guardian email, grade level:text, notes"],
      ["assignment~homework", "title!, due date!, points:integer, description"],
      [
        "submission~grade",
        "title!, student>student!, assignment>assignment!, score:integer, submitted date, status=Missing|Submitted|Graded, feedback",
      ],
    ],
  ),
  d(
    "Incident tracker",
    "incident|incidents|outage|outages|on-call|oncall|postmortem|postmortems|post-mortems",
    [
      [
        "incident",
        "title!, severity=SEV1|SEV2|SEV3|SEV4, status=Investigating|Identified|Monitoring|Resolved, started at:date, resolved at:date, commander, affected service:text, summary",
      ],
      [
        "postmortem",
        "title!, incident>incident!, owner, root cause:longtext, action items:longtext, status=Draft|In review|Published",
      ],
    ],
  ),
  d(
    "Purchase request tracker",
    "purchase requests|purchase request|purchasing|procurement|purchase orders|requisitions",
    [
      [
        "purchase request~request",
        "item!, vendor, amount:currency!, quantity:integer, requested by, status=Requested|Approved|Ordered|Received|Rejected, needed by:date, justification, link",
      ],
    ],
  ),
  d(
    "Subscription tracker",
    "subscriptions|subscription|saas|software spend|renewals|software licenses",
    [
      [
        "subscription~tool",
        "name!, vendor, monthly cost:currency, billing cycle=Monthly|Yearly, renewal date, seats:integer, owner, status=Active|Cancelling|Cancelled, website, notes",
      ],
    ],
  ),
  d(
    "Appointment book",
    "appointments|appointment|patients|patient|clinic|dentist|therapy|salon|scheduling",
    [
      [
        "appointment~visit",
        "title!, patient>patient!, date!, time:text, type=Checkup|Follow-up|Consultation|Procedure, status=Scheduled|Checked in|Completed|Cancelled|No-show, provider, notes",
      ],
      ["patient", "name!, email, phone, birthday, insurance, notes"],
    ],
  ),
  d("Product roadmap", "roadmap|product roadmap|features|backlog|user stories|epics", [
    [
      "feature~epic~story",
      `title!, description, status=Idea|Planned|In progress|Shipped, ${PRIORITY}, quarter=Q1|Q2|Q3|Q4, owner, effort=S|M|L|XL, release>release`,
    ],
    ["release", "name!, target date, status=Planned|In progress|Released, notes"],
  ]),
  d(
    "Time tracker",
    "time tracking|timesheet|timesheets|time entries|hours worked|billable hours|time tracker|track time",
    [
      [
        "time entry",
        "description:text!, project>project!, date!, hours:decimal!, billable:boolean, person",
      ],
      [
        "project",
        "name!, client>client, hourly rate, budget hours:decimal, status=Active|Completed",
      ],
      ["client~customer", "name!, email, notes"],
    ],
  ),
  d("Volunteer manager", "volunteers|volunteer|volunteering|shifts|shift scheduling", [
    [
      "volunteer",
      "name!, email, phone, skills:text, availability=Weekdays|Weekends|Evenings|Flexible, active:boolean, joined date, notes",
    ],
    [
      "shift",
      "title!, date!, start time, end time, location, volunteer>volunteer, status=Open|Filled|Completed",
    ],
  ]),
  d("Bookmark library", "bookmarks|bookmark|links|resources|reading links", [
    [
      "bookmark~link~resource",
      "title!, link!, category=Article|Tool|Video|Reference, tags, read:boolean, notes",
    ],
  ]),
  d("Trip planner", "trip|trips|travel|itinerary|vacation planning|business travel", [
    [
      "trip",
      "name!, destination, start date, end date, budget, traveler, status=Idea|Booked|Done|Cancelled, notes",
    ],
    [
      "booking~reservation",
      "title!, trip>trip!, type=Flight|Hotel|Car|Train|Activity, date, cost, confirmation code:text, link",
    ],
  ]),
];

/** Entities by noun across every domain: the field lists the app starts from for a named noun. */
export function libraryEntity(noun: string): DraftEntity | undefined {
  for (const domain of DOMAINS) {
    const hit = known(domain).find((e) => e.noun === noun || e.plural === noun);
    if (hit) return hit;
  }
  for (const domain of DOMAINS) {
    const hit = known(domain).find((e) => e.aliases.includes(noun));
    if (hit && !["agent", "assignee", "owner", "request", "task", "item"].includes(noun))
      return hit;
  }
  return undefined;
}

const known = (domain: Domain) => [...domain.entities, ...domain.extras];
