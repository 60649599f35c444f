/**
 * The fidelity suite: prompts the builder has never been tuned on, each with what it names written
 * down. An entity is `names: fields`, names separated by `/` (alternatives a reader would accept);
 * each field is `name[/alt…]:type[=Option|Option][ min..max]`:
 * - `text`, `longtext`, `prose` (either text kind), `email`, `url`, `boolean`, `date`, `datetime`;
 * - `integer`, `decimal`, `currency`, `percent`, or `number` for any number format;
 * - `select` with `=A|B|C` for a stated list (exactly those options, in order), bare `select` when
 *   the prompt names a choice without listing it, `choice` for either text or a select;
 * - `>entity` for a relation to the named entity (the field is named after it).
 * Bounds (`1..5`, `..100`) are what "from 1 to 5" or "out of 100" state.
 * Fields the prompt does not name are not listed: a builder may add an obviously implied title,
 * but every other field it adds is padding, and a required one is invented.
 */
export interface FidelityCase {
  prompt: string;
  entities: Record<string, string>;
}

export const CASES: FidelityCase[] = [
  {
    prompt: "A vendor list with name, contact email and category (hardware, software, services)",
    entities: {
      vendor: "name:text, contact email/email:email, category:select=Hardware|Software|Services",
    },
  },
  {
    prompt:
      "Track job applications for my own job search: company, role, applied date, status (applied / interviewing / offer / rejected) and a link to the posting",
    entities: {
      "job application/application":
        "company:text, role:text, applied date:date, status:select=Applied|Interviewing|Offer|Rejected, link to the posting/posting link/posting/link:url",
    },
  },
  {
    prompt:
      "competitor tracker: each competitor has a name, website, monthly price in USD, strengths and weaknesses",
    entities: {
      competitor:
        "name:text, website:url, monthly price:currency, strengths:prose, weaknesses:prose",
    },
  },
  {
    prompt:
      "Book club app: books with title, author, genre (fiction, non-fiction, poetry), rating from 1 to 5, and whether we finished it",
    entities: {
      book: "title:text, author:text, genre:select=Fiction|Non-fiction|Poetry, rating:integer 1..5, finished:boolean",
    },
  },
  {
    prompt: "Meeting notes app. Each meeting has a date and time, attendees, agenda and decisions.",
    entities: {
      meeting:
        "date and time/date/when/starts at/time:datetime, attendees:prose, agenda:longtext, decisions:longtext",
    },
  },
  {
    prompt:
      "Inventory: products with SKU, name, quantity in stock, reorder level and unit price in EUR. Products belong to suppliers. Suppliers have a name, email and phone.",
    entities: {
      product:
        "sku:text, name:text, quantity in stock/quantity/stock:integer, reorder level:integer, unit price:currency, supplier:>supplier",
      supplier: "name:text, email:email, phone:text",
    },
  },
  {
    prompt:
      "Plan our wedding: guests with name, RSVP (yes / no / maybe), meal choice (chicken, fish or vegetarian) and a plus-one yes/no",
    entities: {
      guest:
        "name:text, rsvp:select=Yes|No|Maybe, meal choice/meal:select=Chicken|Fish|Vegetarian, plus one:boolean",
    },
  },
  {
    prompt:
      "I want to log my runs: date, distance in km, duration in minutes, effort from 1 to 10 and notes",
    entities: {
      run: "date:date, distance:decimal, duration:integer, effort:integer 1..10, notes:longtext",
    },
  },
  {
    prompt:
      "Bug tracker where each bug has a title, steps to reproduce, severity (low/medium/high/critical), reported at (date and time) and whether it is fixed",
    entities: {
      bug: "title:text, steps to reproduce:longtext, severity:select=Low|Medium|High|Critical, reported at:datetime, fixed:boolean",
    },
  },
  {
    prompt:
      "Recipes with name, cuisine, prep time in minutes, servings, ingredients and instructions. Each recipe has a difficulty: easy, medium or hard.",
    entities: {
      recipe:
        "name:text, cuisine:choice, prep time:integer, servings:integer, ingredients:longtext, instructions:longtext, difficulty:select=Easy|Medium|Hard",
    },
  },
  {
    prompt:
      "Volunteer roster with volunteers (name, phone, email, available weekends yes/no). Log shifts under each volunteer with a date, hours worked and location.",
    entities: {
      volunteer: "name:text, phone:text, email:email, available weekends:boolean",
      shift: "date:date, hours worked/hours:decimal, location:text, volunteer:>volunteer",
    },
  },
  {
    prompt:
      "Expense tracker: amount (USD), date, category - travel, meals, office or other, paid by, receipt url, reimbursed?",
    entities: {
      expense:
        "amount:currency, date:date, category:select=Travel|Meals|Office|Other, paid by:text, receipt url/receipt:url, reimbursed:boolean",
    },
  },
  {
    prompt:
      "property management: properties with address, monthly rent and bedrooms; tenants with name, email, phone, lease start and lease end. Each tenant belongs to a property.",
    entities: {
      property: "address:text, monthly rent/rent:currency, bedrooms:integer",
      tenant:
        "name:text, email:email, phone:text, lease start:date, lease end:date, property:>property",
    },
  },
  {
    prompt:
      "Track customer complaints per store. Stores have a name and city. Complaints have a description, received on date, severity from 1 to 5 and resolved yes/no.",
    entities: {
      store: "name:text, city:text",
      "complaint/customer complaint":
        "description:longtext, received on/received on date/received date/received:date, severity:integer 1..5, resolved:boolean, store:>store",
    },
  },
  {
    prompt:
      "a simple habit tracker with habit name, frequency (daily/weekly/monthly), streak count and last done date",
    entities: {
      habit:
        "habit name/name:text, frequency:select=Daily|Weekly|Monthly, streak count/streak:integer, last done date/last done:date",
    },
  },
  {
    prompt:
      "Classes and students. Each student has a name, grade level (9, 10, 11, 12) and a parent email. Students belong to a class; classes have a name, teacher and room number.",
    entities: {
      student: "name:text, grade level/grade:select=9|10|11|12, parent email:email, class:>class",
      class: "name:text, teacher:text, room number/room:text",
    },
  },
  {
    prompt:
      "Keep tabs on our SaaS subscriptions: tool name, monthly cost, renewal date, owner, seats and whether it auto-renews",
    entities: {
      "subscription/saas subscription":
        "tool name/name/tool:text, monthly cost/cost:currency, renewal date:date, owner:text, seats:integer, auto renews/auto renew/autorenews:boolean",
    },
  },
  {
    prompt:
      "Content calendar: posts with title, channel (blog, LinkedIn, newsletter), publish date and time, author and status draft/scheduled/published",
    entities: {
      post: "title:text, channel:select=Blog|LinkedIn|Newsletter, publish date and time/publish date/publish at/publish time:datetime, author:text, status:select=Draft|Scheduled|Published",
    },
  },
  {
    prompt:
      "A tool library where neighbours borrow tools. Tools have a name, condition (good, worn, broken) and purchase price. Loans have a borrower name, borrowed on, due back date and returned yes or no. Each loan belongs to a tool.",
    entities: {
      tool: "name:text, condition:select=Good|Worn|Broken, purchase price/price:currency",
      loan: "borrower name/borrower:text, borrowed on/borrowed:date, due back date/due back:date, returned:boolean, tool:>tool",
    },
  },
  {
    prompt:
      "Fleet maintenance: vehicles (plate number, make, model, year, mileage) and service records under each vehicle with service date, cost and description",
    entities: {
      vehicle: "plate number/plate:text, make:text, model:text, year:integer, mileage:number",
      "service record/service":
        "service date:date, cost:currency, description:longtext, vehicle:>vehicle",
    },
  },
  {
    prompt:
      "okrs: objectives with title, quarter (Q1/Q2/Q3/Q4) and owner; key results with description, target value, current value and progress %. Each key result belongs to an objective.",
    entities: {
      objective: "title:text, quarter:select=Q1|Q2|Q3|Q4, owner:text",
      "key result":
        "description:prose, target value/target:number, current value/current:number, progress:percent, objective:>objective",
    },
  },
  {
    prompt: "a bug trakcer: bugs with titel, priorty (low, medium, high) and due date",
    entities: {
      bug: "title:text, priority:select=Low|Medium|High, due date:date",
    },
  },
  {
    prompt:
      "Sales leads: company name, contact person, email, deal size in dollars, stage (new, contacted, proposal, won, lost) and next follow-up date",
    entities: {
      "lead/sales lead":
        "company name/company:text, contact person/contact:text, email:email, deal size:currency, stage:select=New|Contacted|Proposal|Won|Lost, next follow up date/next follow up:date",
    },
  },
  {
    prompt:
      "Support tickets per customer. Customers: name, company, email. Tickets: subject, description, priority (P1, P2, P3), opened at timestamp, status open/closed.",
    entities: {
      customer: "name:text, company:text, email:email",
      "ticket/support ticket":
        "subject:text, description:longtext, priority:select=P1|P2|P3, opened at:datetime, status:select=Open|Closed, customer:>customer",
    },
  },
  {
    prompt: "Home library – for each book: title, author, ISBN, pages, read yes/no, lent to",
    entities: {
      book: "title:text, author:text, isbn:text, pages:integer, read:boolean, lent to:text",
    },
  },
  {
    prompt:
      "Event RSVPs: events have a name, starts at, venue and capacity; attendees have name, email and dietary needs. Attendees belong to events.",
    entities: {
      event: "name:text, starts at/start:datetime, venue:text, capacity:integer",
      attendee: "name:text, email:email, dietary needs:prose, event:>event",
    },
  },
  {
    prompt:
      "Grant applications with funder, amount requested (€), deadline, submitted (yes/no) and outcome: pending, awarded or declined",
    entities: {
      "grant application/application/grant":
        "funder:text, amount requested/amount:currency, deadline:date, submitted:boolean, outcome:select=Pending|Awarded|Declined",
    },
  },
  {
    prompt:
      "Lab samples: sample id, collected at (date time), temperature in °C, ph, technician, notes",
    entities: {
      "sample/lab sample":
        "sample id:text, collected at:datetime, temperature:decimal, ph:number, technician:text, notes:longtext",
    },
  },
  {
    prompt:
      "I run a small bakery. Track orders with customer name, pickup date, total price, paid (yes/no) and items",
    entities: {
      order:
        "customer name/customer:text, pickup date:date, total price/total:currency, paid:boolean, items:prose",
    },
  },
  {
    prompt:
      "Hiring pipeline for our company: candidates with name, email, position, interview date, score from 1 to 10 and stage (screening / interview / offer / hired / rejected)",
    entities: {
      candidate:
        "name:text, email:email, position:text, interview date:date, score:integer 1..10, stage:select=Screening|Interview|Offer|Hired|Rejected",
    },
  },
  {
    prompt:
      "Plant care: each plant has a name, species, location, watering frequency in days and last watered date",
    entities: {
      plant:
        "name:text, species:text, location:text, watering frequency/frequency:integer, last watered date/last watered:date",
    },
  },
  {
    prompt:
      "Project tracker. Projects have a name, client, budget and deadline. Tasks under each project with title, assignee, estimate in hours and a done checkbox.",
    entities: {
      project: "name:text, client:text, budget:currency, deadline:date",
      task: "title:text, assignee:text, estimate:decimal, done:boolean, project:>project",
    },
  },
  {
    prompt:
      "Room bookings: room (Aurora, Borealis, Cosmos), booked by, starts at, ends at and purpose",
    entities: {
      "booking/room booking":
        "room:select=Aurora|Borealis|Cosmos, booked by:text, starts at:datetime, ends at:datetime, purpose:prose",
    },
  },
  {
    prompt:
      "Asset register — assets with asset tag, type (laptop / phone / monitor), serial number, assigned to, purchase cost and purchase date",
    entities: {
      asset:
        "asset tag/tag:text, type:select=Laptop|Phone|Monitor, serial number:text, assigned to/assignee:text, purchase cost:currency, purchase date:date",
    },
  },
  {
    prompt:
      "A reading log for my kids: books with title and author, and reading sessions per book with date, minutes read and reader",
    entities: {
      book: "title:text, author:text",
      "reading session/session": "date:date, minutes read/minutes:integer, reader:text, book:>book",
    },
  },
  {
    prompt:
      "Track invoices: invoice number, client, issue date, due date, amount in GBP, VAT rate %, status (draft, sent, paid, overdue)",
    entities: {
      invoice:
        "invoice number:text, client:text, issue date:date, due date:date, amount:currency, vat rate/vat:percent, status:select=Draft|Sent|Paid|Overdue",
    },
  },
  {
    prompt:
      "customer feedback: each piece of feedback has the customer email, the product area (billing, onboarding, reporting), sentiment positive/neutral/negative, and the comment",
    entities: {
      feedback:
        "customer email/email:email, product area/area:select=Billing|Onboarding|Reporting, sentiment:select=Positive|Neutral|Negative, comment:longtext",
    },
  },
  {
    prompt:
      "Equipment checkout: items (name, category, serial) and checkouts with borrower email, checked out at and returned at. A checkout belongs to an item.",
    entities: {
      item: "name:text, category:choice, serial:text",
      checkout: "borrower email:email, checked out at:datetime, returned at:datetime, item:>item",
    },
  },
  {
    prompt:
      "Dog walking business: dogs with name, breed, owner phone and weight in kg, and walks per dog with walk date, duration in minutes and paid yes/no",
    entities: {
      dog: "name:text, breed:text, owner phone:text, weight:decimal",
      walk: "walk date/date:date, duration:integer, paid:boolean, dog:>dog",
    },
  },
  {
    prompt:
      "Conference talks: talk title, speaker, track (frontend | backend | data), slot (morning, afternoon) and accepted yes/no",
    entities: {
      "talk/conference talk":
        "talk title/title:text, speaker:text, track:select=Frontend|Backend|Data, slot:select=Morning|Afternoon, accepted:boolean",
    },
  },
  {
    prompt:
      "Maintenance requests: each request has a unit number, issue description, urgency (low, normal, emergency), reported on and a photo link",
    entities: {
      "maintenance request/request":
        "unit number/unit:text, issue description/description:longtext, urgency:select=Low|Normal|Emergency, reported on:date, photo link/photo:url",
    },
  },
  {
    prompt:
      "A wine cellar: wines with name, vintage year, region, price per bottle, quantity and a rating out of 100",
    entities: {
      wine: "name:text, vintage year/vintage:integer, region:text, price per bottle/price:currency, quantity:integer, rating:integer ..100",
    },
  },
  {
    prompt:
      "Team directory: people with name, role, team (design, engineering, sales), start date, birthday and slack handle",
    entities: {
      "person/people/team member/member":
        "name:text, role:text, team:select=Design|Engineering|Sales, start date:date, birthday:date, slack handle:text",
    },
  },
  {
    prompt:
      "Car rental: customers, cars and rentals. Each rental belongs to a customer and a car, with pick-up date, return date and daily rate.",
    entities: {
      customer: "",
      car: "",
      rental:
        "customer:>customer, car:>car, pick up date/pickup date:date, return date:date, daily rate:currency",
    },
  },
  {
    prompt:
      "A study planner: subjects with name and teacher; assignments per subject with title, due date, weight percent and submitted yes/no",
    entities: {
      subject: "name:text, teacher:text",
      assignment: "title:text, due date:date, weight:percent, submitted:boolean, subject:>subject",
    },
  },
  {
    prompt: "invntory of laptops with serial number, asignee, purchase date and warrenty expiry",
    entities: {
      laptop: "serial number:text, assignee:text, purchase date:date, warranty expiry:date",
    },
  },
  {
    prompt:
      "A gym: members with name, email, membership type (basic, premium, family) and joined on; classes with name, instructor, day of week (mon, tue, wed, thu, fri) and capacity",
    entities: {
      member:
        "name:text, email:email, membership type/membership:select=Basic|Premium|Family, joined on/joined:date",
      class:
        "name:text, instructor:text, day of week/day:select=Mon|Tue|Wed|Thu|Fri, capacity:integer",
    },
  },
  // Sentences of access rules set collections.json rules; "viewers" and "agents" are no records.
  {
    prompt:
      "Support tickets with a subject and a priority (low, medium, high), and audit entries with a line. Hide the audit entries from viewers and let agents write to the audit entries.",
    entities: {
      "support ticket/ticket": "subject:text, priority:select=Low|Medium|High",
      "audit entry/audit": "line:text",
    },
  },
  {
    prompt:
      "Team reading list: books with a title, an author and a rating from 1 to 5. Everyone can only read books. Let agents write to books.",
    entities: { book: "title:text, author:text, rating:integer 1..5" },
  },
];

