"""The catalogue's part of the demo data (`manage.py seed_demo`): listings of every kind in every status, with
their history as the services would have recorded it, and the partners' and staff's messages about them.

Listings are written with `bulk_create` (up to 100,000 in under two minutes) and only topped up to
`--opportunities`: listing number n is the same for a given seed on every run, and listings partners made in
the demo organisations count towards the total and are never touched. The messages are written by the real
services in `finish`, once every part has made its listings and applications.

Invented but realistic Hackney content: the data comes first, then `build` and `finish`. Sector, programme,
priority-group and ward names match reference_data.
"""

import random
import sys
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlsplit

from django.conf import settings
from django.db import reset_queries
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.text import slugify
from tqdm import tqdm

from notifications.demo import DemoContext
from opportunities import search
from opportunities.models import (
    ApplyMethod,
    Attendance,
    ContractType,
    Kind,
    Opportunity,
    PayPeriod,
    PriorityGroup,
    Programme,
    Sector,
    Status,
    StatusChange,
    Ward,
    WorkingPattern,
)
from opportunities.services import (
    MODERATION_NOTIFICATIONS,
    moderation_decision_notify,
    moderation_digest_send,
    opportunities_remind_closing,
)
from organisations import demo as organisations_demo
from organisations.models import OrganisationType

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
YOUNG_PEOPLE = "Young people aged 16 to 24"
OUT_OF_WORK = "People out of work"

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

