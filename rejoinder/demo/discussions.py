"""Demo reader discussion for The Rejoinder. All readers and comments are fictional.

Each comment's `minutes_after` counts from its article's publication; a reply always comes
after its parent. `up`/`down` are the votes it has received. `"reader": "@author"` means the
article's own author replies. `"passage"` (optional, top-level comments only) makes it a
comment on that passage of the article, given by its exact words. `"deleted": True` marks a
comment its author deleted after others had replied to it; its body is kept as written.
"""

READERS = [
    {"key": "mara", "name": "Mara Okafor", "email": "mara.okafor@example.org", "website": ""},
    {"key": "tomas", "name": "Tomás Reyna", "email": "t.reyna@example.net", "website": ""},
    {"key": "priya", "name": "Priya Vance", "email": "priya.vance@example.com", "website": ""},
    {
        "key": "alfie",
        "name": "Alfie Brennock",
        "email": "alfie.brennock@example.com",
        "website": "https://brennock-tackle.example",
    },
    {"key": "june", "name": "June Hollis", "email": "june.hollis@example.org", "website": ""},
    {
        "key": "kofi",
        "name": "Kofi Mensah-Lyle",
        "email": "kofi.ml@example.net",
        "website": "https://kofi-counts.example",
    },
    {"key": "sian", "name": "Siân Pryderi", "email": "sian.pryderi@example.org", "website": ""},
    {"key": "ben", "name": "Ben Aldous", "email": "ben.aldous@example.com", "website": ""},
    {"key": "rosa", "name": "Rosa Treloar", "email": "rosa.treloar@example.net", "website": ""},
    {
        "key": "hamish",
        "name": "Hamish Coyle",
        "email": "hamish.coyle@example.org",
        "website": "https://hamish-draws.example",
    },
    {"key": "lena", "name": "Lena Vukovic", "email": "lena.vukovic@example.com", "website": ""},
    {"key": "ade", "name": "Ade Fashola", "email": "ade.fashola@example.net", "website": ""},
    {"key": "wren", "name": "Wren Delacourt", "email": "wren.delacourt@example.org", "website": ""},
    {"key": "morag", "name": "Morag Elphick", "email": "morag.elphick@example.com", "website": ""},
    {"key": "nils", "name": "Nils Ferrante", "email": "nils.ferrante@example.net", "website": ""},
    {
        "key": "carys",
        "name": "Carys Penrose",
        "email": "carys.penrose@example.org",
        "website": "https://harbourwatch.example",
    },
    {
        "key": "dot",
        "name": "Dorothy Fairweather",
        "email": "dot.fairweather@example.com",
        "website": "",
    },
    {"key": "eamon", "name": "Eamon Keane", "email": "eamon.keane@example.net", "website": ""},
    {
        "key": "halima",
        "name": "Halima Osei",
        "email": "halima.osei@example.com",
        "website": "https://saltandcrumb.example",
    },
    {
        "key": "fergus",
        "name": "Fergus Llewellyn",
        "email": "fergus.llewellyn@example.org",
        "website": "",
    },
]

