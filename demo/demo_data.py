"""Invented but realistic Hackney content for `manage.py seed_demo`: partners, accounts and listing templates.

Every organisation, person, web address and email here is made up; domains end in `.example` so that nothing
the demo sends can reach a real inbox. Sector, programme, priority-group and ward names match reference_data.
"""

from accounts.models import Role
from opportunities.models import Kind, Status
from organisations.models import OrganisationType

# Printed for everyone by `make run`: a published demo password, not a secret.
PASSWORD = "demo-password-2026"  # noqa: S105

# One account per role; the partner admins belong to the organisations keyed "a" and "b" below.
ACCOUNTS = [
    {
        "email": "resident@demo.test",
        "full_name": "Amara Okafor",
        "role": Role.RESIDENT,
        "organisation": None,
        "label": "Resident",
        "signs_in_at": "/accounts/login/ (applications, saved listings and messages at /account/)",
    },
    {
        "email": "partner.a@demo.test",
        "full_name": "Tom Brennan",
        "role": Role.PARTNER,
        "organisation": "a",
        "label": "Partner admin",
        "signs_in_at": "/partners/ (applicants at /partners/applications/application/)",
    },
    {
        "email": "partner.b@demo.test",
        "full_name": "Priya Shah",
        "role": Role.PARTNER,
        "organisation": "b",
        "label": "Partner admin",
        "signs_in_at": "/partners/ (applicants at /partners/applications/application/)",
    },
    {
        "email": "advisor@demo.test",
        "full_name": "Jade Campbell",
        "role": Role.ADVISOR,
        "organisation": None,
        "label": "Advisor",
        "signs_in_at": "/admin/",
    },
    {
        "email": "staff@demo.test",
        "full_name": "Daniel Osei",
        "role": Role.STAFF,
        "organisation": None,
        "label": "Council staff",
        "signs_in_at": "/admin/ (messages at /account/)",
    },
]

# The demo resident's profile, and other residents who have applied to the first partner's listings so the
# partner has applicants to review. Phone numbers are in Ofcom's range for drama (07700 900000-900999).
RESIDENT_PROFILE = {
    "phone": "07700 900418",
    "postcode": "E8 3PH",
    "lives_in_hackney": True,
    "studied_in_hackney": True,
    "hours": "full_time",
    "attendance": "in_person",
    "skills": "Customer service from two years at a Dalston bakery; first aid certificate; fluent in English and Igbo.",
    "aspirations": "A Level 3 apprenticeship in business administration, then a permanent office job in Hackney.",
}
APPLICANTS = [
    ("Kwame Asante", "kwame.asante@residents.example", "07700 900101", "E5 8BP"),
    ("Zeynep Yilmaz", "zeynep.yilmaz@residents.example", "07700 900102", "N16 7UX"),
    ("Jordan Clarke", "jordan.clarke@residents.example", "07700 900103", "E9 6DA"),
    ("Hannah Goldberg", "hannah.goldberg@residents.example", "07700 900104", "N16 5SR"),
    ("Tunde Bakare", "tunde.bakare@residents.example", "07700 900105", "E8 2PB"),
    ("Mei Lin Chen", "meilin.chen@residents.example", "07700 900106", "E2 8HD"),
    ("Ryan O'Connor", "ryan.oconnor@residents.example", "07700 900107", "E5 0LH"),
    ("Fatima Hussain", "fatima.hussain@residents.example", "07700 900108", "N1 5LH"),
]
STATEMENTS = [
    "I have worked weekends at a market stall on Ridley Road for two years, so I am used to busy days, handling money "
    "and talking to all sorts of people. I want a role where I can learn properly and stay for the long term.",
    "I finished my Level 2 in Business at Hackney Community College this summer. I am organised, I like working in a "
    "team, and I would bring the same commitment I showed volunteering at my local food bank every Saturday.",
    "After caring for my mum for three years I am ready to get back to work. I am patient, reliable and good with "
    "people, and I would welcome the training this role offers.",
]
ANY_ANSWER = ["I would be glad to talk about this at an interview."]  # a question partners wrote in the demo
# Demo residents' answers to each screening question (SCREENING_QUESTIONS below), a few voices each.
SCREENING_ANSWERS = {
    "Why do you want this opportunity?": [
        "I want to learn a trade properly and this is close to home, so I can get there on time every day.",
        "I have wanted to work in this area since school, and your training means I can start without experience.",
        "After a few years out of work I want something steady where I can build up my confidence again.",
    ],
    "Tell us about a time you worked as part of a team.": [
        "At the food bank on Saturdays we sort donations in pairs and cover for each other when it gets busy.",
        "In my college project four of us planned an event; I kept the list of jobs and checked everyone was ok.",
        "On the market stall I work with my uncle and his friend: we split the setting up, serving and packing.",
    ],
    "Which days and times are you available?": [
        "Monday to Friday, any time. I can do some Saturdays with a week's notice.",
        "Weekdays from 9:30am, after I drop my son at school, until 5pm.",
        "Any day, any time: I have nothing else booked at the moment.",
    ],
    "What would you like to learn from this?": [
        "How a real workplace runs, and the skills to get a permanent job afterwards.",
        "Practical skills I can put on my CV, and what the job is like day to day.",
        "Whether this is the right career for me before I apply for an apprenticeship.",
    ],
    "Do you need any adjustments to come to an interview?": [
        "No, thank you.",
        "Yes: I would like the questions written down as well as asked, because I am dyslexic.",
        "Step-free access please, as I use a wheelchair some days.",
    ],
    "Do you have a CSCS card? If not, we can help you get one.": [
        "Not yet, but I would like help to get one.",
        "Yes, a green labourer card, valid until 2028.",
    ],
    "Tell us about a time you looked after someone.": [
        "I cared for my nan for two years: meals, medicines and getting her to appointments.",
        "I help my younger brother, who is autistic, with his routine before and after school.",
    ],
    "Are you happy to work early mornings or weekends?": [
        "Yes, early mornings are fine and I can do most weekends.",
        "Weekends yes; early mornings from 7am.",
    ],
    "Do you hold a full UK driving licence? (Not needed for cargo bike roles.)": [
        "No, but I cycle every day and would like a cargo bike role.",
        "Yes, a full licence for three years with no points.",
    ],
    "Tell us about any experience you have with children or young people.": [
        "I help at my church's youth club on Friday evenings and have a DBS check from that.",
        "I have looked after my nieces and nephews most weekends since I was 16.",
    ],
}
FEEDBACK = (
    "Thank you for applying. We had many strong applications and chose people with more experience of working with "
    "tools. Your statement was clear and friendly: keep building on it, and please apply again next year."
)