/**
 * Written after the grammar was: phrasing it had not seen. Scored apart from CASES. First run:
 * 40/49 (81.6 %), 3 invented entities ("it's invoiced", "valid from/until", "belong to … and
 * have …", GPA, a bare "track X and the Y I do"); those readings were then added to the grammar.
 */
export const HELD_OUT: FidelityCase[] = [
  {
    prompt:
      "I need a place to track my freelance clients and the projects I do for them. For each project: title, hourly rate, hours logged, start date and whether it's invoiced.",
    entities: {
      "client/freelance client": "",
      project:
        "title:text, hourly rate:currency, hours logged:decimal, start date:date, invoiced:boolean",
    },
  },
  {
    prompt:
      "Aquarium log: tanks with name and volume in liters; water tests per tank with tested at, ph, ammonia and nitrate",
    entities: {
      tank: "name:text, volume:decimal",
      "water test/test": "tested at:datetime, ph:number, ammonia:prose, nitrate:prose, tank:>tank",
    },
  },
  {
    prompt:
      "We want to manage parking permits. Each permit has a plate, holder name, holder email, zone (A, B or C), valid from and valid until.",
    entities: {
      "permit/parking permit":
        "plate:text, holder name:text, holder email:email, zone:select=A|B|C, valid from:date, valid until:date",
    },
  },
  {
    prompt:
      "Translation requests: source language, target language, word count, due date, rush (yes/no) and price in EUR",
    entities: {
      "translation request/request":
        "source language:prose, target language:prose, word count:integer, due date:date, rush:boolean, price:currency",
    },
  },
  {
    prompt:
      "Podcast planner - episodes with title, guest, recording date, status (idea/booked/recorded/published) and a link to the audio",
    entities: {
      episode:
        "title:text, guest:text, recording date:date, status:select=Idea|Booked|Recorded|Published, link to the audio/audio link/audio:url",
    },
  },
  {
    prompt:
      "Keep track of the office snacks: snack name, brand, price, stock count and a rating from 1 to 5 stars",
    entities: {
      "snack/office snack":
        "snack name/name:text, brand:text, price:currency, stock count/stock:integer, rating:integer 1..5",
    },
  },
  {
    prompt:
      "Scholarships our students apply to. Students have name, email and GPA. Applications belong to a student and have scholarship name, amount, deadline and result (pending, won, lost).",
    entities: {
      student: "name:text, email:email, gpa:number",
      application:
        "scholarship name/scholarship:text, amount:currency, deadline:date, result:select=Pending|Won|Lost, student:>student",
    },
  },
  {
    prompt:
      "Workshop sign-ups: workshops (title, date and time, seats) and registrations under each workshop with attendee name, email and paid?",
    entities: {
      workshop: "title:text, date and time/date/when:datetime, seats:integer",
      registration: "attendee name/attendee:text, email:email, paid:boolean, workshop:>workshop",
    },
  },
];

