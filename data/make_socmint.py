"""Generate the FICTIONAL social-media-intelligence sample case (data/socmint/).

An invented online drug-dealing ring in the invented town of Grumbleford, Fictshire: a densely
networked core of six who all call each other, and hub-and-spoke street cells (a leader's
customer-facing phone called by runners and customers who mostly talk to nobody else).
Over 17 weeks the ring changes: the principal swaps phones in week 10, cell B's leader
disappears after week 7 and a new leader with a new phone takes over the same runners, cell D
appears in week 9. Sales accounts post slang and emoji-coded adverts; many ordinary posts use
everyday words that happen to be slang ("snow", "ice", "candy").

Everything is fictional: names come from data/fictional_words.py, phones from the UK drama
ranges (07700 900xxx, 01632 960xxx), emails from example.com/.net/.org. Some people appear only
through their accounts and phones (``hidden``): the records seed (make_records.py) knows them,
so an enrichment lookup reveals them.

Run ``python data/make_socmint.py [out_dir]``. A fixed seed and the standard library only: the
files are byte-identical on every run.
"""

from __future__ import annotations

import csv
import random
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import fictional_words as words  # noqa: E402

SEED = 4242
START = datetime(2024, 1, 1, tzinfo=timezone.utc)  # a Monday
WEEKS = 17
TOWN = "Grumbleford"
LEXICON = HERE / "slang" / "dea_street_names.csv"

NODE_COLUMNS = ["id", "type", "label", "role", "cell", "platform", "username", "phone", "email",
                "address", "text", "time"]
EDGE_COLUMNS = ["source", "target", "type", "weight", "time"]
LABEL_COLUMNS = ["post_id", "is_drug_ad", "flag_terms", "innocent_terms"]

# Emoji codes an analyst reads as drug adverts (the signals lexicon carries its own list).
EMOJI_CODES = ("❄️", "🔌", "🍁", "🌿", "💨", "💊", "🍬", "🧊", "🍄", "💜", "🐉", "💉", "🚀")

# Adverts: (text, the terms a human would flag). Terms are DEA lexicon entries or emoji codes.
ADS = (
    ("❄️ fresh snow just landed in {town} ❄️ DM for the menu 🔌", "❄️;snow;🔌"),
    ("Charlie on tap {day} night, quick drop anywhere in {town} 🚗❄️", "charlie;❄️"),
    ("Top grade flake 💎 no messing, telegram only 🔌", "flake;🔌"),
    ("Yayo + white, both proper, hit me up 📲", "yayo;white"),
    ("🍁🍁 kush and skunk restocked, bud from 10 📦", "🍁;kush;skunk;bud"),
    ("Dank chronic 🌿 delivered {town} & {town2} till 2am", "dank;chronic;🌿"),
    ("Got that 420 ganja 💨 DM me", "420;ganja;💨"),
    ("weed 🌿 bud 🍁 same day, {day} special", "weed;🌿;bud;🍁"),
    ("💊 blues, bars and percs in stock, discreet 📦", "💊;blues;bars;percs"),
    ("oxy 30s 💊 limited, ask early", "oxy;30s;💊"),
    ("🍬 candy & molly for the weekend, festival packs ✨", "🍬;candy;molly"),
    ("XTC 🍬 + molly {day}, message for prices", "xtc;🍬;molly"),
    ("🧊 ice / glass / crystal, all proper 🔌", "🧊;ice;glass;crystal"),
    ("tina 🧊 shards back in, DM", "tina;🧊;shards"),
    ("🍄 shrooms + tabs, acid for {day}", "🍄;shrooms;tabs;acid"),
    ("lean 💜 drank, sizzurp bottles limited", "lean;💜;drank;sizzurp"),
    ("brown 🐉 and smack, proper gear, {town} only", "brown;🐉;smack"),
    ("rock and base, pebbles ready in {town2}", "rock;base;pebbles"),
    ("Speed 🚀 and beans, cheap for the weekend", "speed;🚀;beans"),
    ("🔌 menu updated: snow ❄️ bud 🍁 candy 🍬 blues 💊", "🔌;snow;❄️;bud;🍁;candy;🍬;blues;💊"),
    ("who needs a zip? ❄️ coke deals till sunday 🔌", "zip;❄️;coke;🔌"),
    ("Snowflake specials {day} ❄️❄️ telegram 🔌", "snowflake;❄️;🔌"),
    ("powder and blow, message me, {town} and {town2}", "powder;blow"),
    ("dope 💉 tar and brown, ask", "dope;💉;tar;brown"),
    ("❄️🔌 {town} 24/7", "❄️;🔌"),
    ("new number, same plug 🔌 snow ❄️ + green 🌿", "🔌;snow;❄️;green;🌿"),
)