# (ward, address, postcode): well-known public buildings where we know them, busy streets elsewhere.
PLACES = [
    ("Brownswood", "Brownswood Road", "N4 2HP"),
    ("Cazenove", "Clapton Library, Northwold Road", "E5 8RA"),
    ("Cazenove", "Cazenove Road", "N16 6BD"),
    ("Clissold", "Clissold House, Clissold Park", "N16 9HJ"),
    ("Clissold", "Albion Road", "N16 9PL"),
    ("Dalston", "Dalston CLR James Library, Dalston Square", "E8 3BQ"),
    ("Dalston", "Ridley Road", "E8 2NP"),
    ("De Beauvoir", "Downham Road", "N1 5TD"),
    ("Hackney Central", "Hackney Town Hall, Mare Street", "E8 1EA"),
    ("Hackney Central", "Hackney Service Centre, 1 Hillman Street", "E8 1DY"),
    ("Hackney Downs", "Hackney Downs Studios, Amhurst Terrace", "E8 2BT"),
    ("Hackney Wick", "Queen's Yard, White Post Lane", "E9 5EN"),
    ("Hackney Wick", "Eastway", "E9 5ND"),
    ("Haggerston", "Haggerston Baths, Whiston Road", "E2 8BN"),
    ("Haggerston", "Kingsland Road", "E2 8EA"),
    ("Homerton", "Homerton Row", "E9 6SR"),
    ("Homerton", "Homerton High Street", "E9 6AS"),
    ("Hoxton East and Shoreditch", "Hoxton Street", "N1 6SH"),
    ("Hoxton East and Shoreditch", "Pitfield Street", "N1 6HA"),
    ("Hoxton West", "Britannia Leisure Centre, Hyde Road", "N1 5JU"),
    ("King's Park", "Kingsmead Way", "E9 5QG"),
    ("King's Park", "Daubeney Road", "E5 0EE"),
    ("Lea Bridge", "Chatsworth Road", "E5 0LL"),
    ("Lea Bridge", "Lea Bridge Road", "E5 9RD"),
    ("London Fields", "London Fields Lido, London Fields West Side", "E8 3EU"),
    ("London Fields", "Broadway Market", "E8 4PH"),
    ("Shacklewell", "Shacklewell Lane", "E8 2EZ"),
    ("Springfield", "Springfield Park, Spring Hill", "E5 9BE"),
    ("Springfield", "Upper Clapton Road", "E5 9JX"),
    ("Stamford Hill West", "Stamford Hill Library, Portland Avenue", "N16 6SB"),
    ("Stoke Newington", "Stoke Newington Town Hall, Church Street", "N16 0JR"),
    ("Stoke Newington", "Stoke Newington Library, Church Street", "N16 0JS"),
    ("Victoria", "Well Street", "E9 7PX"),
    ("Victoria", "Victoria Park Road", "E9 7HD"),
    ("Woodberry Down", "Seven Sisters Road", "N4 2SH"),
    ("Hackney Central", "Mare Street", "E8 1HR"),
    ("Hoxton West", "New North Road", "N1 6JB"),
    ("Stoke Newington", "Stoke Newington High Street", "N16 7PL"),
]

# Libraries, town halls, leisure centres and parks: where council teams and community groups run things, but
# not where a private employer's jobs are.
PUBLIC_VENUES = {
    "E5 8RA",
    "N16 9HJ",
    "E8 3BQ",
    "E8 1EA",
    "E8 1DY",
    "E2 8BN",
    "N1 5JU",
    "E8 3EU",
    "E5 9BE",
    "N16 6SB",
    "N16 0JR",
    "N16 0JS",
}

BUSINESS = "Business, finance and law"
CONSTRUCTION = "Construction and trades"
CREATIVE = "Creative, media and digital"
EDUCATION = "Education and childcare"
GREEN = "Green economy and environment"
HEALTH = "Health and social care"
HOSPITALITY = "Hospitality, food and catering"
PUBLIC = "Public sector and council services"
RETAIL = "Retail and customer service"
SCIENCE = "Science and technology"
SPORT = "Sport, leisure and tourism"
TRANSPORT = "Transport and logistics"
CHARITY = "Charity and community"

COUNCIL_APPRENTICESHIPS = "Council apprenticeships"
HACKNEY_100 = "Hackney 100"
SUPPORTED_INTERNSHIPS = "Supported internships"
FULL_POTENTIAL = "Full Potential"
SUPPORTED_EMPLOYMENT = "Supported employment"
ADULT_LEARNING = "Adult learning"

CARE_EXPERIENCED = "Care-experienced young people"
SEND = "Young people with SEND or a disability"
GLOBAL_MAJORITY = "Residents from Black, Asian and minority ethnic backgrounds"
YOUNG_PEOPLE = "Young people aged 16 to 24"
OUT_OF_WORK = "People out of work"