/**
 * A third set, written late and scored apart, not asserted: first run 24/37 (64.9 %); "a log of
 * our X", "departure time" and "min players" were then read; in session four "students sign up
 * per trip with …" (a verb between the records and "per") and "summary" as short text too.
 */
export const FRESH: FidelityCase[] = [
  {
    prompt:
      "Keep a log of our coffee roasts: bean origin, roast date, roast level (light, medium, dark), batch weight in grams and tasting notes",
    entities: {
      "roast/coffee roast":
        "bean origin:text, roast date:date, roast level:select=Light|Medium|Dark, batch weight:decimal, tasting notes:longtext",
    },
  },
  {
    prompt:
      "Manage school trips. Every trip has a destination, departure time, cost per student in USD and a permission slip deadline. Students sign up per trip with name, allergies and paid yes/no.",
    entities: {
      trip: "destination:text, departure time/departure:datetime, cost per student/cost:currency, permission slip deadline:date",
      "student/sign up/signup": "name:text, allergies:prose, paid:boolean, trip:>trip",
    },
  },
  {
    prompt:
      "Inventory of board games with title, min players, max players, play time in minutes, complexity from 1 to 5 and owned by",
    entities: {
      "board game/game":
        "title:text, min players:integer, max players:integer, play time:integer, complexity:integer 1..5, owned by:text",
    },
  },
  {
    prompt:
      "Help desk for our IT team: requests with summary, requester email, category (hardware / software / access), urgency 1-3, opened at and closed?",
    entities: {
      request:
        "summary:text, requester email:email, category:select=Hardware|Software|Access, urgency:integer 1..3, opened at:datetime, closed:boolean",
    },
  },
  {
    prompt:
      "Newsletter issues with subject, send date, open rate %, clicks and a link to the archive",
    entities: {
      "newsletter issue/issue":
        "subject:text, send date:date, open rate:percent, clicks:integer, link to the archive/archive link/archive:url",
    },
  },
  {
    prompt:
      "Bike shop repairs: each repair has a customer name, phone, bike model, problem description, quote in EUR, status (received, in progress, ready, collected) and ready by date",
    entities: {
      repair:
        "customer name:text, phone:text, bike model:text, problem description:longtext, quote:currency, status:select=Received|In progress|Ready|Collected, ready by date/ready by:date",
    },
  },
];

