"""A labelled synthetic corpus for the spam score: reader comments on local news, and the
spam that arrives under them. Written for these tests; seeded, so every run is the same."""

import random

TOPICS = [
    "the harbour road",
    "the tram extension",
    "rents",
    "the saltmarsh flats",
    "the council budget",
    "the school run",
    "bin collections",
    "the new bridge",
]
OPINIONS = [
    "I think {t} deserves a proper trial before anyone decides.",
    "The column is right about {t}, but it skips the cost to small shops.",
    "My street has lived with {t} for years and nobody asked us.",
    "Has anyone seen the figures on {t}? The council published them last week.",
    "I disagree: {t} is a distraction from the real problem, which is housing.",
    "Great piece. I walk past {t} every day and it is exactly as described.",
    "Honestly, {t} is the best thing the council has done in a decade.",
    "The survey on {t} counted cars, not people; that matters here.",
    "Could the author say where the numbers on {t} came from?",
    "We wrote to our councillor about {t} and got a form letter back.",
]
HAM_EXTRAS = [
    "",
    "",
    "",
    " The minutes are at https://council.example/minutes.",
    " My daughter agrees, for what it is worth.",
    " Thanks for writing this.",
    " Free parking at weekends would help too.",
    " The best offer is still the bus.",
    " Act now, before the consultation closes.",
    " Great post, by the way.",
]

PRODUCTS = [
    "cheap meds",
    "crypto signals",
    "casino bonus",
    "replica watches",
    "SEO backlinks",
    "weight loss pills",
    "forex robot",
    "essay writing service",
]
PITCHES = [
    "Best {p} online, no prescription needed, order today!",
    "Earn $5000 a week from home with {p}. Limited offer, act now.",
    "Great post! I made a fortune with {p}, message me to learn how.",
    "Get {p} at the lowest price guaranteed, fast free delivery worldwide.",
    "Nice article. Check my profile for {p} and exclusive deals.",
    "{p} that really works, 100% guaranteed, click the link below.",
    "Want to win big? Try {p} now, free bonus for new members.",
    "Honestly the best {p} I have ever used, visit and thank me later.",
]
SPAM_EXTRAS = [
    "",
    " https://deals.example/offer",
    " Visit www.best-price.example now",
    " Contact on telegram.",
    "",
    " Free shipping!",
]


def corpus(size: int, *, seed: int, mistakes: float = 0.0) -> list[tuple[str, str]]:
    """`size` comments as (text, "spam" | "ham"), about a third of them spam. Some spam opens
    like a reader's comment; `mistakes` is the share of labels a tired moderator got wrong."""
    rng = random.Random(seed)
    items = []
    for _ in range(size):
        if rng.random() < 0.35:
            text = rng.choice(PITCHES).format(p=rng.choice(PRODUCTS)) + rng.choice(SPAM_EXTRAS)
            if rng.random() < 0.4:
                text = rng.choice(OPINIONS).format(t=rng.choice(TOPICS)) + " " + text
            items.append((text, "spam"))
        else:
            text = rng.choice(OPINIONS).format(t=rng.choice(TOPICS)) + rng.choice(HAM_EXTRAS)
            items.append((text, "ham"))
    flip = {"spam": "ham", "ham": "spam"}
    return [(text, flip[label] if rng.random() < mistakes else label) for text, label in items]