# Partners. `kinds` weights what each one posts; `wards` are where most of its listings are.
ORGANISATIONS = [
    {
        "key": "a",
        "name": "Lea Bridge Construction Ltd",
        "type": OrganisationType.EMPLOYER,
        "website": "https://lea-bridge-construction.example",
        "hackney_based": True,
        "disability_confident": True,
        "company_number": "10483726",
        "charity_number": "",
        "about": "a Clapton building contractor putting up council homes on estate regeneration sites across Hackney",
        "sectors": [CONSTRUCTION, CONSTRUCTION, GREEN, BUSINESS],
        "wards": ["Lea Bridge", "Hackney Wick", "Hoxton West"],
        "kinds": {Kind.JOB: 4, Kind.APPRENTICESHIP: 3, Kind.WORK_PLACEMENT: 2, Kind.WORK_EXPERIENCE: 2, Kind.EVENT: 1},
    },
    {
        "key": "b",
        "name": "Kingsland Skills Trust",
        "type": OrganisationType.TRAINING_PROVIDER,
        "website": "https://kingsland-skills.example",
        "hackney_based": True,
        "disability_confident": True,
        "company_number": "08127456",
        "charity_number": "1149382",
        "about": "a Dalston charity and training provider helping Hackney residents into work with free courses, "
        "apprenticeships and supported internships",
        "sectors": [HEALTH, HOSPITALITY, BUSINESS, RETAIL, CREATIVE],
        "wards": ["Dalston", "Shacklewell"],
        "kinds": {
            Kind.COURSE: 5,
            Kind.APPRENTICESHIP: 2,
            Kind.SUPPORTED_INTERNSHIP: 2,
            Kind.EVENT: 2,
            Kind.WORK_EXPERIENCE: 1,
            Kind.VOLUNTEERING: 1,
        },
    },
    {
        "key": "bakery",
        "name": "Dalston Rise Bakery",
        "type": OrganisationType.EMPLOYER,
        "website": "https://dalston-rise-bakery.example",
        "hackney_based": True,
        "disability_confident": False,
        "company_number": "09274615",
        "charity_number": "",
        "about": "a family-run bakery with six shops between Dalston and Stoke Newington and a production bakery "
        "by Hackney Downs",
        "sectors": [HOSPITALITY, HOSPITALITY, RETAIL],
        "wards": ["Dalston", "Hackney Downs", "Stoke Newington"],
        "kinds": {Kind.JOB: 5, Kind.APPRENTICESHIP: 1, Kind.WORK_PLACEMENT: 1, Kind.WORK_EXPERIENCE: 2},
    },
    {
        "key": "studio",
        "name": "Wick Yard Studios",
        "type": OrganisationType.EMPLOYER,
        "website": "https://wick-yard-studios.example",
        "hackney_based": True,
        "disability_confident": False,
        "company_number": "11836205",
        "charity_number": "",
        "about": "a Hackney Wick creative studio making films, photographs and campaigns for arts and community groups",
        "sectors": [CREATIVE],
        "wards": ["Hackney Wick"],
        "kinds": {Kind.JOB: 3, Kind.APPRENTICESHIP: 1, Kind.WORK_PLACEMENT: 2, Kind.WORK_EXPERIENCE: 2, Kind.EVENT: 1},
    },
    {
        "key": "care",
        "name": "Homerton Community Care",
        "type": OrganisationType.EMPLOYER,
        "website": "https://homerton-community-care.example",
        "hackney_based": True,
        "disability_confident": True,
        "company_number": "07765431",
        "charity_number": "",
        "about": "a community health and care provider running home care, two care homes and a hospital discharge "
        "team in east Hackney",
        "sectors": [HEALTH, HEALTH, HEALTH, BUSINESS],
        "wards": ["Homerton", "King's Park", "Victoria"],
        "kinds": {
            Kind.JOB: 5,
            Kind.APPRENTICESHIP: 2,
            Kind.WORK_EXPERIENCE: 1,
            Kind.SUPPORTED_INTERNSHIP: 1,
            Kind.VOLUNTEERING: 1,
            Kind.EVENT: 1,
        },
    },
    {
        "key": "housing",
        "name": "Kingsmead Homes",
        "type": OrganisationType.EMPLOYER,
        "website": "https://kingsmead-homes.example",
        "hackney_based": True,
        "disability_confident": True,
        "company_number": "04219837",
        "charity_number": "1093341",
        "about": "a housing association with 4,000 homes in Hackney and a repairs team of its own",
        "sectors": [CONSTRUCTION, BUSINESS, CHARITY, PUBLIC],
        "wards": ["King's Park", "Homerton", "Woodberry Down"],
        "kinds": {Kind.JOB: 3, Kind.APPRENTICESHIP: 2, Kind.VOLUNTEERING: 1, Kind.WORK_PLACEMENT: 1},
    },
    {
        "key": "grocers",
        "name": "Ridley Road Grocers",
        "type": OrganisationType.EMPLOYER,
        "website": "https://ridley-road-grocers.example",
        "hackney_based": True,
        "disability_confident": False,
        "company_number": "12650938",
        "charity_number": "",
        "about": "an independent grocer with three shops and a wholesale warehouse around Ridley Road Market",
        "sectors": [RETAIL, RETAIL, TRANSPORT, HOSPITALITY],
        "wards": ["Dalston", "Shacklewell"],
        "kinds": {Kind.JOB: 4, Kind.WORK_EXPERIENCE: 1, Kind.WORK_PLACEMENT: 1},
    },
    {
        "key": "freight",
        "name": "Eastway Freight and Logistics",
        "type": OrganisationType.EMPLOYER,
        "website": "https://eastway-freight.example",
        "hackney_based": False,
        "disability_confident": True,
        "company_number": "06398215",
        "charity_number": "",
        "about": "a last-mile delivery firm with an electric van and cargo-bike depot next to the Olympic Park",
        "sectors": [TRANSPORT],
        "wards": ["Hackney Wick"],
        "kinds": {Kind.JOB: 4, Kind.APPRENTICESHIP: 1, Kind.EVENT: 1},
    },
    {
        "key": "code",
        "name": "Shoreditch Code Co-operative",
        "type": OrganisationType.EMPLOYER,
        "website": "https://shoreditch-code.example",
        "hackney_based": True,
        "disability_confident": False,
        "company_number": "13047721",
        "charity_number": "",
        "about": "a worker-owned software company building websites and apps for charities and public services",
        "sectors": [SCIENCE, SCIENCE, CREATIVE, BUSINESS],
        "wards": ["Hoxton East and Shoreditch", "Haggerston"],
        "kinds": {Kind.JOB: 3, Kind.APPRENTICESHIP: 2, Kind.WORK_PLACEMENT: 1, Kind.EVENT: 1},
    },
    {
        "key": "retrofit",
        "name": "Millfields Retrofit and Solar",
        "type": OrganisationType.EMPLOYER,
        "website": "https://millfields-retrofit.example",
        "hackney_based": True,
        "disability_confident": False,
        "company_number": "12277310",
        "charity_number": "",
        "about": "a community-owned company insulating homes and fitting solar panels on Hackney's roofs",
        "sectors": [GREEN, GREEN, CONSTRUCTION],
        "wards": ["Lea Bridge", "Springfield"],
        "kinds": {Kind.JOB: 2, Kind.APPRENTICESHIP: 2, Kind.WORK_EXPERIENCE: 1, Kind.COURSE: 1},
    },
    {
        "key": "leisure",
        "name": "London Fields Leisure Trust",
        "type": OrganisationType.EMPLOYER,
        "website": "https://london-fields-leisure.example",
        "hackney_based": True,
        "disability_confident": True,
        "company_number": "05518824",
        "charity_number": "1112674",
        "about": "a charitable trust running lidos, pools and gyms in Hackney",
        "sectors": [SPORT, SPORT, HOSPITALITY],
        "wards": ["London Fields", "Hoxton West", "Clissold"],
        "kinds": {Kind.JOB: 3, Kind.APPRENTICESHIP: 1, Kind.VOLUNTEERING: 2, Kind.WORK_EXPERIENCE: 1},
    },
    {
        "key": "digital",
        "name": "Digital Pathways Hackney",
        "type": OrganisationType.TRAINING_PROVIDER,
        "website": "https://digital-pathways.example",
        "hackney_based": True,
        "disability_confident": False,
        "company_number": "11940253",
        "charity_number": "",
        "about": "a training provider running free coding, data and digital marketing courses for adults",
        "sectors": [SCIENCE, CREATIVE, BUSINESS],
        "wards": ["Hoxton East and Shoreditch", "Hackney Central"],
        "kinds": {Kind.COURSE: 4, Kind.EVENT: 2, Kind.APPRENTICESHIP: 1},
    },
    {
        "key": "foodbank",
        "name": "Hackney Food Network",
        "type": OrganisationType.VOLUNTARY,
        "website": "https://hackney-food-network.example",
        "hackney_based": True,
        "disability_confident": False,
        "company_number": "",
        "charity_number": "1167028",
        "about": "a charity running food banks, community kitchens and a surplus-food hub across the borough",
        "sectors": [CHARITY, HOSPITALITY],
        "wards": ["Hackney Central", "Homerton", "Cazenove", "Haggerston"],
        "kinds": {Kind.VOLUNTEERING: 4, Kind.EVENT: 1, Kind.COURSE: 1},
    },
    {
        "key": "neighbours",
        "name": "Stamford Hill Neighbours",
        "type": OrganisationType.VOLUNTARY,
        "website": "https://stamford-hill-neighbours.example",
        "hackney_based": True,
        "disability_confident": False,
        "company_number": "",
        "charity_number": "1074519",
        "about": "a community centre in Stamford Hill offering English classes, advice and activities for all ages",
        "sectors": [CHARITY, EDUCATION],
        "wards": ["Stamford Hill West", "Springfield", "Woodberry Down"],
        "kinds": {Kind.VOLUNTEERING: 2, Kind.COURSE: 3, Kind.EVENT: 2},
    },
    {
        "key": "youth",
        "name": "Springfield Youth Collective",
        "type": OrganisationType.VOLUNTARY,
        "website": "https://springfield-youth.example",
        "hackney_based": True,
        "disability_confident": True,
        "company_number": "",
        "charity_number": "1181746",
        "about": "a youth charity running sport, music and careers projects for young people in north Hackney",
        "sectors": [CHARITY, SPORT, CREATIVE],
        "wards": ["Springfield", "Cazenove", "Brownswood"],
        "kinds": {Kind.VOLUNTEERING: 2, Kind.WORK_EXPERIENCE: 2, Kind.EVENT: 2, Kind.WORK_PLACEMENT: 1},
    },
    {
        "key": "pathway",
        "name": "Pathway to Work Hackney",
        "type": OrganisationType.VOLUNTARY,
        "website": "https://pathway-to-work.example",
        "hackney_based": True,
        "disability_confident": True,
        "company_number": "",
        "charity_number": "1158830",
        "about": "a supported employment charity that finds jobs for disabled people and people with health "
        "conditions, and stays with them once they start",
        "sectors": [RETAIL, HOSPITALITY, HEALTH, PUBLIC, TRANSPORT],
        "wards": ["Hackney Central", "London Fields"],
        "kinds": {Kind.JOB: 3, Kind.SUPPORTED_INTERNSHIP: 2, Kind.EVENT: 1, Kind.COURSE: 1},
    },
    {
        "key": "college",
        "name": "Hackney Riverside College",
        "type": OrganisationType.SCHOOL,
        "website": "https://hackney-riverside-college.example",
        "hackney_based": True,
        "disability_confident": True,
        "company_number": "",
        "charity_number": "",
        "about": "a further education college with campuses in Shoreditch and Homerton",
        "sectors": [EDUCATION, HEALTH, CONSTRUCTION, CREATIVE, BUSINESS, SCIENCE],
        "wards": ["Hoxton East and Shoreditch", "Homerton"],
        "kinds": {Kind.COURSE: 5, Kind.SUPPORTED_INTERNSHIP: 2, Kind.EVENT: 2, Kind.APPRENTICESHIP: 2},
    },
    {
        "key": "school",
        "name": "Clissold Park School",
        "type": OrganisationType.SCHOOL,
        "website": "https://clissold-park-school.example",
        "hackney_based": True,
        "disability_confident": False,
        "company_number": "",
        "charity_number": "",
        "about": "a mixed secondary school and sixth form in Stoke Newington",
        "sectors": [EDUCATION],
        "wards": ["Clissold", "Stoke Newington"],
        "kinds": {Kind.JOB: 3, Kind.APPRENTICESHIP: 1, Kind.VOLUNTEERING: 1, Kind.EVENT: 1},
    },
    {
        "key": "apprenticeships",
        "name": "Hackney Council – Apprenticeships team",
        "type": OrganisationType.COUNCIL,
        "website": "https://hackney-council.example/apprenticeships",
        "hackney_based": True,
        "disability_confident": True,
        "company_number": "",
        "charity_number": "",
        "about": "the council team that recruits apprentices into every part of Hackney Council, in cohorts with open "
        "days through the year",
        "sectors": [PUBLIC, PUBLIC, BUSINESS, CONSTRUCTION, GREEN, HEALTH, SCIENCE],
        "wards": ["Hackney Central"],
        "kinds": {Kind.APPRENTICESHIP: 6, Kind.EVENT: 2},
    },
    {
        "key": "works",
        "name": "Hackney Works",
        "type": OrganisationType.COUNCIL,
        "website": "https://hackney-council.example/hackney-works",
        "hackney_based": True,
        "disability_confident": True,
        "company_number": "",
        "charity_number": "",
        "about": "the council's free employment support service, with advisors in libraries and community centres",
        "sectors": [PUBLIC, HOSPITALITY, RETAIL, CREATIVE, HEALTH, CONSTRUCTION],
        "wards": ["Hackney Central", "Dalston", "Stoke Newington", "Homerton"],
        "kinds": {Kind.WORK_PLACEMENT: 4, Kind.EVENT: 3, Kind.COURSE: 2, Kind.JOB: 1},
    },
    {
        "key": "adult_learning",
        "name": "Hackney Council – Adult Learning team",
        "type": OrganisationType.COUNCIL,
        "website": "https://hackney-council.example/adult-learning",
        "hackney_based": True,
        "disability_confident": True,
        "company_number": "",
        "charity_number": "",
        "about": "the council service running free and low-cost courses for adults in libraries, community centres "
        "and online",
        "sectors": [EDUCATION, BUSINESS],
        "wards": ["Hackney Central", "Dalston", "Stamford Hill West", "Woodberry Down"],
        "kinds": {Kind.COURSE: 6, Kind.EVENT: 1},
    },
]