/**
 * Prompts quoted in issue 15 as misparsed, and more in their spirit, held out: first run 12/23
 * (52.2 %), 7 invented entities, 17 unnamed fields: "a tool to track our X with …" fell through to
 * the knowledge base's padded records, and "sets", "reps", "quantity on hand", "number of …" and "how many …" were text.
 * "members propose books and vote on them" (records and a count said as verbs) was then read too.
 */
export const MISPARSED: FidelityCase[] = [
  {
    prompt:
      "A tool to track our vendors with name, contact email and category (hardware, software, services)",
    entities: {
      vendor: "name:text, contact email/email:email, category:select=Hardware|Software|Services",
    },
  },
  {
    prompt: "gym log: workouts with date, exercise, sets, reps, weight in kg",
    entities: {
      workout: "date:date, exercise:text, sets:integer, reps:integer, weight:decimal",
    },
  },
  {
    prompt:
      "An inventory app for our warehouse: products with SKU, quantity on hand and reorder level; highlight products below reorder level",
    entities: {
      product: "sku:text, quantity on hand/quantity:integer, reorder level:integer",
    },
  },
  {
    prompt:
      "Make a book club app where members propose books and vote on them, with an agent that summarises the week's discussion every monday",
    entities: {
      book: "votes/vote count:number",
    },
  },
  {
    prompt: "A tool to track our event RSVPs with guest name, number of guests and dietary needs",
    entities: {
      "rsvp/event rsvp":
        "guest name/guest:text, number of guests/guests:integer, dietary needs:prose",
    },
  },
  {
    prompt: "Track our fundraisers: event name, date, how many volunteers and amount raised in USD",
    entities: {
      fundraiser:
        "event name/event:text, date:date, how many volunteers/volunteers:integer, amount raised/amount:currency",
    },
  },
  {
    prompt:
      "A system to manage our rentals with address, how many bedrooms, monthly rent in EUR and let yes/no",
    entities: {
      rental:
        "address:text, how many bedrooms/bedrooms:integer, monthly rent/rent:currency, let:boolean",
    },
  },
];

