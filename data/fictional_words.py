"""Word lists for the FICTIONAL sample data (the SOCMINT case and the records seed).

Every person name in data/socmint and data/records is ``<first name> <surname head><surname
tail>`` built from these lists, so nobody can be mistaken for a real person, and a test checks
that no other name slipped in. Places are in the invented county of Fictshire.
"""

FIRST_NAMES = (
    "Acorn", "Beetle", "Bilberry", "Biscuit", "Bramble", "Burdock", "Button", "Campion",
    "Clover", "Cobble", "Conker", "Cricket", "Crumble", "Dandelion", "Elderflower", "Ember",
    "Fennel", "Figgy", "Foxglove", "Gooseberry", "Hazelnut", "Hollyhock", "Inkcap", "Jackdaw",
    "Juniper", "Kingcup", "Lupin", "Mallow", "Marigold", "Moss", "Mugwort", "Nettle",
    "Nightjar", "Nutmeg", "Oxlip", "Parsnip", "Pennyroyal", "Periwinkle", "Pickle", "Pip",
    "Puddle", "Quill", "Quince", "Quincey", "Radish", "Ragwort", "Rook", "Saffron", "Samphire",
    "Sixpence", "Snapdragon", "Sorrel", "Sorrell", "Sprout", "Tansy", "Tansie", "Teasel",
    "Teasle", "Thistle", "Toadflax", "Tumble", "Turnip", "Umber", "Vetch", "Wimble", "Wren",
    "Yarrow", "Zephyr",
)

# Near-identical spellings on purpose (Sorrel/Sorrell, water/waters): entity resolution has to
# offer them as "possibly the same person" without merging them.
SURNAME_HEADS = (
    "Bobble", "Bright", "Bumble", "Crumble", "Dapple", "Doodle", "Fiddle", "Fizzle", "Gobble",
    "Jelly", "Marble", "Muddle", "Noodle", "Pepper", "Pickle", "Puddle", "Snuffle", "Sprocket",
    "Tangle", "Thistle", "Tinker", "Toffee", "Wiggle", "Wobble",
)
SURNAME_TAILS = (
    "berry", "berrie", "bloom", "bottom", "bucket", "button", "feet", "fluff", "foot",
    "kettle", "nose", "pot", "sock", "spoon", "thorpe", "water", "waters", "whistle", "wick",
    "wicke", "wort", "worth",
)

COUNTY = "Fictshire"
TOWNS = (
    "Grumbleford", "Thistlewick-on-Mire", "Puddlesworth", "Noddington Parva", "Wobbleton",
    "Snoozeby", "Kettlebridge", "Muddlecombe Magna",
)
STREET_HEADS = (
    "Marmalade", "Kettle", "Crumpet", "Teacup", "Pudding", "Biscuit", "Gumdrop", "Lantern",
    "Hedgehog", "Buttercup", "Pickle", "Jam", "Doily", "Treacle", "Custard", "Bunting",
)
STREET_TYPES = ("Lane", "Row", "Street", "Close", "Mews", "Crescent", "Way", "Yard")

USERNAME_ADJECTIVES = (
    "frosty", "sleepy", "lucky", "cosmic", "velvet", "midnight", "sunny", "misty", "fizzy",
    "breezy", "wonky", "mellow", "zesty", "rusty", "minty", "jolly", "peachy", "stormy",
    "dizzy", "golden", "silver", "tiny", "grumpy", "bouncy",
)
USERNAME_NOUNS = (
    "fern", "badger", "kettle", "comet", "otter", "teacup", "lantern", "moth", "walrus",
    "crumpet", "pebble", "marmot", "yeti", "noodle", "parrot", "rabbit", "wombat", "meadow",
    "gecko", "puffin", "walnut", "hedgehog", "toad", "pigeon",
)

EMPLOYER_HEADS = STREET_HEADS + ("Grumbleford", "Fictshire", "Wobbleton", "Snoozeby")
EMPLOYER_KINDS = (
    "Pie Works Ltd", "Umbrella Repairs", "Sock Emporium", "Kettle Depot Ltd", "Bicycle Co-op",
    "Scone Bakery", "Parcel Couriers Ltd", "Car Wash", "Garden Centre", "Pet Grooming",
    "Takeaway", "Lamp Factory", "Barber Shop", "Borough Council", "Button Museum",
)
JOB_TITLES = (
    "driver", "baker", "shop assistant", "warehouse operative", "cleaner", "barista",
    "mechanic", "delivery rider", "apprentice", "receptionist", "manager", "kitchen porter",
)

COURTS = (
    "Grumbleford Magistrates' Court", "Wobbleton Magistrates' Court", "Fictshire Crown Court",
)


def full_name(first: str, head: str, tail: str) -> str:
    return f"{first} {head}{tail}"


def is_fictional_name(name: str) -> bool:
    """True when ``name`` is built from the lists above (``First Headtail``)."""
    parts = name.split(" ")
    if len(parts) != 2 or parts[0] not in FIRST_NAMES:
        return False
    surname = parts[1]
    return any(surname == head + tail for head in SURNAME_HEADS for tail in SURNAME_TAILS)