# The first listings made are always these, so that both demo partners show several kinds in every status and
# every kind appears even in a small run: (organisation key, kind, status).
SHOWCASE = [
    ("a", Kind.JOB, Status.PUBLISHED),
    ("a", Kind.APPRENTICESHIP, Status.PUBLISHED),
    ("a", Kind.WORK_PLACEMENT, Status.PUBLISHED),
    ("a", Kind.WORK_EXPERIENCE, Status.PUBLISHED),
    ("a", Kind.EVENT, Status.PUBLISHED),
    ("a", Kind.JOB, Status.DRAFT),
    ("a", Kind.APPRENTICESHIP, Status.SUBMITTED),
    ("a", Kind.WORK_PLACEMENT, Status.CHANGES_REQUESTED),
    ("a", Kind.JOB, Status.REJECTED),
    ("a", Kind.JOB, Status.CLOSED),
    ("a", Kind.WORK_EXPERIENCE, Status.ARCHIVED),
    ("b", Kind.COURSE, Status.PUBLISHED),
    ("b", Kind.SUPPORTED_INTERNSHIP, Status.PUBLISHED),
    ("b", Kind.APPRENTICESHIP, Status.PUBLISHED),
    ("b", Kind.EVENT, Status.PUBLISHED),
    ("b", Kind.VOLUNTEERING, Status.PUBLISHED),
    ("b", Kind.COURSE, Status.DRAFT),
    ("b", Kind.SUPPORTED_INTERNSHIP, Status.SUBMITTED),
    ("b", Kind.COURSE, Status.CHANGES_REQUESTED),
    ("b", Kind.EVENT, Status.REJECTED),
    ("b", Kind.COURSE, Status.CLOSED),
    ("b", Kind.WORK_EXPERIENCE, Status.ARCHIVED),
    ("foodbank", Kind.VOLUNTEERING, Status.PUBLISHED),
    ("works", Kind.WORK_PLACEMENT, Status.PUBLISHED),
    ("apprenticeships", Kind.APPRENTICESHIP, Status.PUBLISHED),
    ("adult_learning", Kind.COURSE, Status.PUBLISHED),
    ("apprenticeships", Kind.EVENT, Status.PUBLISHED),
]

# After the showcase: three in four listings are live, the rest spread over the moderation states.
STATUS_WEIGHTS = {
    Status.PUBLISHED: 75,
    Status.DRAFT: 5,
    Status.SUBMITTED: 6,
    Status.CHANGES_REQUESTED: 3,
    Status.REJECTED: 2,
    Status.CLOSED: 6,
    Status.ARCHIVED: 3,
}

