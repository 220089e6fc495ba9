"""Generate the seed of the local people-records database (data/records/), all FICTIONAL.

A stand-in for a UK people-search service: who holds a phone, an email or a social-media
handle, where people live and lived, their relatives, employers and court records. It covers
the fictional SOCMINT case (every account, phone and email of data/socmint resolves; some to
several candidates with different confidences), including the people the case shows only
through their identifiers, plus a few thousand unrelated fictional people of the same invented
county so that lookups are not trivially unique: namesakes, near-identical spellings, shared
households and recycled phone numbers.

Every row has a stable record id. ``case_truth.csv`` maps each identifier of the case to the
person really behind it: ground truth for tests, not part of the records database.

Run ``python data/make_records.py [out_dir]``; fixed seed, standard library only, the output is
byte-identical on every run. See data/records/SOURCE.txt for the schema.
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import fictional_words as words  # noqa: E402
import make_socmint  # noqa: E402

SEED = 1701
POPULATION = 4500           # unrelated people, on top of the case's
AS_OF = date(2024, 5, 1)    # the records describe the world on this day
CASE_START = make_socmint.START.date()

TABLES = {
    "people": ["person_id", "full_name", "first_name", "last_name", "birth_date", "source"],
    "addresses": ["record_id", "person_id", "address", "town", "from_date", "to_date", "source",
                  "confidence"],
    "phones": ["record_id", "person_id", "phone", "phone_display", "line_type", "from_date",
               "to_date", "source", "confidence"],
    "emails": ["record_id", "person_id", "email", "first_seen", "source", "confidence"],
    "handles": ["record_id", "person_id", "platform", "username", "registered_phone",
                "registered_email", "first_seen", "source", "confidence"],
    "relatives": ["record_id", "person_id", "relative_id", "relation", "source", "confidence"],
    "employers": ["record_id", "person_id", "employer", "job_title", "from_date", "to_date",
                  "source", "confidence"],
    "offences": ["record_id", "person_id", "offence", "court", "date", "outcome", "reference",
                 "source"],
}
PREFIX = {"people": "RP", "addresses": "RA", "phones": "RT", "emails": "RE", "handles": "RH",
          "relatives": "RR", "employers": "RW", "offences": "RO"}
ID_COLUMN = {name: ("person_id" if name == "people" else "record_id") for name in TABLES}
TRUTH_COLUMNS = ["case_node_id", "entity_type", "identifier", "person_id", "case_person_id"]

OFFENCES = (
    ("Possession of a controlled drug, Class B", ("Fine £200", "Conditional discharge")),
    ("Possession of a controlled drug, Class A", ("Fine £400", "Community order")),
    ("Possession with intent to supply, Class A", ("Imprisonment 30 months",
                                                   "Suspended sentence 18 months")),
    ("Being concerned in the supply of a Class A drug", ("Imprisonment 4 years",
                                                         "Imprisonment 42 months")),
    ("Possession with intent to supply, Class B", ("Community order", "Imprisonment 8 months")),
    ("Money laundering (acquiring criminal property)", ("Imprisonment 2 years", "Acquitted")),
    ("Handling stolen goods", ("Community order", "Fine £300")),
    ("Driving without insurance", ("Fine £300 and 6 points",)),
    ("Shoplifting", ("Conditional discharge", "Fine £100")),
    ("Criminal damage", ("Fine £150", "Compensation order")),
    ("Assault by beating", ("Community order", "Suspended sentence 6 months")),
)
RELATION_BACK = {"parent": "child", "child": "parent", "sibling": "sibling",
                 "partner": "partner", "cousin": "cousin"}


def e164(display: str) -> str:
    """E.164 form of a UK number written nationally (``07700 900123`` -> ``+447700900123``)."""
    return "+44" + display.replace(" ", "")[1:]


class Records:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.rows: dict[str, list[dict]] = {name: [] for name in TABLES}
        self.truth: list[dict] = []
        self.addresses: list[tuple[str, str]] = []   # (address text, town), unique
        self.address_taken: set[str] = set()
        self.usernames: set[tuple[str, str]] = set()
        self.emails_taken: set[str] = set()

    def add(self, table: str, **row) -> str:
        rid = f"{PREFIX[table]}{len(self.rows[table]) + 1:06d}"
        row[ID_COLUMN[table]] = rid
        self.rows[table].append(row)
        return rid

    # -- small random facts -----------------------------------------------------------------
    def day(self, first: date, last: date) -> date:
        return first + timedelta(days=self.rng.randrange((last - first).days + 1))

    def birth(self, young: bool = False) -> str:
        first = date(1985, 1, 1) if young else date(1945, 1, 1)
        return self.day(first, date(2005, 12, 31)).isoformat()

    def new_address(self, town: str | None = None) -> tuple[str, str]:
        rng = self.rng
        while True:
            town_ = town or rng.choice(words.TOWNS)
            text = (f"{rng.randrange(1, 180)} {rng.choice(words.STREET_HEADS)} "
                    f"{rng.choice(words.STREET_TYPES)}, {town_}, {words.COUNTY}")
            if text not in self.address_taken:
                self.address_taken.add(text)
                self.addresses.append((text, town_))
                return text, town_

    def person(self, name: str, birth: str | None = None, source: str = "electoral_roll") -> str:
        first, last = name.split(" ")
        return self.add("people", full_name=name, first_name=first, last_name=last,
                        birth_date=birth or self.birth(), source=source)

    def lives(self, pid: str, address: tuple[str, str], since: date, until: date | None = None,
              source: str = "electoral_roll", confidence: float = 0.9) -> None:
        self.add("addresses", person_id=pid, address=address[0], town=address[1],
                 from_date=since.isoformat(), to_date=until.isoformat() if until else "",
                 source=source, confidence=f"{confidence:.2f}")

    def history(self, pid: str, current: tuple[str, str], moves: int) -> None:
        """A current address and ``moves`` former ones, oldest first, without overlaps."""
        cursor = self.day(date(2004, 1, 1), date(2012, 12, 31))
        for _ in range(moves):
            until = self.day(cursor + timedelta(days=200), cursor + timedelta(days=2000))
            if until > AS_OF - timedelta(days=90):
                break
            former = (self.rng.choice(self.addresses) if self.addresses and
                      self.rng.random() < 0.3 else self.new_address())
            self.lives(pid, former, cursor, until, confidence=0.8)
            cursor = until + timedelta(days=1)
        self.lives(pid, current, min(cursor, AS_OF - timedelta(days=30)))

    def phone(self, pid: str, display: str, since: date, until: date | None = None,
              source: str = "telco_subscriber", confidence: float = 0.95) -> str:
        kind = "landline" if display.startswith("01") else "mobile"
        return self.add("phones", person_id=pid, phone=e164(display), phone_display=display,
                        line_type=kind, from_date=since.isoformat(),
                        to_date=until.isoformat() if until else "", source=source,
                        confidence=f"{confidence:.2f}")

    def email(self, pid: str, address: str, source: str = "data_broker",
              confidence: float = 0.85, seen: date | None = None) -> str:
        self.emails_taken.add(address)
        seen = seen or self.day(date(2012, 1, 1), date(2023, 12, 31))
        return self.add("emails", person_id=pid, email=address, first_seen=seen.isoformat(),
                        source=source, confidence=f"{confidence:.2f}")

    def fresh_email(self, name: str) -> str:
        first, last = name.lower().split(" ")
        while True:
            local = self.rng.choice((f"{first}.{last}", f"{first}{self.rng.randrange(1000)}",
                                     f"{last}.{first[0]}{self.rng.randrange(100)}"))
            address = f"{local}@{self.rng.choice(('example.com', 'example.net', 'example.org'))}"
            if address not in self.emails_taken:
                return address

    def handle(self, pid: str, platform: str, username: str, phone: str = "", email: str = "",
               source: str = "platform_disclosure", confidence: float = 0.9,
               seen: date | None = None) -> str:
        self.usernames.add((platform, username.lower()))
        seen = seen or self.day(date(2015, 1, 1), date(2023, 12, 31))
        return self.add("handles", person_id=pid, platform=platform, username=username.lower(),
                        registered_phone=phone, registered_email=email,
                        first_seen=seen.isoformat(), source=source,
                        confidence=f"{confidence:.2f}")

    def relate(self, a: str, b: str, relation: str, confidence: float = 0.8,
               source: str = "credit_header") -> None:
        self.add("relatives", person_id=a, relative_id=b, relation=relation, source=source,
                 confidence=f"{confidence:.2f}")
        self.add("relatives", person_id=b, relative_id=a, relation=RELATION_BACK[relation],
                 source=source, confidence=f"{confidence:.2f}")

    def job(self, pid: str, current: bool = True) -> None:
        rng = self.rng
        employer = f"{rng.choice(words.EMPLOYER_HEADS)} {rng.choice(words.EMPLOYER_KINDS)}"
        since = self.day(date(2010, 1, 1), date(2023, 6, 30))
        until = "" if current else self.day(since, date(2023, 12, 31)).isoformat()
        self.add("employers", person_id=pid, employer=employer,
                 job_title=rng.choice(words.JOB_TITLES), from_date=since.isoformat(),
                 to_date=until, source="companies_register",
                 confidence=f"{rng.choice((0.6, 0.7, 0.8, 0.9)):.2f}")

    def offence(self, pid: str, serious: bool) -> None:
        rng = self.rng
        offence, outcomes = rng.choice(OFFENCES[:6] if serious else OFFENCES)
        when = self.day(date(2008, 1, 1), date(2023, 10, 31))
        court = rng.choice(words.COURTS[2:] if serious else words.COURTS)
        self.add("offences", person_id=pid, offence=offence, court=court,
                 date=when.isoformat(), outcome=rng.choice(outcomes),
                 reference=f"FS/{when.year}/{rng.randrange(10000, 99999)}",
                 source="court_register")

    def username(self) -> str:
        rng = self.rng
        return (f"{rng.choice(words.USERNAME_ADJECTIVES)}{rng.choice(('_', '.', ''))}"
                f"{rng.choice(words.USERNAME_NOUNS)}{rng.randrange(1, 1000)}")


def near_name(name: str, rng: random.Random) -> str | None:
    """A different but confusable spelling of ``name`` built from the same word lists."""
    first, last = name.split(" ")
    swaps = {"Sorrel": "Sorrell", "Sorrell": "Sorrel", "Quince": "Quincey",
             "Quincey": "Quince", "Tansy": "Tansie", "Tansie": "Tansy", "Teasel": "Teasle",
             "Teasle": "Teasel"}
    tails = {"water": "waters", "waters": "water", "foot": "feet", "feet": "foot",
             "berry": "berrie", "berrie": "berry", "wick": "wicke", "wicke": "wick"}
    options = []
    if first in swaps:
        options.append(f"{swaps[first]} {last}")
    for tail, other in tails.items():
        if last.endswith(tail) and last[: -len(tail)] in words.SURNAME_HEADS:
            options.append(f"{first} {last[: -len(tail)]}{other}")
    return rng.choice(options) if options else None


def build(seed: int = SEED) -> Records:
    world = make_socmint.build_world()
    rec = Records(seed)
    rng = rec.rng
    pid_of: dict[str, str] = {}
    free_mobiles = [f"07700 900{n:03d}" for n in range(1000) if n not in world.used_mobiles]
    free_lines = [f"01632 960{n:03d}" for n in range(1000) if n not in world.used_landlines]
    rng.shuffle(free_mobiles)
    rng.shuffle(free_lines)

    # -- the people of the case ----------------------------------------------------------------
    case_addresses = {aid: (text, make_socmint.TOWN) for aid, text in world.addresses}
    for text, town in case_addresses.values():
        rec.address_taken.add(text)
        rec.addresses.append((text, town))
    for p in world.people:
        young = p.role in ("runner", "customer")
        pid = pid_of[p.id] = rec.person(p.name, rec.birth(young))
        current = case_addresses[p.address] if p.address else rec.new_address(
            make_socmint.TOWN if p.role != "bystander" else None)
        rec.history(pid, current, rng.choice((0, 1, 1, 2)))
        rec.truth.append({"case_node_id": p.id, "entity_type": "person", "identifier": p.name,
                          "person_id": pid, "case_person_id": p.id})
    people = {p.id: p for p in world.people}
    principal, sibling = world.people[0], world.people[1]
    rec.relate(pid_of[principal.id], pid_of[sibling.id], "sibling", 0.9)
    b_leaders = [p for p in world.people if p.cell == "B" and p.role == "leader"]
    rec.relate(pid_of[b_leaders[0].id], pid_of[b_leaders[1].id], "cousin", 0.5, "data_broker")

    phone_first: dict[str, date] = {}
    for ph in world.phones:
        owner = people[ph.owner]
        is_work = owner.role == "leader" and ph.id == owner.phones[0]
        since = (CASE_START + timedelta(weeks=ph.start, days=-rng.randrange(1, 10))
                 if ph.start > 0 or is_work else rec.day(date(2019, 1, 1), date(2023, 10, 31)))
        until = (CASE_START + timedelta(weeks=ph.end + 1, days=rng.randrange(0, 20))
                 if ph.end < make_socmint.WEEKS - 1 else None)
        phone_first[ph.id] = since
        if is_work:   # a pay-as-you-go phone: only a data broker ties it to anyone
            rec.phone(pid_of[owner.id], ph.display, since, until, "data_broker", 0.6)
        else:
            rec.phone(pid_of[owner.id], ph.display, since, until)
        rec.truth.append({"case_node_id": ph.id, "entity_type": "phone",
                          "identifier": e164(ph.display), "person_id": pid_of[owner.id],
                          "case_person_id": owner.id})

    email_of = {em.id: em for em in world.emails}
    for em in world.emails:
        owner = people[em.owner]
        orders = ".orders@" in em.address
        rec.email(pid_of[owner.id], em.address, "data_broker", 0.55 if orders else 0.85)
        rec.truth.append({"case_node_id": em.id, "entity_type": "email",
                          "identifier": em.address.lower(), "person_id": pid_of[owner.id],
                          "case_person_id": owner.id})
    phone_of = {ph.id: ph for ph in world.phones}
    for acc in world.accounts:
        owner = people[acc.owner]
        phones = [e164(phone_of[r].display) for r in acc.registered if r in phone_of]
        emails = [email_of[r].address for r in acc.registered if r in email_of]
        seen = CASE_START + timedelta(weeks=acc.start, days=-rng.randrange(1, 60))
        rec.handle(pid_of[owner.id], acc.platform, acc.username, ";".join(phones),
                   ";".join(emails), seen=seen)
        rec.truth.append({"case_node_id": acc.id, "entity_type": "account",
                          "identifier": f"{acc.platform}:{acc.username.lower()}",
                          "person_id": pid_of[owner.id], "case_person_id": owner.id})

    # Relatives, jobs and records of the case's people; some relatives share their address.
    for p in world.people:
        pid = pid_of[p.id]
        surname = p.name.split(" ")[1]
        for _ in range(rng.choice((0, 1, 1, 2))):
            name = f"{rng.choice(words.FIRST_NAMES)} {surname}"
            relative = rec.person(name)
            home = next(r for r in reversed(rec.rows["addresses"]) if r["person_id"] == pid)
            if rng.random() < 0.5:
                rec.lives(relative, (home["address"], home["town"]),
                          rec.day(date(2010, 1, 1), date(2022, 12, 31)))
            else:
                rec.history(relative, rec.new_address(), rng.choice((0, 1)))
            rec.relate(pid, relative, rng.choice(("parent", "sibling", "child", "partner")),
                       rng.choice((0.6, 0.7, 0.8)))
        if rng.random() < 0.5:   # identifiers the case does not know yet
            rec.email(pid, rec.fresh_email(p.name), "credit_header", 0.8)
        if rng.random() < 0.25:
            old = rec.day(date(2012, 1, 1), date(2020, 12, 31))
            rec.phone(pid, free_mobiles.pop(), old, rec.day(old + timedelta(days=200),
                                                              date(2023, 6, 30)))
        if rng.random() < (0.3 if p.role in ("principal", "core") else 0.55):
            rec.job(pid)
        if rng.random() < 0.3:
            rec.job(pid, current=False)
        serious = p.role in ("principal", "core", "leader")
        chance = {"principal": 1, "core": 0.8, "leader": 0.85, "runner": 0.45,
                  "customer": 0.25}.get(p.role, 0.03)
        for _ in range(rng.choice((1, 1, 2)) if rng.random() < chance else 0):
            rec.offence(pid, serious)

    # Ambiguity the analyst must weigh: namesakes, near-names, recycled numbers, broker guesses.
    namesakes: dict[str, str] = {}
    for p in rng.sample(world.people, 30):
        twin = rec.person(p.name)
        namesakes[p.id] = twin
        rec.history(twin, rec.new_address(), rng.choice((0, 1, 2)))
    for p in rng.sample(world.people, 20):
        variant = near_name(p.name, rng)
        if variant:
            rec.history(rec.person(variant), rec.new_address(), rng.choice((0, 1)))
    for ph in rng.sample(world.phones, 14):   # the number had an earlier holder
        before = phone_first[ph.id] - timedelta(days=rng.randrange(60, 400))
        holder = rec.person(f"{rng.choice(words.FIRST_NAMES)} {rng.choice(words.SURNAME_HEADS)}"
                            f"{rng.choice(words.SURNAME_TAILS)}")
        rec.history(holder, rec.new_address(), rng.choice((0, 1)))
        rec.phone(holder, ph.display, rec.day(date(2012, 1, 1), before - timedelta(days=400)),
                  before, confidence=0.8)
    for ph in world.phones:   # work phones: the broker also names someone else in the house
        owner = people[ph.owner]
        if owner.role == "leader" and ph.id == owner.phones[0]:
            others = [r for r in rec.rows["relatives"] if r["person_id"] == pid_of[owner.id]]
            other = others[0]["relative_id"] if others else namesakes.get(owner.id)
            if other:
                rec.phone(other, ph.display, phone_first[ph.id], None, "data_broker", 0.3)
    guessable = [acc for acc in world.accounts if acc.owner in namesakes]
    for acc in rng.sample(guessable, min(10, len(guessable))):   # a broker went by the name
        rec.handle(namesakes[acc.owner], acc.platform, acc.username, source="data_broker",
                   confidence=0.35)
    shared = [em for em in world.emails if em.owner in namesakes]
    for em in rng.sample(shared, min(6, len(shared))):
        rec.email(namesakes[em.owner], em.address, "data_broker", 0.4)

    # -- everyone else: households across Fictshire ---------------------------------------------
    holders: dict[str, tuple[str, date]] = {}   # mobile -> (first holder, since)
    start = len(rec.rows["people"])
    while len(rec.rows["people"]) - start < POPULATION:
        surname = rng.choice(words.SURNAME_HEADS) + rng.choice(words.SURNAME_TAILS)
        home = rec.new_address()
        size = rng.choice((1, 1, 2, 2, 2, 3, 3, 4))
        members: list[tuple[str, int]] = []
        for i in range(size):
            last = surname if i == 0 or rng.random() < 0.8 else (
                rng.choice(words.SURNAME_HEADS) + rng.choice(words.SURNAME_TAILS))
            name = f"{rng.choice(words.FIRST_NAMES)} {last}"
            birth = rec.birth()
            pid = rec.person(name, birth)
            members.append((pid, int(birth[:4])))
            rec.history(pid, home, rng.choice((0, 0, 1, 1, 2)))
        for (a, ya), (b, yb) in zip(members, members[1:], strict=False):
            relation = ("parent" if yb - ya >= 18 else "child" if ya - yb >= 18
                        else rng.choice(("partner", "sibling")))
            rec.relate(a, b, relation, rng.choice((0.6, 0.7, 0.8, 0.9)))
        if free_lines and rng.random() < 0.35:
            line = free_lines.pop()
            since = rec.day(date(2005, 1, 1), date(2022, 12, 31))
            for k, (pid, _) in enumerate(members):
                rec.phone(pid, line, since, confidence=0.9 if k == 0 else 0.5)
        for pid, _ in members:
            name = rec.rows["people"][int(pid[2:]) - 1]["full_name"]
            if rng.random() < 0.4:
                if free_mobiles:
                    mobile = free_mobiles.pop()
                    since = rec.day(date(2012, 1, 1), date(2019, 12, 31))
                    holders[mobile] = (pid, since)
                    rec.phone(pid, mobile, since, confidence=0.95)
                elif holders:   # numbers run out, as in life: recycle one
                    mobile = sorted(holders)[rng.randrange(len(holders))]
                    old, old_since = holders.pop(mobile)
                    ended = rec.day(old_since + timedelta(days=300), date(2021, 12, 31))
                    row = next(r for r in rec.rows["phones"]
                               if r["person_id"] == old and r["phone_display"] == mobile)
                    row["to_date"] = ended.isoformat()
                    rec.phone(pid, mobile, rec.day(ended + timedelta(days=90),
                                                   date(2023, 12, 31)))
            emails = []
            for _ in range(rng.choice((0, 1, 1, 1, 2))):
                address = rec.fresh_email(name)
                rec.email(pid, address, rng.choice(("data_broker", "credit_header")),
                          rng.choice((0.6, 0.75, 0.85, 0.9)))
                emails.append(address)
            if emails and rng.random() < 0.35:
                for platform in rng.sample(("instagram", "x", "snapchat", "telegram",
                                            "facebook", "tiktok"), rng.choice((1, 1, 2))):
                    username = rec.username()
                    while (platform, username) in rec.usernames:
                        username = rec.username()
                    rec.handle(pid, platform, username, email=rng.choice(emails),
                               confidence=rng.choice((0.7, 0.8, 0.9)))
            if rng.random() < 0.55:
                rec.job(pid)
            if rng.random() < 0.15:
                rec.job(pid, current=False)
            if rng.random() < 0.04:
                rec.offence(pid, serious=rng.random() < 0.3)
    return rec


def write_records(out_dir: Path, seed: int = SEED) -> list[Path]:
    """Write one CSV per table plus case_truth.csv into ``out_dir``; returns the paths."""
    rec = build(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, columns in TABLES.items():
        paths.append(make_socmint_csv(out_dir / f"{name}.csv", columns, rec.rows[name]))
    paths.append(make_socmint_csv(out_dir / "case_truth.csv", TRUTH_COLUMNS, rec.truth))
    return paths


def make_socmint_csv(path: Path, columns: list[str], rows: list[dict]) -> Path:
    make_socmint.write_csv(path, columns, rows)
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "records"
    for written in write_records(target):
        print(written)