# Ordinary posts: (text, lexicon words that occur innocently).
ORDINARY = (
    ("Snow day! Kids built a snowman on the green ☃️", "snow;green"),
    ("Ice on the roads again this morning, drive safe everyone", "ice"),
    ("Baked ginger cookies for the school fair 🍪", "cookies"),
    ("Best candy floss at the {town} fair this {day}", "candy"),
    ("Chicken and cheese pie for tea, proper comfort food", "chicken;cheese"),
    ("New rock climbing wall opened in {town} 🧗", "rock"),
    ("Speed camera on the bypass again, slow down 🚓", "speed"),
    ("White christmas please 🎄", "white"),
    ("Lean week at the gym, new record on deadlift 💪", "lean"),
    ("Cutting the grass before the rain ☔", "grass"),
    ("Planted tulips under the trees this weekend 🌷", "trees"),
    ("Grandma's sugar biscuits are the best", "sugar"),
    ("Brown bread > white bread, fight me", "brown;white"),
    ("Chalk drawings all over the pavement from the kids 🎨", "chalk"),
    ("Acid reflux is no joke, early night", "acid"),
    ("Crystal clear water at the {town2} lido today", "crystal"),
    ("Dust everywhere after the builders left 😩", "dust"),
    ("Beans on toast, student life never ends", "beans"),
    ("Horse riding lessons start {day} 🐴", "horse"),
    ("Hash browns with everything at the café", "hash"),
    ("Blue skies over {town} for once ☀️", "blue"),
    ("Purple sprouting broccoli from the allotment 🥦", "purple"),
    ("Food shop done, treating myself to sweets 🍬", "food;sweets;🍬"),
    ("Sledging in the snow ❄️ best day ever", "snow;❄️"),
    ("Work work work, roll on Friday", "work"),
    ("Ice cream van is back on our street! 🍦", "ice"),
    ("Line dancing class at the village hall tonight", "line"),
    ("The lady at the bakery gave us free scones", "lady"),
    ("First bud on the rose bush this year 🌹", "bud"),
    ("Plug socket in the kitchen sparking, electrician coming 🔌", "🔌"),
    ("Pickled my own onions this year, jars everywhere", ""),
    ("Lost a glove on the way to {town2} market, blue with stars", "blue"),
    ("Quiz night at the Crumpet & Kettle, we came third 🏆", ""),
)

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass
class Person:
    id: str
    name: str
    role: str           # principal, core, leader, runner, customer, bystander
    cell: str           # core, A..E, or "" for bystanders
    hidden: bool        # True: not a node in the case; only their identifiers are
    start: int = 0      # first and last active week
    end: int = WEEKS - 1
    phones: list[str] = field(default_factory=list)
    accounts: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    address: str | None = None


@dataclass
class Phone:
    id: str
    display: str        # as written in the case file; the identity key is its E.164 form
    owner: str
    start: int = 0
    end: int = WEEKS - 1


@dataclass
class Account:
    id: str
    platform: str
    username: str
    owner: str
    kind: str                   # sales or personal
    registered: list[str]       # phone / email ids used to register it (known to the records)
    shown_registration: bool    # registration already in the case, or only found by lookup
    start: int = 0
    end: int = WEEKS - 1


@dataclass
class Email:
    id: str
    address: str
    owner: str


@dataclass
class Post:
    id: str
    account: str
    text: str
    time: str
    is_ad: bool
    flag_terms: str
    innocent_terms: str