# What each demo organisation (organisations.demo.ORGANISATIONS, same keys) posts: `kinds` weights the kinds,
# `sectors` the sectors (a name twice is twice as likely), and `wards` are where most of its listings are.
POSTS = {
    "a": {
        "sectors": [CONSTRUCTION, CONSTRUCTION, GREEN, BUSINESS],
        "wards": ["Lea Bridge", "Hackney Wick", "Hoxton West"],
        "kinds": {Kind.JOB: 4, Kind.APPRENTICESHIP: 3, Kind.WORK_PLACEMENT: 2, Kind.WORK_EXPERIENCE: 2, Kind.EVENT: 1},
    },
    "b": {
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
    "bakery": {
        "sectors": [HOSPITALITY, HOSPITALITY, RETAIL],
        "wards": ["Dalston", "Hackney Downs", "Stoke Newington"],
        "kinds": {Kind.JOB: 5, Kind.APPRENTICESHIP: 1, Kind.WORK_PLACEMENT: 1, Kind.WORK_EXPERIENCE: 2},
    },
    "studio": {
        "sectors": [CREATIVE],
        "wards": ["Hackney Wick"],
        "kinds": {Kind.JOB: 3, Kind.APPRENTICESHIP: 1, Kind.WORK_PLACEMENT: 2, Kind.WORK_EXPERIENCE: 2, Kind.EVENT: 1},
    },
    "care": {
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
    "housing": {
        "sectors": [CONSTRUCTION, BUSINESS, CHARITY, PUBLIC],
        "wards": ["King's Park", "Homerton", "Woodberry Down"],
        "kinds": {Kind.JOB: 3, Kind.APPRENTICESHIP: 2, Kind.VOLUNTEERING: 1, Kind.WORK_PLACEMENT: 1},
    },
    "grocers": {
        "sectors": [RETAIL, RETAIL, TRANSPORT, HOSPITALITY],
        "wards": ["Dalston", "Shacklewell"],
        "kinds": {Kind.JOB: 4, Kind.WORK_EXPERIENCE: 1, Kind.WORK_PLACEMENT: 1},
    },
    "freight": {
        "sectors": [TRANSPORT],
        "wards": ["Hackney Wick"],
        "kinds": {Kind.JOB: 4, Kind.APPRENTICESHIP: 1, Kind.EVENT: 1},
    },
    "code": {
        "sectors": [SCIENCE, SCIENCE, CREATIVE, BUSINESS],
        "wards": ["Hoxton East and Shoreditch", "Haggerston"],
        "kinds": {Kind.JOB: 3, Kind.APPRENTICESHIP: 2, Kind.WORK_PLACEMENT: 1, Kind.EVENT: 1},
    },
    "retrofit": {
        "sectors": [GREEN, GREEN, CONSTRUCTION],
        "wards": ["Lea Bridge", "Springfield"],
        "kinds": {Kind.JOB: 2, Kind.APPRENTICESHIP: 2, Kind.WORK_EXPERIENCE: 1, Kind.COURSE: 1},
    },
    "leisure": {
        "sectors": [SPORT, SPORT, HOSPITALITY],
        "wards": ["London Fields", "Hoxton West", "Clissold"],
        "kinds": {Kind.JOB: 3, Kind.APPRENTICESHIP: 1, Kind.VOLUNTEERING: 2, Kind.WORK_EXPERIENCE: 1},
    },
    "digital": {
        "sectors": [SCIENCE, CREATIVE, BUSINESS],
        "wards": ["Hoxton East and Shoreditch", "Hackney Central"],
        "kinds": {Kind.COURSE: 4, Kind.EVENT: 2, Kind.APPRENTICESHIP: 1},
    },
    "foodbank": {
        "sectors": [CHARITY, HOSPITALITY],
        "wards": ["Hackney Central", "Homerton", "Cazenove", "Haggerston"],
        "kinds": {Kind.VOLUNTEERING: 4, Kind.EVENT: 1, Kind.COURSE: 1},
    },
    "neighbours": {
        "sectors": [CHARITY, EDUCATION],
        "wards": ["Stamford Hill West", "Springfield", "Woodberry Down"],
        "kinds": {Kind.VOLUNTEERING: 2, Kind.COURSE: 3, Kind.EVENT: 2},
    },
    "youth": {
        "sectors": [CHARITY, SPORT, CREATIVE],
        "wards": ["Springfield", "Cazenove", "Brownswood"],
        "kinds": {Kind.VOLUNTEERING: 2, Kind.WORK_EXPERIENCE: 2, Kind.EVENT: 2, Kind.WORK_PLACEMENT: 1},
    },
    "pathway": {
        "sectors": [RETAIL, HOSPITALITY, HEALTH, PUBLIC, TRANSPORT],
        "wards": ["Hackney Central", "London Fields"],
        "kinds": {Kind.JOB: 3, Kind.SUPPORTED_INTERNSHIP: 2, Kind.EVENT: 1, Kind.COURSE: 1},
    },
    "college": {
        "sectors": [EDUCATION, HEALTH, CONSTRUCTION, CREATIVE, BUSINESS, SCIENCE],
        "wards": ["Hoxton East and Shoreditch", "Homerton"],
        "kinds": {Kind.COURSE: 5, Kind.SUPPORTED_INTERNSHIP: 2, Kind.EVENT: 2, Kind.APPRENTICESHIP: 2},
    },
    "school": {
        "sectors": [EDUCATION],
        "wards": ["Clissold", "Stoke Newington"],
        "kinds": {Kind.JOB: 3, Kind.APPRENTICESHIP: 1, Kind.VOLUNTEERING: 1, Kind.EVENT: 1},
    },
    "apprenticeships": {
        "sectors": [PUBLIC, PUBLIC, BUSINESS, CONSTRUCTION, GREEN, HEALTH, SCIENCE],
        "wards": ["Hackney Central"],
        "kinds": {Kind.APPRENTICESHIP: 6, Kind.EVENT: 2},
    },
    "works": {
        "sectors": [PUBLIC, HOSPITALITY, RETAIL, CREATIVE, HEALTH, CONSTRUCTION],
        "wards": ["Hackney Central", "Dalston", "Stoke Newington", "Homerton"],
        "kinds": {Kind.WORK_PLACEMENT: 4, Kind.EVENT: 3, Kind.COURSE: 2, Kind.JOB: 1},
    },
    "adult_learning": {
        "sectors": [EDUCATION, BUSINESS],
        "wards": ["Hackney Central", "Dalston", "Stamford Hill West", "Woodberry Down"],
        "kinds": {Kind.COURSE: 6, Kind.EVENT: 1},
    },
}

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

# Making listings from the data above.

BATCH_SIZE = 2000
PENNY = Decimal("0.01")
LONDON_LIVING_WAGE = Decimal(settings.LONDON_LIVING_WAGE_HOURLY)
# The National Living Wage and the apprentice rate from April 2026.
NATIONAL_LIVING_WAGE = Decimal("12.71")
APPRENTICE_RATE = Decimal("8.00")

# Hourly pay ranges per band of job: entry roles straddle the London Living Wage on purpose.
PAY_BANDS = {
    "entry": (NATIONAL_LIVING_WAGE, Decimal("16.00")),
    "skilled": (Decimal("14.50"), Decimal("21.00")),
    "senior": (Decimal("21.00"), Decimal("32.00")),
}

# How residents take part, per kind: weights for in person, hybrid and online.
ATTENDANCE_WEIGHTS = {
    Kind.JOB: (85, 10, 5),
    Kind.APPRENTICESHIP: (85, 15, 0),
    Kind.WORK_PLACEMENT: (90, 10, 0),
    Kind.SUPPORTED_INTERNSHIP: (100, 0, 0),
    Kind.VOLUNTEERING: (85, 5, 10),
    Kind.WORK_EXPERIENCE: (95, 5, 0),
}
ONLINE_COURSE_WEIGHTS = (55, 15, 30)
PROGRAMME_PRIORITY_GROUPS = {
    HACKNEY_100: [YOUNG_PEOPLE],
    SUPPORTED_INTERNSHIPS: [SEND],
    FULL_POTENTIAL: [CARE_EXPERIENCED],
    SUPPORTED_EMPLOYMENT: [OUT_OF_WORK],
}
PAID_KINDS = {Kind.JOB, Kind.APPRENTICESHIP, Kind.WORK_PLACEMENT}
COMMUNITY_KINDS = {Kind.COURSE, Kind.EVENT, Kind.VOLUNTEERING}
WORKPLACE_KINDS = {Kind.JOB, Kind.APPRENTICESHIP, Kind.WORK_PLACEMENT, Kind.SUPPORTED_INTERNSHIP, Kind.WORK_EXPERIENCE}


@dataclass
class Content:
    """What a kind-specific filler decided that the description and summary need."""

    role: str
    tasks: list
    benefits: list
    programmes: list


@dataclass
class NewListing:
    """One listing ready to insert, with its many-to-many links and status history."""

    listing: Opportunity
    programme_ids: list
    priority_group_ids: list
    history: list


def weighted(rng: random.Random, weights: dict):
    """Pick a key of `weights` with probability in proportion to its value."""
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def money(value, step: str) -> Decimal:
    """Round pay to a step people write in adverts (0.05 an hour, 500 a year, ...)."""
    step = Decimal(step)
    return ((Decimal(value) / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step).quantize(PENNY)


def in_sentence(role: str) -> str:
    """A title as it reads mid-sentence: lower-case first letter unless it starts with an acronym."""
    return role if role[1:2].isupper() else role[0].lower() + role[1:]


def article(role: str) -> str:
    """'a' or 'an' by sound, including acronyms such as 'an HR' and 'an SEN'."""
    if role[:2].isupper():
        return "an" if role[0] in "AEFHILMNORSX" else "a"
    return "an" if role[0].lower() in "aeiou" else "a"


class ListingFactory:
    """Builds demo listings in memory; listing number `index` is the same for a given seed on every run."""

    def __init__(self, *, seed: int, organisations: dict, partners: dict, staff, now: datetime):
        self.seed = seed
        self.organisations = organisations
        self.partners = partners
        self.staff = staff
        self.now = now
        self.today = timezone.localdate(now)
        # Who each organisation is (organisations.demo) and what it posts (POSTS), in a fixed order.
        self.specs = {spec["key"]: spec | POSTS[spec["key"]] for spec in organisations_demo.ORGANISATIONS}
        self.sector_ids = dict(Sector.objects.values_list("name", "id"))
        self.ward_ids = dict(Ward.objects.values_list("name", "id"))
        self.programme_ids = dict(Programme.objects.values_list("name", "id"))
        self.priority_group_ids = dict(PriorityGroup.objects.values_list("name", "id"))
        self.sector_names = {pk: name for name, pk in self.sector_ids.items()}
        self.ward_names = {pk: name for name, pk in self.ward_ids.items()}
        self.places_by_postcode = {place[2]: place for place in PLACES}
        self.fillers = {
            Kind.JOB: self._job,
            Kind.APPRENTICESHIP: self._apprenticeship,
            Kind.WORK_PLACEMENT: self._placement,
            Kind.SUPPORTED_INTERNSHIP: self._supported_internship,
            Kind.VOLUNTEERING: self._volunteering,
            Kind.WORK_EXPERIENCE: self._work_experience,
            Kind.COURSE: self._course,
            Kind.EVENT: self._event,
        }

    def build(self, index: int) -> NewListing:
        """Listing number `index`: the showcase first, then random organisations, kinds and statuses."""
        # A generator per listing keeps a top-up run's listings identical to a fresh run's at the same index.
        rng = random.Random(f"{self.seed}:{index}")
        if index < len(SHOWCASE):
            key, kind, status = SHOWCASE[index]
        else:
            key = rng.choice(list(self.specs))
            kind = weighted(rng, self.specs[key]["kinds"])
            status = weighted(rng, STATUS_WEIGHTS)
        spec = self.specs[key]
        listing = Opportunity(kind=kind, status=status, organisation=self.organisations[key])
        content = self.fillers[kind](rng, listing, spec)
        listing.slug = f"{slugify(listing.title)[:100].strip('-')}-{index:x}"
        self._locate(rng, listing, spec, content)
        self._apply_route(rng, listing, spec)
        if listing.attendance != Attendance.ONLINE or kind in WORKPLACE_KINDS:
            adjustments_share = 0.7 if spec["disability_confident"] else 0.25
            if rng.random() < adjustments_share:
                listing.adjustments_offered = rng.choice(ADJUSTMENTS)
        self._schedule(rng, listing)
        history = self._history(rng, listing, key)
        listing.hourly_pay_min = listing.derive_hourly_pay_min()
        listing.description_html = listing.render_description()  # bulk_create skips save(), which sets it
        programme_names = sorted(set(content.programmes))
        groups = {group for name in programme_names for group in PROGRAMME_PRIORITY_GROUPS.get(name, [])}
        if rng.random() < 0.25:
            groups.add(rng.choice(list(self.priority_group_ids)))
        return NewListing(
            listing=listing,
            programme_ids=[self.programme_ids[name] for name in programme_names],
            priority_group_ids=[self.priority_group_ids[name] for name in sorted(groups)],
            history=history,
        )

    # Kind-specific content: each sets the fields only that kind uses and returns what the text needs.

    def _job(self, rng, o, spec) -> Content:
        sector = rng.choice(spec["sectors"])
        o.title, band = rng.choice(JOBS[sector])
        o.sector_id = self.sector_ids[sector]
        part_time = rng.random() < 0.3
        o.hours_per_week = Decimal(rng.choice(["16", "20", "24"]) if part_time else rng.choice(["35", "37.5", "40"]))
        if part_time:
            o.working_pattern = WorkingPattern.PART_TIME
        elif sector == EDUCATION:
            o.working_pattern = WorkingPattern.TERM_TIME
        else:
            o.working_pattern = rng.choice(
                [WorkingPattern.FULL_TIME] * 3 + [WorkingPattern.SHIFTS, WorkingPattern.FLEXIBLE]
            )
        o.contract_type = rng.choice([ContractType.PERMANENT] * 4 + [ContractType.FIXED_TERM, ContractType.TEMPORARY])
        o.duration = {ContractType.FIXED_TERM: "12 months", ContractType.TEMPORARY: "3 months"}.get(o.contract_type, "")
        self._pay(rng, o, *PAY_BANDS[band], senior=band == "senior")
        o.positions = rng.choice([1, 1, 1, 2, 3])
        if sector in (CONSTRUCTION, HEALTH, TRANSPORT) or rng.random() < 0.2:
            o.min_age = 18
        programmes = []
        if spec["key"] == "pathway" or (spec["disability_confident"] and rng.random() < 0.05):
            programmes.append(SUPPORTED_EMPLOYMENT)
        if band == "entry" and rng.random() < 0.05:
            programmes.append(FULL_POTENTIAL)
            o.min_age, o.max_age = 18, 25
        return Content(o.title, rng.sample(TASKS[sector], 3), rng.sample(BENEFITS["paid"], 3), programmes)

    def _apprenticeship(self, rng, o, spec) -> Content:
        council = spec["type"] == OrganisationType.COUNCIL
        sector = rng.choice(spec["sectors"])
        # Council apprenticeships run from level 2 to level 6.
        options = [
            (title, level) for title, levels in APPRENTICESHIPS[sector] for level in levels if not council or level <= 6
        ]
        role, o.level = rng.choice(options)
        o.title = f"{role} (level {o.level})"
        o.sector_id = self.sector_ids[sector]
        o.hours_per_week = Decimal(rng.choice(["30", "35", "37.5"]))
        o.working_pattern = WorkingPattern.FULL_TIME
        o.contract_type = ContractType.APPRENTICESHIP
        o.duration = {2: "12 to 15 months", 3: "18 months", 4: "2 years", 5: "2 years"}.get(o.level, "3 to 4 years")
        o.min_age = 16
        programmes = []
        if council:
            # Hackney pays its apprentices at least the London Living Wage.
            o.pay_period = PayPeriod.YEAR
            o.pay_min = money(LONDON_LIVING_WAGE * o.hours_per_week * 52 * Decimal(rng.uniform(1.01, 1.08)), "250")
            o.hackney_connection_required = True
            o.positions = rng.randint(3, 12)
            programmes.append(COUNCIL_APPRENTICESHIPS)
        elif o.level <= 3 and rng.random() < 0.5:
            o.pay_period, o.pay_min = (
                PayPeriod.HOUR,
                rng.choice([APPRENTICE_RATE, Decimal("10.00"), NATIONAL_LIVING_WAGE]),
            )
            o.positions = rng.randint(1, 3)
        else:
            low, high = (21000, 26000) if o.level <= 4 else (26000, 32000)
            o.pay_period, o.pay_min = PayPeriod.YEAR, money(rng.uniform(low, high), "500")
            o.positions = rng.randint(1, 3)
        if rng.random() < 0.08:
            programmes.append(FULL_POTENTIAL)
            o.max_age = 25
        return Content(role, rng.sample(TASKS[sector], 3), rng.sample(BENEFITS["apprenticeship"], 3), programmes)

    def _placement(self, rng, o, spec) -> Content:
        sector = rng.choice(spec["sectors"])
        role = rng.choice(ENTRY_ROLES[sector])
        hackney_100 = rng.random() < 0.85
        o.title = f"Hackney 100 placement: {role}" if hackney_100 else f"Paid placement: {role}"
        o.sector_id = self.sector_ids[sector]
        hours = self._plan(rng, o, sector)
        o.working_pattern = WorkingPattern.PART_TIME
        o.contract_type = ContractType.PLACEMENT
        # Hackney 100 pays the London Living Wage; other placements show the range of what partners offer.
        rate = (
            LONDON_LIVING_WAGE
            if hackney_100
            else rng.choice([NATIONAL_LIVING_WAGE, Decimal("13.50"), LONDON_LIVING_WAGE])
        )
        if rng.random() < 0.8:
            o.pay_period, o.pay_min = PayPeriod.HOUR, rate
        else:
            o.pay_period, o.pay_min = PayPeriod.WEEK, (rate * hours).quantize(PENNY)
        o.min_age, o.max_age = 16, 24
        o.positions = rng.randint(1, 6)
        programmes = []
        if hackney_100:
            o.hackney_connection_required = True
            programmes.append(HACKNEY_100)
        return Content(role, rng.sample(TASKS[sector], 3), rng.sample(BENEFITS["placement"], 3), programmes)

    def _supported_internship(self, rng, o, spec) -> Content:
        sector = rng.choice(spec["sectors"])
        role = rng.choice(ENTRY_ROLES[sector])
        o.title = f"Supported internship: {role}"
        o.sector_id = self.sector_ids[sector]
        self._plan(rng, o, sector)
        o.plan_adjustments = rng.choice(PLAN_ADJUSTMENTS)
        o.working_pattern = WorkingPattern.TERM_TIME
        o.contract_type = ContractType.PLACEMENT
        o.duration = "One academic year (September to July)"
        o.min_age, o.max_age = 16, 24
        o.positions = rng.randint(2, 8)
        return Content(
            role,
            rng.sample(TASKS[sector], 3),
            rng.sample(BENEFITS["supported_internship"], 3),
            [SUPPORTED_INTERNSHIPS],
        )

    def _volunteering(self, rng, o, spec) -> Content:
        options = [role for role in VOLUNTEERING if role[1] in spec["sectors"]] or VOLUNTEERING
        o.title, sector, tasks = rng.choice(options)
        o.sector_id = self.sector_ids[sector]
        o.hours_per_week = Decimal(rng.choice(["2", "3", "4", "6", "8"]))
        o.working_pattern = WorkingPattern.FLEXIBLE
        o.contract_type = ContractType.VOLUNTARY
        o.duration = rng.choice(["At least 3 months", "Ongoing", "6 months"])
        o.min_age = rng.choice([16, 18, 18])
        o.positions = rng.randint(2, 20)
        return Content(o.title, tasks, rng.sample(BENEFITS["volunteering"], 3), [])

    def _work_experience(self, rng, o, spec) -> Content:
        sector = rng.choice(spec["sectors"])
        role = rng.choice(ENTRY_ROLES[sector])
        template, o.duration, hours = rng.choice(
            [
                ("Job taster day: {role}", "One day", None),
                ("Work experience week: {role}", "One week", "25"),
                ("Two-week work experience: {role}", "Two weeks", "30"),
            ]
        )
        o.title = template.format(role=role)
        o.sector_id = self.sector_ids[sector]
        o.hours_per_week = Decimal(hours) if hours else None
        o.contract_type = ContractType.PLACEMENT
        o.min_age = 16
        o.max_age = 24 if rng.random() < 0.5 else None
        o.positions = rng.randint(1, 6)
        programmes = [FULL_POTENTIAL] if rng.random() < 0.08 else []
        return Content(role, rng.sample(TASKS[sector], 3), rng.sample(BENEFITS["work_experience"], 3), programmes)

    def _course(self, rng, o, spec) -> Content:
        open_to_general = spec["type"] != OrganisationType.EMPLOYER
        options = [c for c in COURSES if c[2] in spec["sectors"] or (c[2] is None and open_to_general)]
        o.title, o.level, sector, hours, o.duration, can_be_online, learn = rng.choice(options or COURSES)
        o.sector_id = self.sector_ids[sector] if sector else None
        o.hours_per_week = Decimal(hours)
        o.contract_type = ContractType.NOT_APPLICABLE
        o.attendance = self._attendance(rng, ONLINE_COURSE_WEIGHTS if can_be_online else (100, 0, 0))
        # Adult learning is 19 and over; the rest is open from school-leaving age.
        adult_learning = spec["key"] == "adult_learning" or (open_to_general and sector is None and rng.random() < 0.7)
        o.min_age = 19 if adult_learning else rng.choice([16, 18, None])
        o.positions = rng.randint(8, 20)
        o.flexible_start = o.duration != "One day" and rng.random() < 0.3
        programmes = [ADULT_LEARNING] if adult_learning else []
        return Content(o.title, learn, rng.sample(BENEFITS["course"], 3), programmes)

    def _event(self, rng, o, spec) -> Content:
        options = [e for e in EVENTS if e[1] in spec["sectors"]]
        if spec["type"] != OrganisationType.EMPLOYER:
            options += [e for e in EVENTS if e[1] is None]
        o.title, sector, hours, online, postcode = rng.choice(options or EVENTS)
        o.sector_id = self.sector_ids[sector] if sector else None
        o.duration = f"One day, {hours}"
        o.contract_type = ContractType.NOT_APPLICABLE
        o.attendance = Attendance.ONLINE if online else Attendance.IN_PERSON
        o.positions = rng.choice([40, 60, 100, 150, 200])
        if postcode:
            ward, o.address, o.postcode = self.places_by_postcode[postcode]
            o.ward_id = self.ward_ids[ward]
        programmes = [HACKNEY_100] if o.title.startswith("Hackney 100") else []
        return Content(o.title, rng.sample(EVENT_ACTIVITIES, 3), rng.sample(BENEFITS["event"], 3), programmes)

    # Shared pieces.

    def _plan(self, rng, o, sector) -> Decimal:
        """Fill the employment plan of a placement or supported internship; returns its hours per week."""
        pattern, hours, weeks = rng.choice(HOURS_PATTERNS[o.kind])
        o.plan_hours_pattern = pattern
        o.plan_tasks = "\n".join(f"- {task}" for task in rng.sample(TASKS[sector], 4))
        o.plan_supervisor = f"{rng.choice(SUPERVISORS)}, {rng.choice(SUPERVISOR_ROLES)}"
        o.plan_adjustments = rng.choice(PLAN_ADJUSTMENTS)
        o.hours_per_week = Decimal(hours)
        if weeks:
            o.duration = f"{weeks} weeks"
        return o.hours_per_week

    def _pay(self, rng, o, low: Decimal, high: Decimal, *, senior: bool) -> None:
        hourly = Decimal(rng.uniform(float(low), float(high)))
        period = (
            PayPeriod.YEAR
            if senior
            else weighted(rng, {PayPeriod.HOUR: 45, PayPeriod.YEAR: 40, PayPeriod.WEEK: 10, PayPeriod.MONTH: 5})
        )
        weekly = hourly * o.hours_per_week
        step, value = {
            PayPeriod.HOUR: ("0.05", hourly),
            PayPeriod.WEEK: ("5", weekly),
            PayPeriod.MONTH: ("50", weekly * 52 / 12),
            PayPeriod.YEAR: ("500", weekly * 52),
        }[period]
        o.pay_period, o.pay_min = period, money(value, step)
        if rng.random() < 0.5:
            o.pay_max = money(o.pay_min * Decimal(rng.uniform(1.05, 1.2)), step)

    def _attendance(self, rng, weights) -> str:
        return rng.choices([Attendance.IN_PERSON, Attendance.HYBRID, Attendance.ONLINE], weights=weights)[0]

    def _locate(self, rng, o, spec, content: Content) -> None:
        """Set where it happens, then the summary and description that mention it."""
        if o.kind in ATTENDANCE_WEIGHTS:
            o.attendance = self._attendance(rng, ATTENDANCE_WEIGHTS[o.kind])
        if o.attendance != Attendance.ONLINE and not o.postcode:
            # Libraries and town halls host council and community activities, not other employers' jobs.
            venues_ok = o.kind in COMMUNITY_KINDS or spec["type"] == OrganisationType.COUNCIL
            places = [p for p in PLACES if venues_ok or p[2] not in PUBLIC_VENUES]
            home = [p for p in places if p[0] in spec["wards"]]
            ward, o.address, o.postcode = rng.choice(home if home and rng.random() < 0.7 else places)
            o.ward_id = self.ward_ids[ward]
        ward_name = self.ward_names.get(o.ward_id, "")
        if o.attendance == Attendance.ONLINE:
            where = "working from home" if o.kind in WORKPLACE_KINDS else "online"
        elif o.attendance == Attendance.HYBRID:
            where = f"in {ward_name} and online"
        else:
            where = f"in {ward_name}"
        role = in_sentence(content.role)
        words = {"org": o.organisation.name, "role": role, "article": article(role), "where": where}
        words["Article"] = words["article"].capitalize()
        o.summary = rng.choice(SUMMARIES[o.kind]).format(**words)
        o.description = self._description(o, spec, content, words)

    def _description(self, o, spec, content: Content, words: dict) -> str:
        benefits = list(content.benefits)
        hourly = o.derive_hourly_pay_min()
        if hourly is not None and hourly >= LONDON_LIVING_WAGE:
            benefits.insert(0, "Pay at or above the London Living Wage")
        parts = [
            f"{o.organisation.name} is {spec['about']}. {PITCHES[o.kind].format(**words)}",
            "### What you'll do\n\n" + "\n".join(f"- {task}" for task in content.tasks),
            "### What you'll get\n\n" + "\n".join(f"- {benefit}" for benefit in benefits),
        ]
        if o.hackney_connection_required:
            parts.append("You must live in Hackney or have gone to school in Hackney to apply.")
        if spec["disability_confident"] and o.kind in WORKPLACE_KINDS:
            parts.append(
                "We're a **Disability Confident** employer: if you're disabled and meet the essential "
                "criteria, we'll offer you an interview."
            )
        else:
            parts.append("Tell us if you need any adjustments to take part. We're happy to help.")
        return "\n\n".join(parts)

    def _apply_route(self, rng, o, spec) -> None:
        o.apply_method = weighted(rng, {ApplyMethod.HERE: 60, ApplyMethod.WEBSITE: 25, ApplyMethod.EMAIL: 15})
        section = {Kind.COURSE: "courses", Kind.EVENT: "events"}.get(o.kind, "jobs")
        if o.apply_method == ApplyMethod.WEBSITE:
            o.apply_url = f"{spec['website']}/{section}/"
        elif o.apply_method == ApplyMethod.EMAIL:
            o.apply_email = f"{section}@{urlsplit(spec['website']).hostname}"
        elif o.kind != Kind.EVENT:
            # Sector questions ("Do you have a CSCS card?") only make sense for paid roles.
            sector = self.sector_names.get(o.sector_id) if o.kind in PAID_KINDS else None
            questions = SCREENING_QUESTIONS.get(sector, []) + SCREENING_QUESTIONS["general"]
            chosen = questions[:1] + rng.sample(questions[1:], 2)
            for number, question in enumerate(chosen[: rng.randint(0, 3)], start=1):
                setattr(o, f"screening_question_{number}", question)

    def _schedule(self, rng, o) -> None:
        """Closing, start and end dates that fit the status: closed listings closed in the past."""
        if o.status == Status.CLOSED:
            closing = self.today - timedelta(days=rng.randint(1, 60))
        elif o.status == Status.ARCHIVED:
            closing = self.today + timedelta(days=rng.randint(-60, 60))
        else:
            closing = self.today + timedelta(days=rng.randint(3, 120))
        if o.kind == Kind.EVENT:
            # People book up to the day itself.
            o.closing_date = o.start_date = o.end_date = closing
        elif o.kind == Kind.COURSE:
            if o.flexible_start and o.status != Status.CLOSED:
                return
            o.flexible_start = False
            o.closing_date = closing
            o.start_date = closing + timedelta(days=rng.randint(7, 21))
        elif o.kind == Kind.SUPPORTED_INTERNSHIP:
            o.closing_date = closing
            year = closing.year if closing.month < 9 else closing.year + 1
            o.start_date, o.end_date = date(year, 9, 8), date(year + 1, 7, 17)
        elif o.kind == Kind.WORK_PLACEMENT:
            o.closing_date = closing
            o.start_date = closing + timedelta(days=rng.randint(14, 30))
            o.end_date = o.start_date + timedelta(weeks=int(o.duration.split()[0]), days=-3)
        elif o.kind == Kind.WORK_EXPERIENCE:
            o.closing_date = closing
            o.start_date = closing + timedelta(days=rng.randint(7, 30))
            o.end_date = o.start_date + timedelta(days={"One day": 0, "One week": 4}.get(o.duration, 11))
        elif o.kind == Kind.VOLUNTEERING and o.status != Status.CLOSED and rng.random() < 0.6:
            o.flexible_start = True
        elif o.kind in (Kind.JOB, Kind.VOLUNTEERING) and o.status != Status.CLOSED and rng.random() < 0.12:
            return
        else:
            o.closing_date = closing
            if o.kind == Kind.APPRENTICESHIP:
                o.start_date = closing + timedelta(days=rng.randint(30, 75))
            elif rng.random() < 0.3:
                o.start_date = closing + timedelta(days=rng.randint(21, 45))

    def _at(self, day, rng) -> datetime:
        """A moment in office hours on `day`, never in the future."""
        moment = datetime.combine(
            day, time(rng.randint(8, 17), rng.randint(0, 59)), tzinfo=timezone.get_current_timezone()
        )
        return min(moment, self.now)

    def _after(self, moment: datetime, rng, *, days: int = 3) -> datetime:
        """A moment in office hours up to `days` days after `moment` (later than it, unless that is the future)."""
        later = self._at(timezone.localdate(moment) + timedelta(days=rng.randint(0, days)), rng)
        return later if later > moment else min(moment + timedelta(hours=rng.uniform(1, 3)), self.now)

    def _history(self, rng, o, key) -> list:
        """Status changes from submission to the listing's status, as the services would have recorded them."""
        partner, staff, today = self.partners.get(key), self.staff, self.today
        changes = []

        def change(from_status, to_status, by, at, message=""):
            changes.append(
                StatusChange(opportunity=o, from_status=from_status, to_status=to_status, by=by, at=at, message=message)
            )

        if o.status == Status.DRAFT:
            change("", Status.DRAFT, partner, self._at(today - timedelta(days=rng.randint(0, 30)), rng))
        elif o.status == Status.SUBMITTED:
            change("", Status.SUBMITTED, partner, self._at(today - timedelta(days=rng.randint(0, 7)), rng))
        elif o.status in (Status.CHANGES_REQUESTED, Status.REJECTED):
            submitted = self._at(today - timedelta(days=rng.randint(3, 30)), rng)
            o.moderation_message = rng.choice(
                CHANGES_REQUESTED if o.status == Status.CHANGES_REQUESTED else REJECTION_REASONS
            )
            change("", Status.SUBMITTED, partner, submitted)
            change(Status.SUBMITTED, o.status, staff, self._after(submitted, rng), o.moderation_message)
        else:
            # Closed and archived listings went live well before their closing date.
            last_live_day = min(o.closing_date or today, today)
            live_for = rng.randint(0, 90) if o.status == Status.PUBLISHED else rng.randint(7, 60)
            submitted = self._at(last_live_day - timedelta(days=live_for + rng.randint(0, 3)), rng)
            o.published_at = self._after(submitted, rng)
            change("", Status.SUBMITTED, partner, submitted)
            change(Status.SUBMITTED, Status.PUBLISHED, staff, o.published_at)
            if o.status == Status.CLOSED:
                # The nightly sweep (opportunities_close_expired) closes a listing the night after its closing date.
                closed = datetime.combine(
                    o.closing_date + timedelta(days=1), time(2, 0), tzinfo=timezone.get_current_timezone()
                )
                change(Status.PUBLISHED, Status.CLOSED, None, min(closed, self.now), "Closing date passed")
            elif o.status == Status.ARCHIVED:
                archived = self._after(o.published_at, rng, days=(today - timezone.localdate(o.published_at)).days)
                change(Status.PUBLISHED, Status.ARCHIVED, rng.choice([partner or staff, staff]), archived)
        last = changes[-1]
        o.status_changed_at, o.status_changed_by = last.at, last.by
        return changes


def build(ctx: DemoContext) -> None:
    """Top the demo organisations' listings up to `ctx.listings`."""
    existing = Opportunity.objects.filter(organisation__in=ctx.organisations.values()).count()
    factory = ListingFactory(
        seed=ctx.seed,
        organisations=ctx.organisations,
        partners=ctx.partners,
        staff=ctx.people["staff"],
        now=ctx.now,
    )
    created = _insert(factory, start=existing, count=max(ctx.listings - existing, 0), show_progress=ctx.show_progress)
    ctx.summary.append(f"Their listings: {existing + created} ({created} new).")


def finish(ctx: DemoContext) -> None:
    """Give the demo partners and staff an inbox, written by the real services once every part has run: their
    latest moderation decisions, closing reminders and today's review digest (notifications.demo then marks
    them as already emailed)."""
    organisation_ids = [
        membership.organisation_id for user in ctx.partners.values() for membership in user.memberships.all()
    ]
    decisions = []
    for to_status in MODERATION_NOTIFICATIONS:
        decisions += (
            StatusChange.objects.filter(opportunity__organisation_id__in=organisation_ids, to_status=to_status)
            .select_related("opportunity__organisation")
            .order_by("-at")[:2]
        )
    for change in decisions:
        moderation_decision_notify(change=change)
    opportunities_remind_closing()
    moderation_digest_send()
    ctx.summary.append(f"Listings the public can see: {Opportunity.objects.visible().count()}.")


def _insert(factory: ListingFactory, *, start: int, count: int, show_progress: bool) -> int:
    """Insert `count` listings in batches, numbered from `start`; returns how many were made."""
    programme_link = Opportunity.programmes.through
    priority_link = Opportunity.priority_groups.through
    first = StatusChange.objects.filter(opportunity=OuterRef("pk")).order_by("at").values("at")[:1]
    last = StatusChange.objects.filter(opportunity=OuterRef("pk")).order_by("-at").values("at")[:1]
    progress = tqdm(
        total=count, unit=" listings", file=sys.stderr, disable=not show_progress or not sys.stderr.isatty()
    )
    index, made, new_ids = start, 0, []
    while made < count:
        batch = [factory.build(i) for i in range(index, index + min(BATCH_SIZE, count - made))]
        index += len(batch)
        # A slug can only clash after demo listings were deleted; skip those numbers rather than fail.
        taken = set(Opportunity.objects.filter(slug__in=[d.listing.slug for d in batch]).values_list("slug", flat=True))
        batch = [d for d in batch if d.listing.slug not in taken]
        Opportunity.objects.bulk_create([d.listing for d in batch])
        programme_link.objects.bulk_create(
            programme_link(opportunity_id=d.listing.pk, programme_id=pk) for d in batch for pk in d.programme_ids
        )
        priority_link.objects.bulk_create(
            priority_link(opportunity_id=d.listing.pk, prioritygroup_id=pk)
            for d in batch
            for pk in d.priority_group_ids
        )
        StatusChange.objects.bulk_create(change for d in batch for change in d.history)
        ids = [d.listing.pk for d in batch]
        # bulk_create stamps created_at with now; date the listing from its history instead.
        Opportunity.objects.filter(pk__in=ids).update(created_at=Subquery(first), updated_at=Subquery(last))
        new_ids += ids
        made += len(batch)
        # With DEBUG on (as `make run` has it) Django keeps the SQL of every query: megabytes per batch here.
        reset_queries()
        progress.update(len(batch))
    progress.close()
    if new_ids:
        search.refresh(new_ids)
    return made
