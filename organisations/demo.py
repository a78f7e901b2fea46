"""The organisations' part of the demo data (`manage.py seed_demo`): the partners, and an admin for each of
the first two, whom `make run` prints.

Every organisation, person, web address and email here is made up; domains end in `.example` so that nothing
the demo sends can reach a real inbox.
"""

from django.utils.text import slugify

from accounts.demo import sign_in_account
from accounts.models import Role
from notifications.demo import DemoContext
from organisations.models import Membership, Organisation, OrganisationType
from organisations.services import membership_add, membership_change_role

# The partners, by key (what they post is in opportunities.demo.POSTS, under the same keys). `about` is not
# saved: it completes "<name> is ..." at the top of their listings.
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
    },
]
ORGANISATION_FIELDS = (
    "name",
    "type",
    "website",
    "hackney_based",
    "disability_confident",
    "charity_number",
    "company_number",
)

# The partner admins `make run` prints: one for each of the two organisations the showcase listings are in.
PARTNERS = [
    {
        "organisation": "a",
        "email": "partner.a@demo.test",
        "full_name": "Tom Brennan",
        "signs_in_at": "/partners/ (applicants at /partners/applications/application/)",
    },
    {
        "organisation": "b",
        "email": "partner.b@demo.test",
        "full_name": "Priya Shah",
        "signs_in_at": "/partners/ (applicants at /partners/applications/application/)",
    },
]


def build(ctx: DemoContext) -> None:
    created = 0
    for spec in ORGANISATIONS:
        fields = {name: spec[name] for name in ORGANISATION_FIELDS}
        # get_or_create, not update_or_create: edits a demo partner makes to its profile survive a re-run.
        organisation, is_new = Organisation.objects.get_or_create(slug=slugify(spec["name"]), defaults=fields)
        ctx.organisations[spec["key"]] = organisation
        created += is_new
    ctx.summary.append(f"Demo organisations: {len(ctx.organisations)} ({created} new).")
    for entry in PARTNERS:
        organisation = ctx.organisations[entry["organisation"]]
        user = sign_in_account(
            ctx,
            email=entry["email"],
            full_name=entry["full_name"],
            role=Role.PARTNER,
            label=f"Partner admin ({organisation.name})",
            signs_in_at=entry["signs_in_at"],
        )
        membership = Membership.objects.filter(organisation=organisation, user=user).first()
        # Through the services, as council staff would in /admin/, so the history says who gave the access.
        if membership is None:
            membership_add(organisation=organisation, user=user, role=Membership.Role.ADMIN, by=ctx.people["staff"])
        else:
            membership_change_role(membership=membership, role=Membership.Role.ADMIN, by=ctx.people["staff"])
        ctx.partners[entry["organisation"]] = user