@dataclass
class World:
    """The whole fictional ground truth; the case files show part of it."""

    people: list[Person]
    phones: list[Phone]
    accounts: list[Account]
    emails: list[Email]
    addresses: list[tuple[str, str]]        # (id, text)
    posts: list[Post]
    links: list[tuple[str, str, str, int, str]]  # source, target, type, weight, time
    used_mobiles: list[int]                 # 07700 900xxx suffixes taken by the case
    used_landlines: list[int]               # 01632 960xxx suffixes taken by the case

    def person(self, pid: str) -> Person:
        return next(p for p in self.people if p.id == pid)


def stamp(week: int, rng: random.Random, evening: bool = True) -> str:
    day = rng.randrange(7)
    hour = rng.choice((17, 18, 19, 20, 21, 22, 23)) if evening else rng.randrange(8, 23)
    moment = START + timedelta(weeks=week, days=day, hours=hour, minutes=rng.randrange(60))
    return moment.strftime("%Y-%m-%dT%H:%M:00Z")


def lexicon_terms() -> set[str]:
    with LEXICON.open(encoding="utf-8") as fh:
        return {row["slang"].strip().lower() for row in csv.DictReader(fh)}


def check_terms() -> None:
    """Every flagged or innocent word must be a lexicon entry or one of our emoji codes."""
    known = lexicon_terms() | set(EMOJI_CODES)
    for _, terms in ADS + ORDINARY:
        for term in filter(None, terms.split(";")):
            if term not in known:
                raise ValueError(f"{term!r} is neither a DEA lexicon term nor an emoji code")