/**
 * A fourth set, written in session four while walking the product and scored apart, not tuned
 * on before its first run: possessive owners ("our team's …"), relative clauses ("coffee shops we
 * visit"), time units after "per" ("days per week"), hyphenated records ("check-ins") and a
 * parent described in a "belongs to" clause.
 */
export const WALKED: FidelityCase[] = [
  {
    prompt:
      "A sales pipeline: deals with a name, amount in USD, stage (lead, qualified, proposal, won, lost) and close date; each deal belongs to a company with a name and website",
    entities: {
      deal: "name:text, amount:currency, stage:select=Lead|Qualified|Proposal|Won|Lost, close date:date, company:>company",
      company: "name:text, website:url",
    },
  },
  {
    prompt:
      "Track our team's vacation requests: employee name, start date, end date, type (vacation/sick/personal), approved yes/no",
    entities: {
      "vacation request/request":
        "employee name/employee:text, start date:date, end date:date, type:select=Vacation|Sick|Personal, approved:boolean",
    },
  },
  {
    prompt:
      "My company's asset register: laptops with serial number, model, purchase date, price and assigned employee",
    entities: {
      laptop:
        "serial number:text, model:text, purchase date:date, price:currency, assigned employee/employee/assignee:text",
    },
  },
  {
    prompt:
      "Plan our wedding: guests with name, email, RSVP (yes, no, maybe), plus-one yes/no and table number; vendors with name, service, phone and deposit paid amount",
    entities: {
      guest:
        "name:text, email:email, rsvp:select=Yes|No|Maybe, plus one/plus-one:boolean, table number/table:integer",
      vendor:
        "name:text, service:text, phone:text, deposit paid amount/deposit paid/deposit:currency",
    },
  },
  {
    prompt:
      "Habit tracker: habits with a name and target days per week; check-ins per habit with a date and done yes/no",
    entities: {
      habit: "name:text, target days per week/target days/target:integer",
      "check-in/check in/checkin": "date:date, done:boolean, habit:>habit",
    },
  },
  {
    prompt:
      "A simple OKR tool: objectives with a title, owner and quarter (Q1, Q2, Q3, Q4); key results under each objective with a description, target value, current value and confidence 0-100%",
    entities: {
      objective: "title:text, owner:text, quarter:select=Q1|Q2|Q3|Q4",
      "key result":
        "description:prose, target value/target:number, current value:number, confidence:percent ..100, objective:>objective",
    },
  },
  {
    prompt:
      "Rate coffee shops we visit: shop name, neighbourhood, wifi yes/no, price level from 1 to 3 and a rating out of 5",
    entities: {
      "coffee shop/shop":
        "shop name/name:text, neighbourhood:text, wifi:boolean, price level:integer 1..3, rating:integer ..5",
    },
  },
  {
    prompt: "Track the kids' chores: chore name, assigned to, due day (Mon-Sun) and points",
    entities: {
      chore: "chore name/name:text, assigned to/assignee:text, points:integer",
    },
  },
  {
    prompt:
      "Manage our library's loans: each loan belongs to a member with a name and card number, and has a book title, borrowed on and due back date",
    entities: {
      loan: "book title/book/title:text, borrowed on:date, due back date/due back/due date:date, member:>member",
      member: "name:text, card number:text",
    },
  },
  {
    prompt:
      "Our studio's class schedule: classes with name, instructor, start time, capacity and level (beginner/intermediate/advanced)",
    entities: {
      class:
        "name:text, instructor:text, start time:datetime, capacity:integer, level:select=Beginner|Intermediate|Advanced",
    },
  },
  {
    prompt:
      "A CRM: contacts with name, email, phone and company; notes under each contact with text and date",
    entities: {
      contact: "name:text, email:email, phone:text, company:text",
      note: "text:prose, date:date, contact:>contact",
    },
  },
  {
    prompt:
      "Keep a log of customer calls: caller name, phone number, call time, duration in minutes, outcome (resolved, follow up, escalated) and notes",
    entities: {
      "customer call/call":
        "caller name/caller:text, phone number/phone:text, call time:datetime, duration:integer, outcome:select=Resolved|Follow up|Escalated, notes:prose",
    },
  },
];