DISCUSSIONS = {
    "close-harbour-road-at-weekends": {
        "closed": False,
        "comments": [
            {
                "key": "i1",
                "reader": "halima",
                "parent": None,
                "passage": "the loading bays matter more than the bunting",
                "minutes_after": 130,
                "body": (
                    "I run a stall at the fish market, and yes. Put the loading bays in first and "
                    "half of the traders' objections go away before the first closed weekend."
                ),
                "up": 11,
                "down": 0,
            },
            {
                "key": "i2",
                "reader": "carys",
                "parent": None,
                "passage": "It must design this with disabled residents, not for them.",
                "minutes_after": 175,
                "body": (
                    "Thank you for this line. The dropped kerbs by the Customs House have been "
                    '"scheduled" since 2019.'
                ),
                "up": 17,
                "down": 1,
            },
            {
                "key": "q1",
                "reader": "dot",
                "parent": None,
                "passage": "40 per cent of weekend journeys along Harbour Road are under two miles",
                "minutes_after": 210,
                "body": (
                    "Mine are. The Saturday run to the bakery is just over a mile and I only drive "
                    "it out of habit."
                ),
                "up": 6,
                "down": 0,
            },
            {
                "key": "q2",
                "reader": "fergus",
                "parent": None,
                "passage": "40 per cent of weekend journeys along Harbour Road are under two miles",
                "minutes_after": 260,
                "body": (
                    "Not mine: I bring an outboard engine down to the chandlery, and that is not "
                    "going on a bus. But I take the point for everyone else."
                ),
                "up": 4,
                "down": 2,
            },
            {
                "key": "c1",
                "reader": "ade",
                "parent": None,
                "minutes_after": 12,
                "body": "Another one of these. How about fixing the potholes on Kellow Road first?",
                "up": 2,
                "down": 6,
            },
            {
                "key": "c2",
                "reader": "mara",
                "parent": None,
                "passage": "It is, in short, a car park with a view.",
                "minutes_after": 22,
                "body": (
                    "Finally. I walk my daughter down Harbour Road to swimming every Saturday, and "
                    "outside the fish market we go single file while a queue of SUVs idles a metre "
                    "away.\n\n"
                    "*A car park with a view* is exactly right."
                ),
                "up": 31,
                "down": 4,
            },
            {
                "key": "c3",
                "reader": "tomas",
                "parent": "c2",
                "minutes_after": 41,
                "body": (
                    "With respect, the queue is there because people need to get somewhere. Close "
                    "the road and that same queue moves up Fennick Street, where there's no view "
                    "and there *is* a primary school. You've just moved the fumes on to someone "
                    "else's kids."
                ),
                "up": 9,
                "down": 6,
            },
            {
                "key": "c4",
                "reader": "mara",
                "parent": "c3",
                "minutes_after": 58,
                "body": (
                    "The column deals with that head on:\n\n"
                    "> Some will. Some won't.\n\n"
                    "And the council's own counts say 40 per cent of those trips are under two "
                    "miles. Plenty of them are people like my neighbour, who drives 800 metres for "
                    "a newspaper because the road is there."
                ),
                "up": 14,
                "down": 2,
            },
            {
                "key": "c5",
                "reader": "kofi",
                "parent": "c4",
                "minutes_after": 95,
                "body": (
                    "Small correction, because it matters: the 40 per cent is from the 2023 cordon "
                    "survey, and it only counted vehicles entering at the Customs House end. It "
                    "tells you trip length, not whether the people making those trips could "
                    "realistically walk. Some of them are carrying a week's shopping up Kellow "
                    "Hill.\n\n"
                    "I support the trial, but let's be honest about what the number does and "
                    "doesn't say. The table is here if anyone wants it: [cordon survey "
                    "summary](https://kofi-counts.example/harbour-road-2023)."
                ),
                "up": 22,
                "down": 1,
            },
            {
                "key": "c6",
                "reader": "tomas",
                "parent": "c5",
                "minutes_after": 130,
                "body": (
                    "Thank you. That's more or less my point. 'Under two miles' on the flat is not "
                    "'under two miles' up Kellow Hill with a bag of potatoes and a dodgy knee."
                ),
                "up": 6,
                "down": 0,
            },
            {
                "key": "c7",
                "reader": "lena",
                "parent": "c6",
                "minutes_after": 180,
                "body": (
                    "And *some will, some won't* is cold comfort on Fennick Street. I live there. "
                    "We already get the overflow every time the swing bridge is up.\n\n"
                    "I'd back the trial tomorrow if it came with a proper plan for our street: a "
                    "school-hours restriction, a camera, anything."
                ),
                "up": 11,
                "down": 0,
            },
            {
                "key": "c8",
                "reader": "mara",
                "parent": "c7",
                "minutes_after": 240,
                "body": (
                    "That's fair, Lena, and I'd sign that letter with you. Close Harbour Road "
                    "*and* protect Fennick Street. The two aren't in conflict if the council does "
                    "its job."
                ),
                "up": 8,
                "down": 0,
            },
            {
                "key": "c9",
                "reader": "tomas",
                "parent": "c8",
                "minutes_after": 310,
                "body": (
                    "'If the council does its job' is carrying a lot of weight in that sentence. "
                    "But fine. One summer, with Lena's conditions, and I'll stop grumbling. "
                    "Mostly. Consider me grudgingly persuaded to be slightly less unpersuaded."
                ),
                "up": 5,
                "down": 0,
            },
            {
                "key": "c10",
                "reader": "hamish",
                "parent": "c2",
                "minutes_after": 75,
                "body": (
                    "Single file past the fish market is the closest thing Port Aldry has to a "
                    "conga line. We'd be losing a cultural tradition."
                ),
                "up": 17,
                "down": 0,
            },
            {
                "key": "c11",
                "reader": "june",
                "parent": "c10",
                "minutes_after": 120,
                "body": (
                    "Hamish, some of us remember when the conga line went all the way to the "
                    "lifeboat station. Progress!"
                ),
                "up": 6,
                "down": 0,
            },
            {
                "key": "c12",
                "reader": "alfie",
                "parent": None,
                "minutes_after": 64,
                "body": (
                    "I run the tackle shop at the swing-bridge end. Half my Saturday trade is "
                    "people who pull up, grab bait and ice, and go. You cannot carry two bags of "
                    "ice and a cool box from the Northgate park-and-ride.\n\n"
                    "I'm not against people enjoying the waterfront, but I'd like someone to "
                    "explain how I pay the rent in August."
                ),
                "up": 12,
                "down": 3,
            },
            {
                "key": "c13",
                "reader": "@author",
                "parent": "c12",
                "minutes_after": 150,
                "body": (
                    "Alfie, thank you: yours is exactly the kind of business I had in mind when I "
                    "wrote about loading bays. My suggestion would be short-stay bays at *both "
                    "ends* of the closure, so the swing-bridge end stays reachable by car. If the "
                    "trial doesn't work for shops like yours, it's a bad trial, and I'll say so in "
                    "print."
                ),
                "up": 19,
                "down": 0,
            },
            {
                "key": "c14",
                "reader": "alfie",
                "parent": "c13",
                "minutes_after": 205,
                "body": (
                    "Appreciated. Put it in writing to the council and I'll stop sharpening my "
                    "pitchfork."
                ),
                "up": 9,
                "down": 0,
            },
            {
                "key": "c15",
                "reader": "carys",
                "parent": "c14",
                "minutes_after": 260,
                "body": (
                    "For what it's worth, half the boat owners on the east pontoon buy their bait "
                    "from Alfie, and we'd carry it over from the slipway car park if we had to. "
                    "The slipway car park isn't inside the closure."
                ),
                "up": 4,
                "down": 0,
            },
            {
                "key": "c16",
                "reader": "alfie",
                "parent": "c15",
                "minutes_after": 330,
                "body": (
                    "Carys, you'd carry it over once. Then you'd go to the big place in Brayside. "
                    "I know my customers. But I take the point, and thank you."
                ),
                "up": 3,
                "down": 0,
            },
            {
                "key": "c17",
                "reader": "nils",
                "parent": "c12",
                "minutes_after": 400,
                "body": (
                    "Studies of pedestrianised streets generally show higher spending per visit. "
                    "Your Saturday trade would likely grow."
                ),
                "up": 2,
                "down": 5,
            },
            {
                "key": "c18",
                "reader": "alfie",
                "parent": "c17",
                "minutes_after": 440,
                "body": (
                    "'Generally' and 'likely' are doing a lot of lifting there, Nils. People don't "
                    "stroll along the harbour eating ice cream and then decide on a whim to buy "
                    "fifty maggots."
                ),
                "up": 15,
                "down": 0,
            },
            {
                "key": "c19",
                "reader": "hamish",
                "parent": "c18",
                "minutes_after": 470,
                "body": "Speak for yourself.",
                "up": 28,
                "down": 0,
            },
            {
                "key": "c20",
                "reader": "june",
                "parent": None,
                "minutes_after": 90,
                "body": (
                    "I've lived above the bakery on Harbour Road since 1979. When they shut it for "
                    "the Tall Ships weekend in '98 it was the best three days the street ever had. "
                    "The shops ran out of bread by noon and you couldn't hear yourself think for "
                    "the brass bands. Then on the Monday the cars came back and it was as if the "
                    "whole thing had been a dream.\n\n"
                    "I'm 74. I'd like to see it once more before I'm carted off."
                ),
                "up": 24,
                "down": 0,
            },
            {
                "key": "c21",
                "reader": "wren",
                "parent": "c20",
                "minutes_after": 200,
                "body": (
                    "This is lovely. My mum still talks about the Tall Ships weekend. She says "
                    "someone fell in."
                ),
                "up": 9,
                "down": 0,
            },
            {
                "key": "c22",
                "reader": "june",
                "parent": "c21",
                "minutes_after": 280,
                "body": (
                    "Someone did fall in. It was the deputy harbourmaster and he was not entirely "
                    "sober. That is all I am prepared to say."
                ),
                "up": 15,
                "down": 0,
            },
            {
                "key": "c23",
                "reader": "ben",
                "parent": None,
                "minutes_after": 140,
                "body": (
                    "Minor point: the caption under the illustration says the stretch is roughly "
                    "900 metres. From the Customs House steps to the swing bridge is nearer 750; "
                    "I've paced it more times than I'd like to admit. It doesn't change the "
                    "argument, but someone at the council will use it to say the whole thing is "
                    "made up."
                ),
                "up": 8,
                "down": 0,
            },
            {
                "key": "c24",
                "reader": "kofi",
                "parent": "c23",
                "minutes_after": 190,
                "body": (
                    "Depends where you start. From the Customs House *gates* (not the steps) to "
                    "the far side of the bridge it's about 880 on the council's own map. So you're "
                    "both right, which is the worst possible outcome for an internet argument."
                ),
                "up": 6,
                "down": 0,
            },
            {
                "key": "c25",
                "reader": "ben",
                "parent": "c24",
                "minutes_after": 230,
                "body": "Outrageous. I demand to be either right or wrong.",
                "up": 9,
                "down": 0,
            },
            {
                "key": "c26",
                "reader": "priya",
                "parent": None,
                "minutes_after": 180,
                "body": (
                    "The line about designing *with* disabled residents, not for them, is the most "
                    "important sentence in this piece, and the one most likely to be forgotten by "
                    "the time it reaches a committee.\n\n"
                    "I use a wheelchair. A closed road is lovely for me *if* I can get to it. "
                    "Right now the nearest blue badge bays are on Harbour Road itself. Close it "
                    "without replacing them and you've closed it to me."
                ),
                "up": 35,
                "down": 0,
            },
            {
                "key": "c27",
                "reader": "rosa",
                "parent": "c26",
                "minutes_after": 230,
                "body": (
                    "Same problem, smaller scale, with a double buggy. The dropped kerbs on the "
                    "Customs House side are a joke. If they're going to spend money on planters "
                    "and bunting, spend it on kerbs first."
                ),
                "up": 10,
                "down": 0,
            },
            {
                "key": "c28",
                "reader": "priya",
                "parent": "c27",
                "minutes_after": 290,
                "body": "Yes. Kerbs before bunting. That should be on a T-shirt.",
                "up": 12,
                "down": 0,
            },
            {
                "key": "c29",
                "reader": "hamish",
                "parent": "c28",
                "minutes_after": 350,
                "body": "I'll print them. £12, all proceeds to the dropped kerb fund.",
                "up": 7,
                "down": 0,
            },
            {
                "key": "c30",
                "reader": "@author",
                "parent": "c26",
                "minutes_after": 320,
                "body": (
                    "Priya, I agree on every count. In my first draft the drop-off point was a "
                    "single sentence; it should have been a paragraph. For anyone following this: "
                    "the relocated blue badge bays should be open and signed *before* the first "
                    "closed Saturday, not pencilled in for 'phase two'."
                ),
                "up": 21,
                "down": 0,
            },
            {
                "key": "c31",
                "reader": "priya",
                "parent": "c30",
                "minutes_after": 380,
                "body": "'Phase two' is where accessibility goes to die. Thank you for saying so.",
                "up": 9,
                "down": 0,
            },
            {
                "key": "c32",
                "reader": "morag",
                "parent": "c31",
                "minutes_after": 500,
                "body": (
                    "I'll raise it at the next Saltmarsh community council. We had the same fight "
                    "over the library ramp. It took three years and a petition."
                ),
                "up": 6,
                "down": 0,
            },
            {
                "key": "c33",
                "reader": "priya",
                "parent": "c32",
                "minutes_after": 560,
                "body": "Three years is about par. Tell me the date and I'll come.",
                "up": 4,
                "down": 0,
            },
            {
                "key": "c34",
                "reader": "morag",
                "parent": "c33",
                "minutes_after": 620,
                "body": (
                    "Second Tuesday of the month, 7pm, in the old harbourmaster's office. There is "
                    "tea. There is not a working lift, which rather proves the point."
                ),
                "up": 2,
                "down": 0,
            },
            {
                "key": "c35",
                "reader": "priya",
                "parent": "c34",
                "minutes_after": 700,
                "body": "Of course there isn't. I'll bring a strongman.",
                "up": 11,
                "down": 0,
            },
            {
                "key": "c36",
                "reader": "sian",
                "parent": None,
                "minutes_after": 260,
                "body": (
                    "Bus driver here (route 4, Saltmarsh to Northgate). Letting buses through is "
                    "the bit I'd watch. On a Saturday we lose ten or twelve minutes between the "
                    "Customs House and the swing bridge. If the closure is properly enforced, "
                    "it'll be the first time in years I've run to timetable. If it's 'closed' with "
                    "a cone and a hopeful sign, it'll be worse than now, because people will try "
                    "it anyway."
                ),
                "up": 18,
                "down": 0,
            },
            {
                "key": "c37",
                "reader": "eamon",
                "parent": "c36",
                "minutes_after": 340,
                "body": (
                    "Delivery driver. Seconded on enforcement. Also, the 'deliveries before 10am' "
                    "rule: half the cafés don't open till nine, so who's signing for my van at "
                    "quarter past eight?"
                ),
                "up": 5,
                "down": 0,
            },
            {
                "key": "c38",
                "reader": "sian",
                "parent": "c37",
                "minutes_after": 410,
                "body": "Key safes, Eamon. The future is key safes and trust.",
                "up": 3,
                "down": 0,
            },
            {
                "key": "c39",
                "reader": "eamon",
                "parent": "c38",
                "minutes_after": 455,
                "body": "I've met the future. It left a crate of oat milk out in the rain.",
                "up": 8,
                "down": 0,
            },
            {
                "key": "c40",
                "reader": "ade",
                "parent": "c36",
                "minutes_after": 520,
                "body": (
                    "Taxis only get a mention for 'disabled passengers'. Most of my Saturday fares "
                    "on Harbour Road are older people going to the market, and not all of them are "
                    "disabled on paper. Am I meant to ask for proof at the kerb?"
                ),
                "up": 1,
                "down": 3,
            },
            {
                "key": "c41",
                "reader": "dot",
                "parent": "c40",
                "minutes_after": 610,
                "body": (
                    "I'm 81 and I haven't got a badge because I never got round to the form. I'd "
                    "rather walk from the bus stop than be interrogated by a taxi driver. But do "
                    "put a bench in every fifty yards or so, please."
                ),
                "up": 13,
                "down": 0,
            },
            {
                "key": "c42",
                "reader": "halima",
                "parent": None,
                "minutes_after": 310,
                "body": (
                    "I run a café near the Customs House, so I'm a trader, and I'm *for* this. Our "
                    "best days are already the ones when the swing bridge is stuck and the traffic "
                    "gives up. People sit outside when they can hear each other. Not every "
                    "business on the front thinks like the loudest voices at the traders' "
                    "association."
                ),
                "up": 16,
                "down": 1,
            },
            {
                "key": "c43",
                "reader": "alfie",
                "parent": "c42",
                "minutes_after": 390,
                "body": (
                    "Halima, you sell flat whites to people who are already walking. I sell ice to "
                    "people who are driving. We're both right about our own shops. That's the "
                    "whole problem."
                ),
                "up": 7,
                "down": 0,
            },
            {
                "key": "c44",
                "reader": "halima",
                "parent": "c43",
                "minutes_after": 430,
                "body": (
                    "Agreed, and I'll stand next to you at the council meeting asking for your "
                    "loading bays. We're not enemies, just neighbours with different customers."
                ),
                "up": 10,
                "down": 0,
            },
            {
                "key": "c45",
                "reader": "nils",
                "parent": None,
                "minutes_after": 450,
                "body": (
                    "This is the sort of column written by someone who has never had to be "
                    "anywhere on time. The harbour is a working harbour, not a film set."
                ),
                "up": 3,
                "down": 11,
                "deleted": True,
            },
            {
                "key": "c46",
                "reader": "carys",
                "parent": "c45",
                "minutes_after": 480,
                "body": (
                    "The harbour is a working harbour *on the water side*. The road is mostly "
                    "queueing. I've worked boats in that harbour for twenty years and never once "
                    "needed to drive along the front to do it."
                ),
                "up": 7,
                "down": 0,
            },
            {
                "key": "c47",
                "reader": "ben",
                "parent": "c45",
                "minutes_after": 505,
                "body": (
                    "In fairness to the comment above, the author does say in her bio that she "
                    "doesn't own a car. Declared interest: half a point?"
                ),
                "up": 4,
                "down": 0,
            },
            {
                "key": "c48",
                "reader": "wren",
                "parent": "c47",
                "minutes_after": 560,
                "body": (
                    "Not owning a car isn't an interest, it's the absence of one. Otherwise "
                    "everyone without a yacht would be biased about the marina."
                ),
                "up": 2,
                "down": 0,
            },
            {
                "key": "c49",
                "reader": "kofi",
                "parent": None,
                "minutes_after": 520,
                "body": (
                    "Things I'd want published **before** the trial starts, so nobody can move the "
                    "goalposts afterwards:\n\n"
                    "- baseline traffic counts on Fennick Street and Kellow Road, not just Harbour "
                    "Road\n"
                    "- bus journey times for routes 4 and 11\n"
                    "- footfall and card spending for the traders willing to share them\n"
                    "- air quality at the school gate on Fennick Street\n\n"
                    "Without those, the trial will be judged on vibes, and vibes always favour "
                    "whoever shouts loudest."
                ),
                "up": 26,
                "down": 0,
            },
            {
                "key": "c50",
                "reader": "lena",
                "parent": "c49",
                "minutes_after": 600,
                "body": "Put the school gate on the list twice. Thank you.",
                "up": 10,
                "down": 0,
            },
            {
                "key": "c51",
                "reader": "tomas",
                "parent": "c49",
                "minutes_after": 650,
                "body": (
                    "First thing in this thread I agree with entirely. I'd add complaints "
                    "received, logged by type. The vocal minority is still a minority worth "
                    "counting."
                ),
                "up": 7,
                "down": 0,
            },
            {
                "key": "c52",
                "reader": "kofi",
                "parent": "c51",
                "minutes_after": 720,
                "body": "Fair. Complaints, categorised and published monthly. Added.",
                "up": 5,
                "down": 0,
            },
            {
                "key": "c53",
                "reader": "dot",
                "parent": None,
                "minutes_after": 800,
                "body": (
                    "I don't drive and never have. The number 4 is my car. Anything that gets it "
                    "there on time has my vote, and I do vote, every time, in person, in a hat."
                ),
                "up": 7,
                "down": 0,
            },
            {
                "key": "c54",
                "reader": "wren",
                "parent": None,
                "minutes_after": 950,
                "body": (
                    "Student perspective: on a Saturday night Harbour Road is full of people "
                    "walking in the road anyway, because the pavements can't hold them. Closing it "
                    "would just be admitting what already happens."
                ),
                "up": 3,
                "down": 1,
            },
            {
                "key": "c55",
                "reader": "fergus",
                "parent": None,
                "minutes_after": 1000,
                "body": (
                    "Cyclist here. Please don't make it a free-for-all where bikes weave through "
                    "families at 15mph. Make it a slow zone, sign it, and I'll happily push my "
                    "bike through the busy bit."
                ),
                "up": 9,
                "down": 2,
            },
            {
                "key": "c56",
                "reader": "mara",
                "parent": "c55",
                "minutes_after": 1070,
                "body": (
                    "Agreed. The last thing it needs is a Lycra grand prix through the fish market."
                ),
                "up": 3,
                "down": 0,
            },
            {
                "key": "c57",
                "reader": "eamon",
                "parent": None,
                "minutes_after": 1100,
                "body": (
                    "Every time someone writes a column like this, rents go up on Harbour Road and "
                    "another normal shop turns into a gin bar. Ask Brayside how their "
                    "'regeneration' went."
                ),
                "up": 0,
                "down": 4,
            },
            {
                "key": "c58",
                "reader": "rosa",
                "parent": "c57",
                "minutes_after": 1180,
                "body": (
                    "I'm honestly not sure shutting a road is what makes gin bars happen, Eamon. "
                    "The gin bar on our street opened on a road that's still a rat run."
                ),
                "up": 6,
                "down": 0,
            },
            {
                "key": "c59",
                "reader": "eamon",
                "parent": "c58",
                "minutes_after": 1250,
                "body": (
                    "Fair. Gin bars are a force of nature. I withdraw the gin part and keep the "
                    "rent part."
                ),
                "up": 4,
                "down": 0,
            },
            {
                "key": "c60",
                "reader": "nils",
                "parent": None,
                "minutes_after": 1400,
                "body": (
                    "I deleted my earlier comment because it came out ruder than I meant. The "
                    "substance stands, though: a five-month trial over the whole tourist season "
                    "isn't a test, it's a festival. Run it in February and see who turns up."
                ),
                "up": 1,
                "down": 7,
            },
            {
                "key": "c61",
                "reader": "mara",
                "parent": "c60",
                "minutes_after": 1460,
                "body": (
                    "Running a trial in February to prove nobody wants to stand on a windy harbour "
                    "in February is... a choice."
                ),
                "up": 12,
                "down": 0,
            },
            {
                "key": "c62",
                "reader": "nils",
                "parent": "c61",
                "minutes_after": 1530,
                "body": "Ha. Fair. March, then. Split the difference.",
                "up": 9,
                "down": 0,
            },
            {
                "key": "c63",
                "reader": "june",
                "parent": "c62",
                "minutes_after": 1600,
                "body": "March on Harbour Road is February with daffodils.",
                "up": 5,
                "down": 0,
            },
            {
                "key": "c64",
                "reader": "kofi",
                "parent": "c60",
                "minutes_after": 1620,
                "body": (
                    "There's a decent case for a split trial, actually: one block in the shoulder "
                    "season and one in summer, so you can separate 'people like the road shut' "
                    "from 'people like the sun'."
                ),
                "up": 8,
                "down": 0,
            },
            {
                "key": "c65",
                "reader": "hamish",
                "parent": None,
                "minutes_after": 1800,
                "body": (
                    "I support any policy that lets me walk down the middle of Harbour Road eating "
                    "chips without being honked at. I have been honked at while eating chips. It "
                    "is undignified."
                ),
                "up": 20,
                "down": 0,
            },
            {
                "key": "c66",
                "reader": "morag",
                "parent": None,
                "minutes_after": 2100,
                "body": (
                    "Saltmarsh view: we've been told for years that the harbour is 'everyone's', "
                    "but getting there from our end without a car means two buses on a Sunday. If "
                    "this goes ahead, we need a weekend shuttle from Saltmarsh too, not just from "
                    "the Northgate park-and-ride."
                ),
                "up": 4,
                "down": 0,
            },
            {
                "key": "c67",
                "reader": "sian",
                "parent": "c66",
                "minutes_after": 2190,
                "body": (
                    "The 11 used to do exactly that on Sundays until it was cut three budgets ago. "
                    "Bring back the Sunday 11!"
                ),
                "up": 6,
                "down": 0,
            },
            {
                "key": "c68",
                "reader": "tomas",
                "parent": None,
                "minutes_after": 2400,
                "body": (
                    "Having slept on it, and having been argued with by half this thread, my "
                    "position is: trial yes, five months no, Fennick Street protections essential. "
                    "Which is probably more than the council will manage anyway."
                ),
                "up": 3,
                "down": 0,
            },
            {
                "key": "c69",
                "reader": "carys",
                "parent": None,
                "minutes_after": 2600,
                "body": (
                    "Harbour Trust volunteer here, speaking for myself. The lifeboat crew gets in "
                    "via the slipway lane, not Harbour Road, so the emergency-access worry people "
                    "keep raising doesn't really apply to the lifeboat. Ambulance access to the "
                    "pontoons is a separate question, and the Trust should answer it publicly."
                ),
                "up": 5,
                "down": 0,
            },
            {
                "key": "c70",
                "reader": "lena",
                "parent": None,
                "minutes_after": 2800,
                "body": (
                    "For anyone on Fennick Street who wants a say, residents are meeting on "
                    "Thursday evening. Details "
                    "[here](https://example.org/fennick-street-residents)."
                ),
                "up": 2,
                "down": 0,
            },
            {
                "key": "c71",
                "reader": "priya",
                "parent": None,
                "minutes_after": 3000,
                "body": (
                    "Rereading this after a day of comments: it's good that the column says the "
                    "council should design this *with* disabled residents, but I'd like The "
                    "Rejoinder to follow up and actually ask the council who it will be "
                    "consulting. Columns are cheap. Follow-ups are journalism."
                ),
                "up": 18,
                "down": 0,
            },
            {
                "key": "c72",
                "reader": "ade",
                "parent": None,
                "minutes_after": 3200,
                "body": "Nobody has asked taxi drivers anything. As usual.",
                "up": 0,
                "down": 2,
            },
            {
                "key": "c73",
                "reader": "sian",
                "parent": "c72",
                "minutes_after": 3260,
                "body": "I'm asking, Ade. What would make it work for you?",
                "up": 4,
                "down": 0,
            },
            {
                "key": "c74",
                "reader": "ade",
                "parent": "c73",
                "minutes_after": 3330,
                "body": (
                    "A marked, enforced rank at each end, and not behind the fish market where the "
                    "lorries turn. That's it. That's the whole list."
                ),
                "up": 6,
                "down": 0,
            },
            {
                "key": "c75",
                "reader": "alfie",
                "parent": None,
                "minutes_after": 3450,
                "body": (
                    "Update for those who asked: I've written to the council about the loading "
                    "bays. I got an automatic reply thanking me for my 'feedback on the Harbour "
                    "Road Experience'.\n\n"
                    "It has a *name* now. Heaven help us."
                ),
                "up": 27,
                "down": 0,
            },
            {
                "key": "c76",
                "reader": "ben",
                "parent": None,
                "minutes_after": 3600,
                "body": (
                    "Pedant's note: the headline says 'at weekends', but the column says 8am "
                    "Saturday to 8pm Sunday. Friday nights are not included, in case anyone was "
                    "planning a street party."
                ),
                "up": 2,
                "down": 0,
            },
            {
                "key": "c77",
                "reader": "rosa",
                "parent": None,
                "minutes_after": 3900,
                "body": (
                    "Took the kids down on foot this morning to see what it's really like. Counted "
                    "61 cars in the queue at 10.40. My son counted 63, but he counts the ice-cream "
                    "van twice."
                ),
                "up": 1,
                "down": 0,
            },
            {
                "key": "c78",
                "reader": "wren",
                "parent": None,
                "minutes_after": 4150,
                "body": "Late to this, but has anyone asked the gulls?",
                "up": 0,
                "down": 0,
            },
            {
                "key": "c79",
                "reader": "june",
                "parent": None,
                "minutes_after": 4280,
                "body": (
                    "Just to say: lovely to read a thread where people disagree and nobody calls "
                    "anybody an idiot. Well done, Port Aldry."
                ),
                "up": 0,
                "down": 0,
            },
        ],
    },
    "publish-every-contract": {
        "closed": False,
        "comments": [
            {
                "key": "p1",
                "reader": "ben",
                "parent": None,
                "minutes_after": 60,
                "body": (
                    "> Sunlight, in other words, with a paper trail.\n\n"
                    "Best line I've read this month. Putting the officer's name on each redaction "
                    "is the bit that would actually change behaviour."
                ),
                "up": 14,
                "down": 0,
            },
            {
                "key": "p2",
                "reader": "nils",
                "parent": "p1",
                "minutes_after": 140,
                "body": (
                    "Or it would change behaviour in the other direction: officers would simply "
                    "keep things out of writing. People adapt to rules."
                ),
                "up": 3,
                "down": 2,
            },
            {
                "key": "p3",
                "reader": "@author",
                "parent": "p2",
                "minutes_after": 200,
                "body": (
                    "Nils, that risk is real, and it's why the rule has to cover purchase orders "
                    "and variations, not only signed contracts. It is much harder to keep "
                    "*spending* out of writing than to keep a decision out of the minutes. Not "
                    "impossible, I grant you."
                ),
                "up": 11,
                "down": 0,
            },
            {
                "key": "p4",
                "reader": "nils",
                "parent": "p3",
                "minutes_after": 260,
                "body": "Fair. I'll give you 'much harder'.",
                "up": 6,
                "down": 0,
            },
            {
                "key": "p5",
                "reader": "morag",
                "parent": None,
                "minutes_after": 300,
                "body": (
                    "The quarterly spending spreadsheet is real and it is every bit as bad as "
                    "described. I once spent an evening trying to work out what '£4,860, Misc. "
                    "Services, Coastal Solutions Ltd' was. I still don't know."
                ),
                "up": 9,
                "down": 0,
            },
            {
                "key": "p6",
                "reader": "kofi",
                "parent": "p5",
                "minutes_after": 380,
                "body": (
                    "I scraped those spreadsheets going back six years. 'Misc. Services' is the "
                    "third-largest category by value. Make of that what you will. [Summary "
                    "here](https://example.org/aldry-spending-categories)."
                ),
                "up": 7,
                "down": 0,
            },
            {
                "key": "p7",
                "reader": "tomas",
                "parent": None,
                "minutes_after": 900,
                "body": (
                    "Broadly agree, though I'd settle for them making the existing portal "
                    "searchable before we ask for everything."
                ),
                "up": 2,
                "down": 1,
            },
            {
                "key": "p8",
                "reader": "halima",
                "parent": None,
                "minutes_after": 1500,
                "body": (
                    "As a small business that has bid for council catering work: *please*, yes. We "
                    "never find out why we lost, or what the winning bid cost."
                ),
                "up": 4,
                "down": 0,
            },
        ],
    },
    "tram-extension-budget-approved": {
        "closed": False,
        "comments": [
            {
                "key": "t1",
                "reader": "mara",
                "parent": None,
                "minutes_after": 45,
                "body": (
                    "Fifteen years. I was pushing a pram when they first drew this on a map. My "
                    "son will be old enough to drive before it opens."
                ),
                "up": 10,
                "down": 0,
            },
            {
                "key": "t2",
                "reader": "hamish",
                "parent": "t1",
                "minutes_after": 110,
                "body": "Don't tell him. It'll only encourage him.",
                "up": 12,
                "down": 0,
            },
            {
                "key": "t3",
                "reader": "lena",
                "parent": None,
                "minutes_after": 130,
                "body": (
                    "Nine months of Kellow Road down to one lane and no bus diversion plan yet. "
                    "Guess which street the traffic will use.\n\n"
                    "(It's Fennick Street. It's always Fennick Street.)"
                ),
                "up": 8,
                "down": 0,
            },
            {
                "key": "t4",
                "reader": "sian",
                "parent": "t3",
                "minutes_after": 190,
                "body": (
                    "The drivers haven't been told anything either. We usually find out about "
                    "diversions from the sign on the day."
                ),
                "up": 6,
                "down": 0,
            },
            {
                "key": "t5",
                "reader": "nils",
                "parent": None,
                "minutes_after": 400,
                "body": (
                    "An 8 per cent contingency on a hill route that crosses the Fennick Cross "
                    "junction is optimistic. I'd bet a pint it ends up north of £55m."
                ),
                "up": 5,
                "down": 3,
            },
            {
                "key": "t6",
                "reader": "kofi",
                "parent": "t5",
                "minutes_after": 480,
                "body": "I'll take that bet, mainly because I'd like a pint either way.",
                "up": 4,
                "down": 0,
            },
        ],
    },
    "rents-five-years": {
        "closed": False,
        "comments": [
            {
                "key": "r1",
                "reader": "wren",
                "parent": None,
                "minutes_after": 80,
                "body": (
                    "Old Quay up 52 per cent sounds about right. Our rent has gone up twice in "
                    "eighteen months, and there are now three key safes by the front door of our "
                    "building."
                ),
                "up": 9,
                "down": 0,
            },
            {
                "key": "r2",
                "reader": "june",
                "parent": "r1",
                "minutes_after": 150,
                "body": (
                    "There were never key safes when I moved in. There was a woman called Brenda "
                    "who held everybody's spare keys and knew everything about everyone."
                ),
                "up": 5,
                "down": 0,
            },
            {
                "key": "r3",
                "reader": "ben",
                "parent": None,
                "minutes_after": 200,
                "body": (
                    "A note on the method: advertised rents overstate what sitting tenants pay, as "
                    "the piece says, but they're also exactly what anyone moving *now* has to "
                    "find. Both numbers matter."
                ),
                "up": 3,
                "down": 0,
            },
            {
                "key": "r4",
                "reader": "rosa",
                "parent": None,
                "minutes_after": 300,
                "body": (
                    "I'd love a follow-up on the waiting list. Four years for a family home is "
                    "longer than my youngest has been alive."
                ),
                "up": 6,
                "down": 0,
            },
            {
                "key": "r5",
                "reader": "halima",
                "parent": "r4",
                "minutes_after": 360,
                "body": (
                    "Seconded. And ask how many of those families are in the 'temporary' flats on "
                    "Wick Lane."
                ),
                "up": 2,
                "down": 0,
            },
        ],
    },
    "saltmarsh-flats-not-temporary": {
        "closed": True,
        "comments": [
            {
                "key": "s1",
                "reader": "morag",
                "parent": None,
                "minutes_after": 50,
                "body": (
                    "I've lived on Wick Lane since the week it opened. Thank you for writing this. "
                    "'Not viable given the expected lifespan' is word for word what they told me "
                    "in 2019."
                ),
                "up": 18,
                "down": 0,
            },
            {
                "key": "s2",
                "reader": "priya",
                "parent": None,
                "minutes_after": 120,
                "body": (
                    "The interim tenancies are the real scandal here. Twelve years on a tenancy "
                    "with fewer rights is not interim."
                ),
                "up": 7,
                "down": 0,
            },
            {
                "key": "s3",
                "reader": "morag",
                "parent": "s2",
                "minutes_after": 180,
                "body": (
                    "We've asked for them to be converted to secure tenancies at every residents' "
                    "meeting for six years. The answer is always that it's 'under review'."
                ),
                "up": 5,
                "down": 0,
            },
            {
                "key": "s4",
                "reader": "eamon",
                "parent": None,
                "minutes_after": 400,
                "body": (
                    "The real problem is that nobody's allowed to build anything in Saltmarsh "
                    "because of the flood maps. Which brings me back to the bypass, which would "
                    "have sorted half of this if the council hadn't bottled it in 2015."
                ),
                "up": 1,
                "down": 6,
            },
            {
                "key": "s5",
                "reader": "ade",
                "parent": "s4",
                "minutes_after": 460,
                "body": (
                    "The bypass would have gone straight through the marsh, Eamon. And don't get "
                    "me started on who voted against the ring road."
                ),
                "up": 0,
                "down": 4,
            },
            {
                "key": "s6",
                "reader": "june",
                "parent": "s5",
                "minutes_after": 520,
                "body": (
                    "And here we go: the bypass argument again, which is where every thread in "
                    "this city ends up sooner or later. Could we keep this about Wick Lane? The "
                    "people living there deserve better than us rowing about roads."
                ),
                "up": 3,
                "down": 0,
            },
        ],
    },
}