class Builder:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.people: list[Person] = []
        self.phones: list[Phone] = []
        self.accounts: list[Account] = []
        self.emails: list[Email] = []
        self.addresses: list[tuple[str, str]] = []
        self.posts: list[Post] = []
        self.links: list[tuple[str, str, str, int, str]] = []
        self.mobiles = self.rng.sample(range(1000), 1000)
        self.landlines = self.rng.sample(range(1000), 1000)
        self.used_mobiles: list[int] = []
        self.used_landlines: list[int] = []
        self.names: list[str] = []
        self.phone_by_id: dict[str, Phone] = {}
        self.account_by_id: dict[str, Account] = {}
        self.usernames: list[str] = []

    # -- identities ---------------------------------------------------------------------------
    def name(self, surname: str | None = None) -> str:
        while True:
            first = self.rng.choice(words.FIRST_NAMES)
            last = surname or (self.rng.choice(words.SURNAME_HEADS)
                               + self.rng.choice(words.SURNAME_TAILS))
            candidate = f"{first} {last}"
            if candidate not in self.names:
                self.names.append(candidate)
                return candidate

    def person(self, role: str, cell: str, hidden: bool = False, start: int = 0,
               end: int = WEEKS - 1, surname: str | None = None) -> Person:
        p = Person(f"P{len(self.people) + 1:03d}", self.name(surname), role, cell, hidden,
                   start, end)
        self.people.append(p)
        return p

    def phone(self, owner: Person, start: int = 0, end: int = WEEKS - 1,
              landline: bool = False) -> Phone:
        if landline:
            n = self.landlines[len(self.used_landlines)]
            self.used_landlines.append(n)
            display = f"01632 960{n:03d}"
        else:
            n = self.mobiles[len(self.used_mobiles)]
            self.used_mobiles.append(n)
            display = f"07700 900{n:03d}"
        ph = Phone(f"PH{len(self.phones) + 1:03d}", display, owner.id, start, end)
        self.phones.append(ph)
        self.phone_by_id[ph.id] = ph
        owner.phones.append(ph.id)
        return ph

    def username(self, person: Person, kind: str) -> str:
        rng = self.rng
        while True:
            adj, noun = rng.choice(words.USERNAME_ADJECTIVES), rng.choice(words.USERNAME_NOUNS)
            first = person.name.split()[0].lower()
            if kind == "sales":
                pattern = rng.choice(("{adj}_plug_{town}", "{noun}{n}_{town}", "the{noun}shop",
                                      "{adj}{noun}{n}", "{town}_{adj}_{noun}"))
            else:
                pattern = rng.choice(("{first}_{noun}", "{adj}.{noun}", "{first}{n}",
                                      "{adj}_{first}", "{First}_{Noun}{n}"))
            name = pattern.format(adj=adj, noun=noun, n=rng.randrange(1, 100), first=first,
                                  town="grumble", First=first.title(), Noun=noun.title())
            if name.lower() not in self.usernames:
                self.usernames.append(name.lower())
                return name

    def email(self, owner: Person, local: str | None = None) -> Email:
        first, last = owner.name.lower().split()
        domain = self.rng.choice(("example.com", "example.net", "example.org"))
        local = local or self.rng.choice((f"{first}.{last}", f"{first}{self.rng.randrange(100)}",
                                          f"{last}.{first[0]}"))
        address = f"{local}@{domain}"
        while any(e.address == address for e in self.emails):
            address = f"{local}{self.rng.randrange(10, 99)}@{domain}"
        em = Email(f"EM{len(self.emails) + 1:03d}", address, owner.id)
        self.emails.append(em)
        owner.emails.append(em.id)
        return em

    def account(self, owner: Person, platform: str, kind: str, registered: list[str],
                shown: bool, start: int | None = None, end: int | None = None) -> Account:
        acc = Account(f"AC{len(self.accounts) + 1:03d}", platform, self.username(owner, kind),
                      owner.id, kind, registered, shown,
                      owner.start if start is None else start, owner.end if end is None else end)
        self.accounts.append(acc)
        self.account_by_id[acc.id] = acc
        owner.accounts.append(acc.id)
        return acc

    def address(self) -> str:
        number = self.rng.randrange(1, 120)
        street = (f"{self.rng.choice(words.STREET_HEADS)} "
                  f"{self.rng.choice(words.STREET_TYPES)}")
        aid = f"AD{len(self.addresses) + 1:02d}"
        self.addresses.append((aid, f"{number} {street}, {TOWN}, {words.COUNTY}"))
        return aid

    # -- activity -----------------------------------------------------------------------------
    def call(self, a: Phone, b: Phone, week: int) -> None:
        src, dst = (a, b) if self.rng.random() < 0.5 else (b, a)
        self.links.append((src.id, dst.id, "call", self.rng.choice((1, 1, 1, 2, 2, 3, 4)),
                           stamp(week, self.rng)))

    def calls(self, a: Phone, b: Phone, first: int, last: int, rate: float,
              towards_b: bool = False) -> None:
        first, last = max(first, a.start, b.start), min(last, a.end, b.end)
        for week in range(first, last + 1):
            if self.rng.random() < rate:
                if towards_b and self.rng.random() < 0.8:
                    self.links.append((a.id, b.id, "call", self.rng.choice((1, 1, 2, 3)),
                                       stamp(week, self.rng)))
                else:
                    self.call(a, b, week)

    def post(self, acc: Account, week: int, ad: bool) -> None:
        text, terms = self.rng.choice(ADS if ad else ORDINARY)
        towns = [t for t in words.TOWNS if t != TOWN]
        text = text.format(town=TOWN, town2=self.rng.choice(towns),
                           day=self.rng.choice(DAYS))
        post = Post(f"POST{len(self.posts) + 1:03d}", acc.id, text,
                    stamp(week, self.rng, evening=ad), ad, terms if ad else "",
                    "" if ad else terms)
        self.posts.append(post)

    def follow(self, a: Account, b: Account) -> None:
        week = max(a.start, b.start)
        self.links.append((a.id, b.id, "follows", 1, stamp(week, self.rng, evening=False)))


