"""Reference lists loaded by migration: Hackney's wards, sectors, programmes and priority groups.

Staff can add to sectors, programmes and priority groups in the admin; wards follow the 2014 boundaries.
"""

WARDS = [
    "Brownswood",
    "Cazenove",
    "Clissold",
    "Dalston",
    "De Beauvoir",
    "Hackney Central",
    "Hackney Downs",
    "Hackney Wick",
    "Haggerston",
    "Homerton",
    "Hoxton East and Shoreditch",
    "Hoxton West",
    "King's Park",
    "Lea Bridge",
    "London Fields",
    "Shacklewell",
    "Springfield",
    "Stamford Hill West",
    "Stoke Newington",
    "Victoria",
    "Woodberry Down",
]

SECTORS = [
    "Business, finance and law",
    "Construction and trades",
    "Creative, media and digital",
    "Education and childcare",
    "Green economy and environment",
    "Health and social care",
    "Hospitality, food and catering",
    "Public sector and council services",
    "Retail and customer service",
    "Science and technology",
    "Sport, leisure and tourism",
    "Transport and logistics",
    "Charity and community",
]

PROGRAMMES = [
    (
        "Council apprenticeships",
        "Apprenticeships at Hackney Council, recruited in cohorts with open days, at levels 2 to 6. "
        "Applicants must live in Hackney or have studied at a Hackney school.",
    ),
    (
        "Hackney 100",
        "Paid work placements of at least 70 hours with Hackney employers, for young people who want "
        "their first experience of work. At least half of places go to young people from disadvantaged groups.",
    ),
    (
        "Supported internships",
        "A year-long study programme with an employer for young people with special "
        "educational needs or disabilities, supported by a job coach.",
    ),
    ("Full Potential", "Jobs, training and mentoring for care-experienced young people in Hackney."),
    (
        "Supported employment",
        "Help to find and keep a job for anyone with a health condition or disability. You can refer yourself.",
    ),
    (
        "Adult learning",
        "Courses for adults in Hackney, from English and maths to digital skills: many are online and free.",
    ),
]

PRIORITY_GROUPS = [
    "Care-experienced young people",
    "Young people with SEND or a disability",
    "Residents from Black, Asian and minority ethnic backgrounds",
    "Young people aged 16 to 24",
    "People out of work",
]