# Job titles per sector with a pay band: "entry", "skilled" or "senior".
JOBS = {
    BUSINESS: [
        ("Administrator", "entry"),
        ("Receptionist", "entry"),
        ("Finance assistant", "entry"),
        ("Payroll officer", "skilled"),
        ("Office manager", "skilled"),
        ("Legal secretary", "skilled"),
        ("Finance business partner", "senior"),
    ],
    CONSTRUCTION: [
        ("Site labourer", "entry"),
        ("Painter and decorator", "skilled"),
        ("Carpenter", "skilled"),
        ("Electrician", "skilled"),
        ("Plumber", "skilled"),
        ("Resident liaison officer", "skilled"),
        ("Site manager", "senior"),
        ("Health and safety adviser", "senior"),
    ],
    CREATIVE: [
        ("Studio assistant", "entry"),
        ("Production assistant", "entry"),
        ("Social media coordinator", "skilled"),
        ("Junior graphic designer", "skilled"),
        ("Video editor", "skilled"),
        ("Photographer", "skilled"),
        ("Creative producer", "senior"),
    ],
    EDUCATION: [
        ("Lunchtime supervisor", "entry"),
        ("Breakfast club assistant", "entry"),
        ("Teaching assistant", "entry"),
        ("SEN teaching assistant", "entry"),
        ("Nursery practitioner", "skilled"),
        ("Learning mentor", "skilled"),
        ("School business manager", "senior"),
    ],
    GREEN: [
        ("Recycling and reuse assistant", "entry"),
        ("Gardener", "entry"),
        ("Solar panel installer", "skilled"),
        ("Retrofit assessor", "skilled"),
        ("Tree surgeon", "skilled"),
        ("Energy advice officer", "skilled"),
        ("Retrofit project manager", "senior"),
    ],
    HEALTH: [
        ("Care assistant", "entry"),
        ("Home carer", "entry"),
        ("Hospital porter", "entry"),
        ("Healthcare assistant", "entry"),
        ("Support worker", "entry"),
        ("Ward clerk", "entry"),
        ("Occupational therapy assistant", "skilled"),
        ("Care home manager", "senior"),
    ],
    HOSPITALITY: [
        ("Kitchen porter", "entry"),
        ("Barista", "entry"),
        ("Catering assistant", "entry"),
        ("Front of house team member", "entry"),
        ("Baker", "skilled"),
        ("Chef de partie", "skilled"),
        ("Sous chef", "skilled"),
        ("Head chef", "senior"),
    ],
    PUBLIC: [
        ("Customer service officer", "entry"),
        ("Library assistant", "entry"),
        ("Waste and recycling operative", "entry"),
        ("Civil enforcement officer", "entry"),
        ("Housing officer", "skilled"),
        ("Community safety officer", "skilled"),
        ("Policy officer", "senior"),
    ],
    RETAIL: [
        ("Sales assistant", "entry"),
        ("Cashier", "entry"),
        ("Stock assistant", "entry"),
        ("Store supervisor", "skilled"),
        ("Visual merchandiser", "skilled"),
        ("Store manager", "senior"),
    ],
    SCIENCE: [
        ("IT support technician", "entry"),
        ("Laboratory assistant", "entry"),
        ("Junior software developer", "skilled"),
        ("Data analyst", "skilled"),
        ("Cyber security analyst", "senior"),
        ("Senior software engineer", "senior"),
    ],
    SPORT: [
        ("Leisure centre assistant", "entry"),
        ("Lifeguard", "entry"),
        ("Swimming teacher", "skilled"),
        ("Fitness instructor", "skilled"),
        ("Sports coach", "skilled"),
        ("Duty manager", "senior"),
    ],
    TRANSPORT: [
        ("Warehouse operative", "entry"),
        ("Cargo bike rider", "entry"),
        ("Delivery driver", "entry"),
        ("Forklift driver", "skilled"),
        ("Van driver", "skilled"),
        ("Transport planner", "senior"),
    ],
    CHARITY: [
        ("Outreach worker", "entry"),
        ("Youth worker", "skilled"),
        ("Advice worker", "skilled"),
        ("Volunteer coordinator", "skilled"),
        ("Community development worker", "skilled"),
        ("Fundraising manager", "senior"),
    ],
}

# Apprenticeship standards per sector with the levels they come at.
APPRENTICESHIPS = {
    BUSINESS: [
        ("Business administrator apprentice", (3,)),
        ("Customer service practitioner apprentice", (2,)),
        ("Accounts assistant apprentice", (2,)),
        ("Assistant accountant apprentice", (3,)),
        ("HR support apprentice", (3,)),
        ("Paralegal apprentice", (3,)),
        ("Solicitor apprentice", (7,)),
    ],
    CONSTRUCTION: [
        ("Bricklayer apprentice", (2,)),
        ("Carpentry and joinery apprentice", (2, 3)),
        ("Electrician apprentice", (3,)),
        ("Plumbing and domestic heating apprentice", (3,)),
        ("Construction site supervisor apprentice", (4,)),
        ("Quantity surveyor apprentice", (6,)),
        ("Civil engineering technician apprentice", (3,)),
    ],
    CREATIVE: [
        ("Junior content producer apprentice", (3,)),
        ("Digital marketer apprentice", (3,)),
        ("Creative venue technician apprentice", (3,)),
        ("Photographic assistant apprentice", (3,)),
        ("Junior journalist apprentice", (3,)),
    ],
    EDUCATION: [
        ("Teaching assistant apprentice", (3,)),
        ("Early years practitioner apprentice", (2,)),
        ("Early years educator apprentice", (3,)),
        ("Learning mentor apprentice", (3,)),
    ],
    GREEN: [
        ("Solar PV installer apprentice", (3,)),
        ("Retrofit coordinator apprentice", (5,)),
        ("Arborist apprentice", (2,)),
        ("Horticulture and landscape operative apprentice", (2,)),
        ("Environmental practitioner degree apprentice", (6,)),
    ],
    HEALTH: [
        ("Adult care worker apprentice", (2,)),
        ("Lead adult care worker apprentice", (3,)),
        ("Healthcare support worker apprentice", (2,)),
        ("Pharmacy services assistant apprentice", (2,)),
        ("Nursing associate apprentice", (5,)),
        ("Registered nurse degree apprentice", (6,)),
    ],
    HOSPITALITY: [
        ("Commis chef apprentice", (2,)),
        ("Hospitality team member apprentice", (2,)),
        ("Production chef apprentice", (2,)),
        ("Baker apprentice", (2,)),
    ],
    PUBLIC: [
        ("Housing and property management assistant apprentice", (2,)),
        ("Operational delivery officer apprentice", (3,)),
        ("Library, information and archive services assistant apprentice", (3,)),
        ("Data technician apprentice", (3,)),
        ("Highways maintenance operative apprentice", (2,)),
        ("Social worker degree apprentice", (6,)),
        ("Chartered town planner apprentice", (7,)),
        ("Team leader apprentice", (3,)),
        ("Project manager apprentice", (4,)),
    ],
    RETAIL: [("Retailer apprentice", (2,)), ("Retail team leader apprentice", (3,))],
    SCIENCE: [
        ("IT solutions technician apprentice", (3,)),
        ("Software developer apprentice", (4,)),
        ("Data analyst apprentice", (4,)),
        ("Cyber security technologist apprentice", (4,)),
        ("Laboratory technician apprentice", (3,)),
    ],
    SPORT: [
        ("Leisure team member apprentice", (2,)),
        ("Community sport and health officer apprentice", (3,)),
        ("Personal trainer apprentice", (3,)),
    ],
    TRANSPORT: [
        ("Warehouse operative apprentice", (2,)),
        ("Large goods vehicle driver apprentice", (2,)),
        ("Supply chain practitioner apprentice", (3,)),
    ],
    CHARITY: [
        ("Youth support worker apprentice", (3,)),
        ("Community activator coach apprentice", (2,)),
        ("Fundraising assistant apprentice", (3,)),
    ],
}

# Entry-level roles per sector, for paid placements, work experience, job tasters and supported internships.
ENTRY_ROLES = {
    BUSINESS: ["Office assistant", "Finance assistant", "Reception and admin"],
    CONSTRUCTION: ["Site assistant", "Trainee surveyor", "Stores and logistics assistant"],
    CREATIVE: ["Marketing assistant", "Studio and production assistant", "Junior designer"],
    EDUCATION: ["Classroom assistant", "Nursery assistant"],
    GREEN: ["Parks and gardens assistant", "Energy advice assistant", "Reuse workshop assistant"],
    HEALTH: ["Hospital stores and portering", "Care home activities assistant", "Pharmacy assistant"],
    HOSPITALITY: ["Kitchen assistant", "Front of house assistant", "Bakery assistant"],
    PUBLIC: ["Council customer services assistant", "Library assistant", "Data and research assistant"],
    RETAIL: ["Shop floor assistant", "Stock and warehouse assistant"],
    SCIENCE: ["IT support assistant", "Junior developer", "Data assistant"],
    SPORT: ["Leisure centre assistant", "Sports coaching assistant"],
    TRANSPORT: ["Warehouse assistant", "Depot and dispatch assistant"],
    CHARITY: ["Community project assistant", "Events and fundraising assistant"],
}