def build_world(seed: int = SEED) -> World:
    """The fictional ring, its activity and its bystanders; same seed, same world."""
    check_terms()
    b = Builder(seed)
    rng = b.rng

    # The core: six who all call each other; the principal's sibling is one of them.
    principal = b.person("principal", "core")
    core = [principal, b.person("core", "core", surname=principal.name.split()[1])]
    core += [b.person("core", "core") for _ in range(3)]
    core.append(b.person("core", "core", hidden=True))   # the supplier seen only online
    old, new = b.phone(principal, end=9), b.phone(principal, start=10)
    core_phone = {principal.id: old}
    for p in core[1:]:
        core_phone[p.id] = b.phone(p)
    home, stash, front = b.address(), b.address(), b.address()
    principal.address, core[1].address, core[2].address = home, stash, front
    for p in core:
        reg = [new.id] if p is principal else [core_phone[p.id].id]
        b.account(p, "telegram", "personal", reg, shown=p is not core[5])
    for p in core[:3]:
        b.account(p, "wickr", "personal", [b.email(p).id], shown=False)
    for i, p in enumerate(core):
        for q in core[i + 1:]:
            for pa, qa in ((old, core_phone[q.id]), (new, core_phone[q.id])) \
                    if p is principal else ((core_phone[p.id], core_phone[q.id]),):
                b.calls(pa, qa, 0, WEEKS - 1, 0.75)

    # Street cells: (name, runners, first week, supplier in the core).
    cells = (("A", 8, 0, 1), ("B", 10, 0, 2), ("C", 6, 0, 3), ("D", 7, 9, 5), ("E", 11, 2, 4))
    for cell, size, first, supplier in cells:
        leaders = [b.person("leader", cell, hidden=cell == "D", start=first,
                            end=7 if cell == "B" else WEEKS - 1)]
        if cell == "B":   # the hub is replaced: a new leader with a new phone from week 8
            leaders.append(b.person("leader", cell, start=8))
        runners = []
        for i in range(size + (2 if cell == "B" else 0)):
            start = first + rng.randrange(0, 3)
            end = WEEKS - 1 if rng.random() < 0.85 else rng.randrange(start + 4, WEEKS)
            if cell == "B" and i >= size:
                start = 9 + i - size          # two runners join under the new leader
            role = "runner" if rng.random() < 0.55 else "customer"
            runners.append(b.person(role, cell, hidden=rng.random() < 0.22, start=start,
                                    end=end))
        for leader in leaders:
            work = b.phone(leader, leader.start, leader.end)
            own = b.phone(leader, leader.start, leader.end)
            if cell != "D":
                leader.address = b.address() if cell in ("A", "C") else None
            sup = core[supplier]
            sup_phones = [old, new] if sup is principal else [core_phone[sup.id]]
            for sp in sup_phones:
                b.calls(own, sp, leader.start, leader.end, 0.7)
            sales_reg = b.email(leader, local=f"{cell.lower()}{rng.randrange(100, 999)}.orders")
            sales = [b.account(leader, "instagram", "sales", [sales_reg.id], shown=cell != "D"),
                     b.account(leader, "telegram", "sales", [work.id], shown=cell in "AE")]
            if cell in "CE":
                sales.append(b.account(leader, "snapchat", "sales", [sales_reg.id], shown=False))
            personal = b.account(leader, rng.choice(("instagram", "x")), "personal", [own.id],
                                 shown=False)
            for acc in sales:
                for week in range(acc.start, acc.end + 1):
                    if rng.random() < 0.25:
                        b.post(acc, week, ad=True)
            for week in rng.sample(range(personal.start, personal.end + 1), 2):
                b.post(personal, week, ad=False)
            for r in runners:
                if cell == "B" and (r.start > leader.end or r.end < leader.start):
                    continue
                if not r.phones:
                    r_phone = b.phone(r, r.start, r.end)
                    if r.role == "runner" and rng.random() < 0.7:
                        b.account(r, rng.choice(("snapchat", "instagram")), "personal",
                                  [r_phone.id], shown=rng.random() < 0.5)
                b.calls(b.phone_by_id[r.phones[0]], work, leader.start, leader.end, 0.65,
                        towards_b=True)
                for acc in r.accounts:
                    b.follow(b.account_by_id[acc], sales[0])
        # "mostly only talk to the leader": a few runner-to-runner calls
        with_phones = [r for r in runners if r.phones]
        for _ in range(2):
            x, y = rng.sample(with_phones, 2)
            b.calls(b.phone_by_id[x.phones[0]], b.phone_by_id[y.phones[0]], 0, WEEKS - 1, 0.2)
        if cell == "A":   # the leader's home landline, used to ring the supplier now and then
            line = b.phone(leaders[0], landline=True)
            b.calls(line, core_phone[core[supplier].id], 0, WEEKS - 1, 0.25)

    # Bystanders: ordinary people who follow the sales accounts and post everyday things.
    sales_accounts = [a for a in b.accounts if a.kind == "sales"
                      and a.platform in ("instagram", "snapchat")]
    for _ in range(22):
        p = b.person("bystander", "", hidden=True)
        reg = b.email(p)
        acc = b.account(p, rng.choice(("instagram", "x", "instagram", "snapchat")), "personal",
                        [reg.id], shown=rng.random() < 0.5)
        for week in sorted(rng.sample(range(WEEKS), rng.choice((2, 2, 3)))):
            b.post(acc, week, ad=False)
        for target in rng.sample(sales_accounts, rng.choice((1, 1, 2))):
            if target.platform == acc.platform or rng.random() < 0.5:
                b.follow(acc, target)
    # Core telegram accounts follow each other's channels.
    core_ids = [p.id for p in core]
    core_tg = [a for a in b.accounts if a.owner in core_ids and a.platform == "telegram"]
    for a in core_tg:
        for c in core_tg:
            if a is not c and rng.random() < 0.6:
                b.follow(a, c)

    return World(b.people, b.phones, b.accounts, b.emails, b.addresses, b.posts, b.links,
                 b.used_mobiles, b.used_landlines)