/**
 * A fifth set, written after the fourth was read and scored apart: records introduced by what
 * people do with them ("volunteers sign up for shifts with …", "members suggest articles with …",
 * "interviewers leave scorecards per candidate with …"). First run 43/53 (81.1 %), one invented
 * entity; read since, with "the article discussed" as a link to the articles.
 */
export const UNSEEN: FidelityCase[] = [
  {
    prompt:
      "Volunteer shifts for our food bank: each shift has a date, start time, end time, role (sorting, driving, front desk) and how many volunteers are needed; volunteers sign up for shifts with their name and phone",
    entities: {
      shift:
        "date:date, start time:datetime, end time:datetime, role:select=Sorting|Driving|Front desk, how many volunteers are needed/how many volunteers/volunteers needed:integer",
      "volunteer/signup/sign up": "name:text, phone:text, shift:>shift",
    },
  },
  {
    prompt:
      "An equipment checkout log: items with name, serial, condition (new, good, worn, broken); checkouts per item with borrower, checked out at, returned at and notes",
    entities: {
      "item/equipment": "name:text, serial:text, condition:select=New|Good|Worn|Broken",
      checkout:
        "borrower:text, checked out at:datetime, returned at:datetime, notes:prose, item:>item",
    },
  },
  {
    prompt:
      "Our restaurant's menu: dishes with name, description, price in EUR, vegetarian yes/no, spice level 0-3 and course (starter, main, dessert)",
    entities: {
      dish: "name:text, description:prose, price:currency, vegetarian:boolean, spice level:integer 0..3, course:select=Starter|Main|Dessert",
    },
  },
  {
    prompt:
      "Grant applications: funder, program, amount requested in USD, deadline, submitted on, outcome (pending, awarded, declined) and a link to the proposal",
    entities: {
      "grant application/application":
        "funder:text, program:text, amount requested/amount:currency, deadline:date, submitted on:date, outcome:select=Pending|Awarded|Declined, link to the proposal/proposal link/proposal/link:url",
    },
  },
  {
    prompt:
      "A reading group tracker where members suggest articles with a title, url and why it matters; meetings have a date and the article discussed",
    entities: {
      article: "title:text, url:url, why it matters:prose",
      meeting: "date:date, article discussed/article:>article",
    },
  },
  {
    prompt:
      "Track plant watering: plants with name, location, light (low / medium / bright), water every N days and last watered on",
    entities: {
      plant:
        "name:text, location:text, light:select=Low|Medium|Bright, water every n days/water every/watering interval:integer, last watered on/last watered:date",
    },
  },
  {
    prompt:
      "Customer feedback: each piece of feedback has the customer email, product area (billing, onboarding, reporting), sentiment (positive, neutral, negative), score 1-10 and the comment",
    entities: {
      feedback:
        "customer email/email:email, product area:select=Billing|Onboarding|Reporting, sentiment:select=Positive|Neutral|Negative, score:integer 1..10, comment:prose",
    },
  },
  {
    prompt:
      "Hiring: candidates with name, email, role applied for, stage (screen, interview, offer, hired, rejected), interview date and time, and salary expectation in GBP; interviewers leave scorecards per candidate with rating 1-4 and notes",
    entities: {
      candidate:
        "name:text, email:email, role applied for/role:text, stage:select=Screen|Interview|Offer|Hired|Rejected, interview date and time/interview date/interview:datetime, salary expectation/salary:currency",
      scorecard: "rating:integer 1..4, notes:prose, candidate:>candidate",
    },
  },
];