# What someone does in a sector, for the "What you'll do" list and employment plans.
TASKS = {
    BUSINESS: [
        "Answer phone and email enquiries from customers",
        "Keep records and spreadsheets up to date",
        "Process invoices and check payments",
        "Book meetings and take notes",
        "Help new starters settle in",
        "Order supplies and keep the office running",
    ],
    CONSTRUCTION: [
        "Keep the site safe, tidy and secure",
        "Move materials to where the trades need them",
        "Work alongside qualified carpenters, bricklayers and electricians",
        "Check deliveries against orders",
        "Talk to residents about works near their homes",
        "Take part in daily toolbox talks on health and safety",
    ],
    CREATIVE: [
        "Help plan and set up shoots",
        "Edit short videos for social media",
        "Research ideas and references for new projects",
        "Look after cameras, lights and sound kit",
        "Write posts and captions for clients",
        "Sit in on client meetings and pitches",
    ],
    EDUCATION: [
        "Support pupils one to one and in small groups",
        "Help the teacher prepare lessons and resources",
        "Supervise lunchtimes and the playground",
        "Read with children who need extra practice",
        "Keep the classroom organised",
        "Help run after-school clubs",
    ],
    GREEN: [
        "Survey homes for insulation and draught-proofing",
        "Fit solar panels with a qualified installer",
        "Plant trees and look after green spaces",
        "Explain energy-saving tips to residents",
        "Sort and repair items for reuse",
        "Record what you find on site accurately",
    ],
    HEALTH: [
        "Help people with washing, dressing and meals",
        "Spend time with residents and keep them company",
        "Record care notes accurately",
        "Move equipment and supplies around the hospital",
        "Work with nurses and therapists as part of a team",
        "Follow infection control procedures",
    ],
    HOSPITALITY: [
        "Prepare food to recipes and standards",
        "Serve customers quickly and kindly",
        "Keep the kitchen clean and follow food hygiene rules",
        "Bake bread and pastries early in the day",
        "Take deliveries and rotate stock",
        "Make coffee on a busy espresso bar",
    ],
    PUBLIC: [
        "Help residents by phone, email and face to face",
        "Update records on council systems",
        "Work with other teams to solve problems",
        "Prepare reports and data for managers",
        "Visit estates and check on repairs",
        "Handle complaints calmly and fairly",
    ],
    RETAIL: [
        "Serve customers and take payments",
        "Fill shelves and rotate stock",
        "Keep the shop clean and well presented",
        "Help customers find what they need",
        "Unload deliveries and check them in",
        "Count the till at the end of the day",
    ],
    SCIENCE: [
        "Fix laptop, phone and account problems for colleagues",
        "Write and test code with a mentor",
        "Build simple dashboards from data",
        "Set up new starters' equipment",
        "Keep the team's documentation up to date",
        "Pair with developers on real projects",
    ],
    SPORT: [
        "Welcome customers and run bookings",
        "Keep the pool and gym safe and clean",
        "Help run classes and holiday clubs",
        "Set up equipment for sessions",
        "Coach children and adults at beginner level",
        "Deal with first aid incidents",
    ],
    TRANSPORT: [
        "Pick and pack orders accurately",
        "Load vans and cargo bikes for the day's rounds",
        "Deliver parcels around Hackney",
        "Keep the depot safe and tidy",
        "Scan and track parcels on a handheld device",
        "Check vehicles before each shift",
    ],
    CHARITY: [
        "Welcome visitors and help them find support",
        "Help run sessions and activities",
        "Keep records of who uses the service",
        "Talk to local people about what we do",
        "Help organise community events",
        "Support volunteers on the day",
    ],
}

BENEFITS = {
    "paid": [
        "28 days' holiday including bank holidays",
        "A workplace pension",
        "Training and a clear route to progress",
        "Free meals on shift",
        "A cycle to work scheme",
        "An employee assistance helpline",
        "Uniform and safety equipment provided",
        "Flexible hours around childcare",
    ],
    "apprenticeship": [
        "A nationally recognised qualification",
        "Day-release training with a local college",
        "A mentor for the whole apprenticeship",
        "Paid holiday and a workplace pension",
        "A real chance of a permanent job at the end",
    ],
    "placement": [
        "Pay for every hour you work",
        "A reference at the end of the placement",
        "A mentor at work",
        "Help from a Hackney Works advisor with your next step",
        "Travel costs paid for the first week",
    ],
    "supported_internship": [
        "A job coach with you at work",
        "Travel training if you need it",
        "English and maths at your own pace",
        "Help to apply for paid jobs at the end",
        "A certificate and a reference",
    ],
    "volunteering": [
        "Travel expenses and lunch paid",
        "Training before you start",
        "A reference after three months",
        "New friends and a chance to give back",
        "Experience for your CV",
    ],
    "work_experience": [
        "Lunch and travel paid",
        "A certificate and a reference",
        "A mentor for the week",
        "A real taste of the work",
        "Advice on jobs and apprenticeships in the sector",
    ],
    "course": [
        "Free for most Hackney residents",
        "A certificate when you finish",
        "Small classes and friendly tutors",
        "Help with childcare costs while you study",
        "Advice on your next step from a careers advisor",
    ],
    "event": [
        "Free entry",
        "Free refreshments",
        "Time to talk to employers and advisors",
        "Help with your CV on the day",
        "Step-free access and quiet space",
    ],
}