def case_rows(world: World) -> tuple[list[dict], list[dict]]:
    """Nodes and edges of the case file: the world minus what only a lookup would reveal."""
    nodes: list[dict] = []
    edges: list[dict] = []
    shown_people = [p for p in world.people if not p.hidden]
    for p in shown_people:
        nodes.append({"id": p.id, "type": "person", "label": p.name, "role": p.role,
                      "cell": p.cell})
    for ph in world.phones:
        nodes.append({"id": ph.id, "type": "phone", "label": ph.display, "phone": ph.display})
    emails_shown: list[str] = []
    for acc in world.accounts:
        owner = world.person(acc.owner)
        nodes.append({"id": acc.id, "type": "account",
                      "label": f"{acc.platform}: {acc.username}", "role": acc.kind,
                      "cell": owner.cell, "platform": acc.platform, "username": acc.username})
        if acc.shown_registration:
            for reg in acc.registered:
                edges.append({"source": acc.id, "target": reg, "type": "registered_with"})
                if reg.startswith("EM") and reg not in emails_shown:
                    emails_shown.append(reg)
    for em in world.emails:
        if em.id in emails_shown:
            nodes.append({"id": em.id, "type": "email", "label": em.address, "email": em.address})
    for aid, text in world.addresses:
        nodes.append({"id": aid, "type": "address", "label": text, "address": text})
    for post in world.posts:
        label = post.text if len(post.text) <= 40 else post.text[:39] + "…"
        nodes.append({"id": post.id, "type": "post", "label": label, "text": post.text,
                      "time": post.time})
    for p in shown_people:
        for ph in p.phones:
            edges.append({"source": p.id, "target": ph, "type": "uses"})
        for acc in p.accounts:
            edges.append({"source": p.id, "target": acc, "type": "uses"})
        if p.address:
            edges.append({"source": p.id, "target": p.address, "type": "lives_at"})
    for post in world.posts:
        edges.append({"source": post.account, "target": post.id, "type": "posted",
                      "time": post.time})
    for src, dst, kind, weight, time in world.links:
        edges.append({"source": src, "target": dst, "type": kind, "weight": weight,
                      "time": time})
    for e in edges:
        e.setdefault("weight", 1)
    return nodes, edges


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})


def write_case(out_dir: Path, seed: int = SEED) -> list[Path]:
    """Write nodes.csv, edges.csv and post_labels.csv into ``out_dir``; returns the paths."""
    world = build_world(seed)
    nodes, edges = case_rows(world)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / "nodes.csv", out_dir / "edges.csv", out_dir / "post_labels.csv"]
    write_csv(paths[0], NODE_COLUMNS, nodes)
    write_csv(paths[1], EDGE_COLUMNS, edges)
    labels = [{"post_id": p.id, "is_drug_ad": int(p.is_ad), "flag_terms": p.flag_terms,
               "innocent_terms": p.innocent_terms} for p in world.posts]
    write_csv(paths[2], LABEL_COLUMNS, labels)
    return paths


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "socmint"
    for written in write_case(target):
        print(written)