/**
 * A sixth set, written last and scored apart: records grouped into others ("pages … grouped into
 * spaces with …"), owners said with "their" ("clients (…), their dogs (…)"), contractions ("papers
 * I'm reading"), a log named for what it is about ("issue log for our machines") and a rating
 * people give ("attendees can rate each talk from 1 to 5"). First run 37/58 (63.8 %), three
 * invented entities; read since.
 */
export const LAST: FidelityCase[] = [
  {
    prompt:
      "A fleet log for our delivery vans: each van has a plate number, model, mileage in km and next service date; trips per van with driver, departed at, returned at and distance in km",
    entities: {
      van: "plate number:text, model:text, mileage:decimal, next service date:date",
      trip: "driver:text, departed at:datetime, returned at:datetime, distance:decimal, van:>van",
    },
  },
  {
    prompt:
      "Track customer orders with order number, customer email, total in USD, paid yes/no, shipped on and shipping method (standard / express / pickup)",
    entities: {
      "customer order/order":
        "order number:text, customer email:email, total:currency, paid:boolean, shipped on:date, shipping method:select=Standard|Express|Pickup",
    },
  },
  {
    prompt:
      "An internal wiki-lite: pages with a title, body, owner email and last reviewed date, grouped into spaces with a name and description",
    entities: {
      page: "title:text, body:prose, owner email:email, last reviewed date/last reviewed:date, space:>space",
      space: "name:text, description:prose",
    },
  },
  {
    prompt:
      "Conference talks: title, speaker, track (frontend, backend, data, design), room, starts at and duration in minutes; attendees can rate each talk from 1 to 5",
    entities: {
      "conference talk/talk":
        "title:text, speaker:text, track:select=Frontend|Backend|Data|Design, room:text, starts at:datetime, duration:integer, rating:integer 1..5",
    },
  },
  {
    prompt:
      "I run a dog walking business and need to track clients (name, address, phone), their dogs (name, breed, size small/medium/large) and walks with date, duration and price in EUR",
    entities: {
      client: "name:text, address:text, phone:text",
      dog: "name:text, breed:text, size:select=Small|Medium|Large, client:>client",
      walk: "date:date, duration:number, price:currency",
    },
  },
  {
    prompt:
      "Issue log for our machines: machine name, fault description, severity (minor, major, critical), reported by, reported at, resolved?",
    entities: {
      "issue/fault":
        "machine name/machine:text, fault description/description:prose, severity:select=Minor|Major|Critical, reported by:text, reported at:datetime, resolved:boolean",
    },
  },
  {
    prompt:
      "Research papers I'm reading: title, authors, year, venue, status (to read, reading, done), key takeaways and a link",
    entities: {
      "research paper/paper":
        "title:text, authors:text, year:integer, venue:text, status:select=To read|Reading|Done, key takeaways/takeaways:prose, link:url",
    },
  },
  {
    prompt:
      "Track sponsorships: sponsor company, contact person, contact email, tier (gold, silver, bronze), amount in USD and contract signed yes/no",
    entities: {
      sponsorship:
        "sponsor company/sponsor:text, contact person:text, contact email:email, tier:select=Gold|Silver|Bronze, amount:currency, contract signed:boolean",
    },
  },
];

/**
 * A seventh set, written after the sixth was read, to see whether the readings added in session
 * four carry over to prompts nobody tuned on (scored apart, not asserted). First run 46/51
 * (90.2 %), against 63.8–81.1 % for the three sets before it: "grades per student per assignment"
 * (two parents), "orders contain line items" (the contained records belong to the orders), a
 * budget "per category" made a records list, and "SEV1-SEV3" as a range of options were missed,
 * and read since: the set is tuned on now, and the eighth is the untouched one.
 */