# Courses: (title, level or None, sector or None, hours per week, duration, can be online, what you'll learn).
COURSES = [
    (
        "ESOL Entry 1",
        0,
        None,
        6,
        "12 weeks",
        True,
        [
            "Introduce yourself and talk about your family",
            "Read signs, forms and short messages",
            "Use English at the doctor's, in shops and on the phone",
        ],
    ),
    (
        "ESOL Entry 2",
        0,
        None,
        6,
        "12 weeks",
        True,
        [
            "Talk about your work and experience",
            "Write short emails and fill in forms",
            "Understand letters from school and the council",
        ],
    ),
    (
        "ESOL Entry 3",
        0,
        None,
        6,
        "24 weeks",
        True,
        ["Take part in conversations at work", "Read and reply to longer letters", "Prepare for the Entry 3 exam"],
    ),
    (
        "ESOL Level 1",
        1,
        None,
        6,
        "30 weeks",
        True,
        [
            "Explain your ideas in meetings and interviews",
            "Write clear emails and short reports",
            "Prepare for the Level 1 exam",
        ],
    ),
    (
        "Functional Skills English Level 1",
        1,
        None,
        4,
        "20 weeks",
        True,
        [
            "Read and understand everyday texts",
            "Write letters and emails with correct spelling",
            "Speak and listen in discussions",
        ],
    ),
    (
        "Functional Skills English Level 2",
        2,
        None,
        4,
        "30 weeks",
        True,
        ["Compare and judge longer texts", "Write for different readers", "Sit the Level 2 exam, equal to a GCSE"],
    ),
    (
        "Functional Skills Maths Entry 3",
        0,
        None,
        4,
        "12 weeks",
        True,
        [
            "Work with money, time and measures",
            "Add, take away, multiply and divide with confidence",
            "Read simple charts and tables",
        ],
    ),
    (
        "Functional Skills Maths Level 1",
        1,
        None,
        4,
        "20 weeks",
        True,
        ["Use fractions, decimals and percentages", "Work out areas, volumes and costs", "Read and draw graphs"],
    ),
    (
        "Functional Skills Maths Level 2",
        2,
        None,
        4,
        "30 weeks",
        True,
        [
            "Solve multi-step problems from work and home",
            "Use ratio, probability and statistics",
            "Sit the Level 2 exam, equal to a GCSE",
        ],
    ),
    (
        "Essential digital skills",
        0,
        None,
        3,
        "10 weeks",
        True,
        [
            "Use email, video calls and online forms safely",
            "Make a Universal Credit and NHS account",
            "Spot scams and keep your passwords safe",
        ],
    ),
    (
        "Level 2 Food Hygiene",
        2,
        HOSPITALITY,
        7,
        "One day",
        True,
        [
            "Store, prepare and cook food safely",
            "Understand allergens and cross-contamination",
            "Take the Level 2 Food Safety and Hygiene certificate",
        ],
    ),
    (
        "Introduction to Coding",
        1,
        SCIENCE,
        6,
        "8 weeks",
        True,
        [
            "Build a web page with HTML and CSS",
            "Write your first programs in Python",
            "Meet developers from Hackney tech companies",
        ],
    ),
    (
        "Web development bootcamp",
        3,
        SCIENCE,
        30,
        "12 weeks",
        True,
        [
            "Build full websites with JavaScript and Python",
            "Work in a team on a real project for a charity",
            "Prepare a portfolio and practise technical interviews",
        ],
    ),
    (
        "Data skills for beginners",
        2,
        SCIENCE,
        6,
        "10 weeks",
        True,
        ["Clean and sort data in spreadsheets", "Make charts and dashboards", "Tell a clear story with numbers"],
    ),
    (
        "Digital marketing for beginners",
        2,
        CREATIVE,
        6,
        "8 weeks",
        True,
        ["Plan a social media campaign", "Write for the web and measure what works", "Build a small portfolio"],
    ),
    (
        "Level 1 Health and Safety in a Construction Environment (CSCS card)",
        1,
        CONSTRUCTION,
        15,
        "Two days",
        False,
        [
            "Learn the safety basics every site expects",
            "Take the Level 1 exam",
            "Sit the CSCS touch-screen test and get your green card",
        ],
    ),
    (
        "Level 1 Introduction to retrofit and energy efficiency",
        1,
        GREEN,
        12,
        "3 weeks",
        False,
        [
            "Understand how homes lose heat",
            "Try insulation, draught-proofing and ventilation in our workshop",
            "Find out about green jobs in Hackney",
        ],
    ),
    (
        "Level 2 Certificate in Understanding Adult Social Care",
        2,
        HEALTH,
        6,
        "12 weeks",
        True,
        [
            "Learn the Care Certificate standards",
            "Understand safeguarding and person-centred care",
            "Get a guaranteed interview with a local care provider",
        ],
    ),
    (
        "Level 3 Award in Emergency First Aid at Work",
        3,
        HEALTH,
        7,
        "One day",
        False,
        [
            "Help someone who is unconscious or not breathing",
            "Deal with bleeding, burns and choking",
            "Get a certificate valid for three years",
        ],
    ),
    (
        "Level 2 Early Years Practitioner",
        2,
        EDUCATION,
        12,
        "One year",
        False,
        [
            "Learn how young children develop",
            "Do a placement in a Hackney nursery",
            "Qualify to work as a nursery assistant",
        ],
    ),
    (
        "Level 2 Certificate in Supporting Teaching and Learning",
        2,
        EDUCATION,
        6,
        "20 weeks",
        True,
        [
            "Learn how to support pupils in class",
            "Understand safeguarding in schools",
            "Volunteer in a local primary school",
        ],
    ),
    (
        "Level 3 Award in Education and Training",
        3,
        EDUCATION,
        6,
        "10 weeks",
        True,
        ["Plan and deliver short sessions", "Assess learners fairly", "Start your path to teaching adults"],
    ),
    (
        "Level 2 Award for Door Supervisors (SIA licence)",
        2,
        RETAIL,
        30,
        "6 days",
        False,
        [
            "Learn conflict management and physical intervention",
            "Understand the law for door supervisors",
            "Sit the exams for your SIA licence",
        ],
    ),
    (
        "AAT Level 2 Certificate in Bookkeeping",
        2,
        BUSINESS,
        6,
        "16 weeks",
        True,
        ["Record income and spending", "Use accounting software", "Sit the AAT exams"],
    ),
    (
        "Level 4 Certificate in Project Management",
        4,
        BUSINESS,
        4,
        "6 months",
        True,
        ["Plan a project and manage risks", "Lead a team and manage a budget", "Complete a work-based assignment"],
    ),
    (
        "Level 5 Diploma in Leadership for Health and Social Care",
        5,
        HEALTH,
        4,
        "18 months",
        True,
        ["Lead a care team", "Manage quality and safeguarding", "Qualify as a registered manager"],
    ),
    (
        "Barista skills",
        None,
        HOSPITALITY,
        12,
        "One week",
        False,
        ["Make espresso, flat whites and latte art", "Keep the machine clean", "Practise on a real coffee bar"],
    ),
    (
        "Forklift truck (counterbalance) training",
        None,
        TRANSPORT,
        30,
        "5 days",
        False,
        ["Drive a counterbalance forklift safely", "Load and unload lorries", "Get an accredited certificate"],
    ),
    (
        "CV and interview skills",
        None,
        None,
        6,
        "4 weeks",
        True,
        ["Write a CV employers notice", "Answer competency questions with confidence", "Practise a mock interview"],
    ),
    (
        "Confidence and wellbeing at work",
        None,
        None,
        4,
        "6 weeks",
        True,
        ["Manage stress and anxiety", "Set goals that work for you", "Meet others on the same journey"],
    ),
]

# Events: (title, sector or None, time of day, online, postcode of a fixed venue or "").
EVENTS = [
    ("Hackney Apprenticeship Open Day", PUBLIC, "10am to 3pm", False, "E8 1EA"),
    ("Jobs fair at Hackney Town Hall", None, "10am to 2pm", False, "E8 1EA"),
    ("Construction careers taster day", CONSTRUCTION, "9:30am to 3:30pm", False, ""),
    ("CV clinic at Dalston CLR James Library", None, "1pm to 4pm", False, "E8 3BQ"),
    ("Meet the employers: careers in health and care", HEALTH, "11am to 2pm", False, ""),
    ("Hackney 100 information session", None, "6pm to 7pm", True, ""),
    ("Supported internships open evening", EDUCATION, "5pm to 7pm", False, ""),
    ("Green jobs and skills fair", GREEN, "10am to 3pm", False, ""),
    ("Volunteering fair", CHARITY, "11am to 3pm", False, ""),
    ("Digital skills drop-in", SCIENCE, "10am to 12 noon", False, "N16 0JS"),
    ("Preparing for interviews: online workshop", None, "6pm to 7:30pm", True, ""),
    ("Creative careers evening in Hackney Wick", CREATIVE, "6pm to 8:30pm", False, "E9 5EN"),
    ("Careers in hospitality: meet the chefs", HOSPITALITY, "2pm to 4pm", False, ""),
    ("Women into construction: site visit", CONSTRUCTION, "10am to 1pm", False, ""),
    ("Start your own business: free workshop", BUSINESS, "10am to 1pm", False, ""),
    ("Tech careers for beginners: online talk", SCIENCE, "6:30pm to 8pm", True, ""),
    ("Drivers and riders recruitment day", TRANSPORT, "9am to 1pm", False, ""),
]

EVENT_ACTIVITIES = [
    "Meet employers who are hiring now",
    "Get one-to-one advice from a Hackney Works advisor",
    "Find out about apprenticeships and training",
    "Have your CV checked",
    "Hear from residents who started here",
    "Sign up for courses on the day",
]