export const SEVENTH: FidelityCase[] = [
  {
    prompt:
      "Lab sample tracking. Each sample has an ID, patient initials, collected at (date and time), sample type (blood, urine, saliva), storage freezer and status (received, processing, stored, discarded).",
    entities: {
      sample:
        "id/sample id/id value:text, patient initials:text, collected at:datetime, sample type:select=Blood|Urine|Saliva, storage freezer/freezer:text, status:select=Received|Processing|Stored|Discarded",
    },
  },
  {
    prompt:
      "We need a content calendar: posts with title, channel (Twitter, LinkedIn, Blog), publish date, author and status (draft, scheduled, published)",
    entities: {
      post: "title:text, channel:select=Twitter|LinkedIn|Blog, publish date:date, author:text, status:select=Draft|Scheduled|Published",
    },
  },
  {
    prompt:
      "Classroom: students with name, grade level 1-12 and parent email; assignments with title, due date and max points; grades per student per assignment with score",
    entities: {
      student: "name:text, grade level:integer 1..12, parent email:email",
      assignment: "title:text, due date:date, max points:integer",
      grade: "score:number, student:>student, assignment:>assignment",
    },
  },
  {
    prompt:
      "Track our SaaS subscriptions: tool name, monthly cost in USD, renewal date, owner, seats and whether it's still in use",
    entities: {
      "saas subscription/subscription":
        "tool name/tool:text, monthly cost/cost:currency, renewal date:date, owner:text, seats:integer, still in use/in use:boolean",
    },
  },
  {
    prompt:
      "Warehouse pick lists: orders contain line items, each line item has a SKU, quantity and bin location; orders have a customer name and a ship-by date",
    entities: {
      order: "customer name:text, ship-by date/ship by date/ship by:date",
      "line item": "sku:text, quantity:integer, bin location:text, order:>order",
    },
  },
  {
    prompt:
      "A personal budget: transactions with date, payee, amount, category (rent, groceries, fun, savings) and a note; monthly budgets per category with a limit amount",
    entities: {
      transaction:
        "date:date, payee:text, amount:currency, category:select=Rent|Groceries|Fun|Savings, note:prose",
      "monthly budget/budget": "category:choice, limit amount/limit:currency",
    },
  },
  {
    prompt:
      "Parking permits for employees: employee, car plate, permit type (daily / monthly / annual), valid from, valid until and paid",
    entities: {
      "parking permit/permit":
        "employee:text, car plate/plate:text, permit type:select=Daily|Monthly|Annual, valid from:date, valid until:date, paid:boolean",
    },
  },
  {
    prompt:
      "Incident postmortems with title, incident date, severity SEV1-SEV3, root cause, action items and owner",
    entities: {
      "incident postmortem/postmortem":
        "title:text, incident date:date, severity:select=SEV1|SEV2|SEV3, root cause:prose, action items:prose, owner:text",
    },
  },
];

/**
 * An eighth set, written with its expectations before the builder ever read it, left untuned: the
 * honest measure of what a new prompt gets (scored apart, not asserted). First run 47/58 (81.0 %):
 * "attendance per lesson per swimmer" (a record named by an uncountable noun), "the loans our
 * makerspace gives out" (a clause with its own subject) and "tempo in bpm", "whether we can play it
 * live" as field names are missed.
 */
export const EIGHTH: FidelityCase[] = [
  {
    prompt:
      "Swim school: swimmers with name, birth date, level (tadpole, dolphin, shark) and guardian phone; lessons with a date and time, pool lane 1-6 and coach; attendance per lesson per swimmer with present yes/no",
    entities: {
      swimmer:
        "name:text, birth date:date, level:select=Tadpole|Dolphin|Shark, guardian phone:text",
      lesson: "date and time/date:datetime, pool lane/lane:integer 1..6, coach:text",
      attendance: "present:boolean, lesson:>lesson, swimmer:>swimmer",
    },
  },
  {
    prompt:
      "Keep track of the loans our makerspace gives out: tool, borrower email, borrowed at, due back on, deposit in EUR and returned?",
    entities: {
      loan: "tool:text, borrower email/email:email, borrowed at:datetime, due back on/due back:date, deposit:currency, returned:boolean",
    },
  },
  {
    prompt:
      "Customer success: accounts with company name, ARR in USD, health (green, yellow, red), renewal date and CSM; QBRs under each account with date, attendees and summary",
    entities: {
      account:
        "company name/company:text, arr:currency, health:select=Green|Yellow|Red, renewal date:date, csm:text",
      qbr: "date:date, attendees:prose, summary:prose, account:>account",
    },
  },
  {
    prompt:
      "A tiny app for our band: songs with title, key, tempo in bpm, length in minutes and whether we can play it live",
    entities: {
      song: "title:text, key:choice, tempo:integer, length:number, play it live/can play live/live:boolean",
    },
  },
  {
    prompt:
      "Track translation jobs: client, source language, target language, word count, rate per word in EUR, deadline and status (quoted, accepted, in progress, delivered, invoiced)",
    entities: {
      "translation job/job":
        "client:text, source language:text, target language:text, word count:integer, rate per word/rate:currency, deadline:date, status:select=Quoted|Accepted|In progress|Delivered|Invoiced",
    },
  },
  {
    prompt:
      "Greenhouse sensors log readings: each reading has a sensor, taken at, temperature in °C, humidity % and soil moisture 0-100",
    entities: {
      reading:
        "sensor:text, taken at:datetime, temperature:decimal, humidity:percent, soil moisture:integer 0..100",
    },
  },
  {
    prompt:
      "Our nonprofit's donors and donations: donors with name, email and type (individual / foundation / corporate); each donation belongs to a donor and has an amount in USD, date received and a campaign",
    entities: {
      donor: "name:text, email:email, type:select=Individual|Foundation|Corporate",
      donation: "amount:currency, date received:date, campaign:text, donor:>donor",
    },
  },
  {
    prompt:
      "Apartment hunting: listings with address, rent per month in GBP, bedrooms, available from, a link and my rating out of 10; viewings per listing with a date and time and notes",
    entities: {
      listing:
        "address:text, rent per month/rent:currency, bedrooms:integer, available from:date, link:url, rating:integer ..10",
      viewing: "date and time/date:datetime, notes:prose, listing:>listing",
    },
  },
];