# Volunteering roles: (title, sector, what you'll do).
VOLUNTEERING = [
    (
        "Food bank volunteer",
        CHARITY,
        [
            "Sort and pack food parcels",
            "Welcome visitors and offer a cup of tea",
            "Help with deliveries to people who can't travel",
        ],
    ),
    (
        "Community kitchen volunteer",
        HOSPITALITY,
        ["Prepare and cook hot meals", "Serve lunch to guests", "Keep the kitchen clean and safe"],
    ),
    (
        "Digital buddy",
        SCIENCE,
        [
            "Help older residents use phones and tablets",
            "Show people how to get online safely",
            "Run drop-in sessions at a library",
        ],
    ),
    (
        "Youth mentor",
        CHARITY,
        ["Meet a young person every fortnight", "Help them set and reach goals", "Share your experience of work"],
    ),
    (
        "Befriender for older residents",
        HEALTH,
        [
            "Visit or phone an older person each week",
            "Chat, play games or go for a walk",
            "Let us know if they need help",
        ],
    ),
    (
        "Conversation club volunteer",
        EDUCATION,
        [
            "Lead relaxed English conversation groups",
            "Help learners practise everyday situations",
            "Make newcomers feel welcome",
        ],
    ),
    (
        "Park volunteer",
        GREEN,
        ["Plant trees and bulbs", "Litter pick and clear paths", "Help at community growing days"],
    ),
    ("Charity shop volunteer", RETAIL, ["Sort and price donations", "Serve customers on the till", "Dress the window"]),
    ("Event steward", SPORT, ["Welcome people and give directions", "Help keep everyone safe", "Set up and pack away"]),
    (
        "Homework club volunteer",
        EDUCATION,
        ["Help children with reading and maths", "Run games and activities", "Encourage and praise effort"],
    ),
    (
        "Advice centre receptionist",
        CHARITY,
        ["Greet visitors and book appointments", "Answer the phone", "Keep the waiting area welcoming"],
    ),
]

# Short sentences that open a listing's description, per kind, after a sentence about the organisation.
PITCHES = {
    Kind.JOB: "We're looking for {article} {role} to join the team {where}. No two days are the same, and "
    "you'll have support from people who have done the job for years.",
    Kind.APPRENTICESHIP: "This apprenticeship combines paid work {where} with training towards a nationally "
    "recognised qualification. You'll spend most of the week on the job and one day learning.",
    Kind.WORK_PLACEMENT: "This is a paid placement {where} for someone who wants their first real experience of "
    "work, with a mentor and a written plan agreed before you start.",
    Kind.SUPPORTED_INTERNSHIP: "This supported internship is a year of learning on the job {where} for a young "
    "person with an education, health and care plan. A job coach works alongside you.",
    Kind.VOLUNTEERING: "Give a few hours a week {where} and make a real difference to your neighbours. "
    "No experience needed: we'll train you.",
    Kind.WORK_EXPERIENCE: "Find out what the work is really like {where}. You'll shadow the team, try tasks "
    "yourself and talk to people about how they got their jobs.",
    Kind.COURSE: "This course is for adults who want to build their skills for work and everyday life. It runs "
    "{where}, and tutors go at the group's pace and help you plan what comes next.",
    Kind.EVENT: "Join us {where} and meet people who can help you find work or training.",
}

SUMMARIES = {
    Kind.JOB: [
        "{org} is hiring {article} {role} {where}.",
        "Join {org} as {article} {role} {where}, with training from day one.",
        "{Article} {role} role {where} with {org}.",
    ],
    Kind.APPRENTICESHIP: [
        "Earn while you learn as {article} {role} with {org} {where}.",
        "{org} is taking on {article} {role}: paid work and a qualification {where}.",
    ],
    Kind.WORK_PLACEMENT: [
        "A paid placement {where} with {org}, for young people looking for their first job.",
        "Paid work experience {where}: {role} with {org}.",
    ],
    Kind.SUPPORTED_INTERNSHIP: [
        "A year-long supported internship {where} with {org}, with a job coach.",
        "Learn on the job as {article} {role} {where}, supported by a job coach.",
    ],
    Kind.VOLUNTEERING: [
        "Volunteer with {org} {where}: a few hours a week, full training given.",
        "Help your neighbours as {article} {role} with {org} {where}.",
    ],
    Kind.WORK_EXPERIENCE: [
        "Try out life as {article} {role} with {org} {where}.",
        "Work experience {where} with {org}: see the job from the inside.",
    ],
    Kind.COURSE: [
        "A free course {where} run by {org}.",
        "Build your skills {where} with {org}: small classes, friendly tutors.",
    ],
    Kind.EVENT: ["A free event {where} run by {org}.", "Drop in {where}: {org} will help you take your next step."],
}

SCREENING_QUESTIONS = {
    "general": [
        "Why do you want this opportunity?",
        "Tell us about a time you worked as part of a team.",
        "Which days and times are you available?",
        "What would you like to learn from this?",
        "Do you need any adjustments to come to an interview?",
    ],
    CONSTRUCTION: ["Do you have a CSCS card? If not, we can help you get one."],
    HEALTH: ["Tell us about a time you looked after someone."],
    HOSPITALITY: ["Are you happy to work early mornings or weekends?"],
    TRANSPORT: ["Do you hold a full UK driving licence? (Not needed for cargo bike roles.)"],
    EDUCATION: ["Tell us about any experience you have with children or young people."],
}

ADJUSTMENTS = [
    "Interview questions sent in advance; step-free access; a quiet room for interviews.",
    "Flexible start and finish times; written instructions as well as spoken ones.",
    "A job coach can come to your interview and your first weeks at work.",
    "Screen-reader friendly application forms; British Sign Language interpreter on request.",
    "Work trials instead of interviews if you prefer.",
]

PLAN_ADJUSTMENTS = [
    "A job coach on site for the first two weeks, then weekly check-ins.",
    "A quiet space for breaks, written task lists and a named buddy on every shift.",
    "Travel training for the journey, and flexible start times for the first month.",
    "Extra time for training, instructions in easy read, and regular short breaks.",
]

# Employment-plan hours: (pattern, hours per week, weeks or None for an academic year).
HOURS_PATTERNS = {
    Kind.WORK_PLACEMENT: [
        ("Monday to Thursday, 10am to 3pm, for 4 weeks: 80 hours in total.", 20, 4),
        ("Three days a week, 10am to 4pm, for 6 weeks: 108 hours in total.", 18, 6),
        ("Monday to Friday, 10am to 3pm, for 3 weeks: 75 hours in total.", 25, 3),
    ],
    Kind.SUPPORTED_INTERNSHIP: [
        ("Tuesday to Thursday, 9:30am to 2:30pm, September to July, with Mondays in college.", 15, None),
        ("Four days a week, 10am to 3pm, for one academic year, rotating through three departments.", 20, None),
    ],
}

SUPERVISORS = [
    "Kemi Adeyemi",
    "Sam Hughes",
    "Mehmet Yilmaz",
    "Grace Mensah",
    "Tomasz Nowak",
    "Leah Cohen",
    "Marcus Thompson",
    "Aisha Rahman",
    "Rosa Fernandes",
    "Dev Patel",
    "Niamh O'Connor",
    "Yusuf Ali",
]

SUPERVISOR_ROLES = ["team leader", "site manager", "operations manager", "head of department", "line manager"]

CHANGES_REQUESTED = [
    "Please add the pay: we only publish paid roles with the pay shown.",
    "Add the days and hours to the employment plan so applicants know what to expect.",
    "The closing date is after the start date. Please check the dates and submit again.",
    "Please remove the driving licence requirement unless the role needs one, and say why it does.",
    "The description uses a lot of jargon. Could you explain the role in plain English?",
]

REJECTION_REASONS = [
    "This is a commission-only role. We only list work that pays at least the National Minimum Wage.",
    "This listing repeats one that is already live on Hackney Opportunities.",
    "We can't list unpaid work experience longer than four weeks. Please offer it as a paid placement instead.",
    "The role is based outside London and isn't open to Hackney residents in practice.",
]
