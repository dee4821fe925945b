"""Demo content for The Rejoinder, a fictional independent paper in the fictional coastal city
of Port Aldry. All text is original. The loader (`rejoinder.demo.loader`) turns this data into
categories, authors and article pages.

Articles: `days_ago` sets the date shown; `scheduled_in_days` (one article) makes a scheduled,
not-yet-live publication. The first article is the flagship column that the demo discussion in
`rejoinder.demo.discussions` is about. Body blocks are (kind, value) pairs: paragraph (HTML),
question (a paragraph's HTML and the editors' question to readers on it),
heading (an h2), quote, and figure (an abstract illustration drawn by the loader from `hue`
and `motif`).
"""

CATEGORIES = [
    {
        "slug": "opinion",
        "title": "Opinion",
        "description": (
            "Columns and comment from our writers and guests. They argue; you are welcome to argue "
            "back."
        ),
        "is_opinion": True,
        "disclaimer": (
            "The views expressed are solely the author's own and do not necessarily reflect those "
            "of The Rejoinder."
        ),
        "disclaimer_position": "both",
    },
    {
        "slug": "news",
        "title": "News",
        "description": "Reporting from Port Aldry's council chamber, courts, harbour and streets.",
        "is_opinion": False,
        "disclaimer": "",
        "disclaimer_position": "none",
    },
    {
        "slug": "analysis",
        "title": "Analysis",
        "description": "Longer reads that dig into the numbers behind the headlines.",
        "is_opinion": False,
        "disclaimer": (
            "This analysis is based on public data and our own reporting. Figures are rounded, and "
            "our method is set out at the end of the piece."
        ),
        "disclaimer_position": "below",
    },
]

SITE_DISCLAIMER = "This site gives no financial, investment or medical advice."

TAGLINE = "Independent news and argument from Port Aldry"

HOME_INTRO = (
    "The Rejoinder is an independent, reader-funded paper covering Port Aldry, its harbour and its "
    "neighbourhoods. We report what happens, explain why it matters and leave room for you to "
    "argue back."
)

AUTHORS = [
    {
        "slug": "ines-calloway",
        "name": "Ines Calloway",
        "role": "Columnist",
        "bio": (
            "Ines Calloway has written a weekly column about Port Aldry for eleven years, mostly "
            "from a kitchen table in Old Quay. She does not own a car, which she thinks you should "
            "know."
        ),
        "hue": 12,
    },
    {
        "slug": "rhodri-penhale",
        "name": "Rhodri Penhale",
        "role": "Columnist",
        "bio": (
            "Rhodri Penhale spent twenty years as a council finance officer before crossing to the "
            "other side of the table. He writes about public money and the people who spend it."
        ),
        "hue": 205,
    },
    {
        "slug": "tess-marwood",
        "name": "Tess Marwood",
        "role": "City reporter",
        "bio": (
            "Tess Marwood covers the council, housing and anything else that ends up on a "
            "committee agenda. She has sat through more planning meetings than she cares to count."
        ),
        "hue": 330,
    },
    {
        "slug": "owen-trask",
        "name": "Owen Trask",
        "role": "Harbour and business correspondent",
        "bio": (
            "Owen Trask grew up on a trawler working out of Aldry Harbour. He now reports on the "
            "port, its trade and the people who earn a living from it."
        ),
        "hue": 178,
    },
    {
        "slug": "sunniva-hale",
        "name": "Sunniva Hale",
        "role": "Data editor",
        "bio": (
            "Sunniva Hale turns spreadsheets into stories and, when challenged, stories back into "
            "spreadsheets. Before joining The Rejoinder she worked in public health statistics."
        ),
        "hue": 95,
    },
]

ARTICLES = [
    {
        "slug": "close-harbour-road-at-weekends",
        "category": "opinion",
        "author": "ines-calloway",
        "title": "Close Harbour Road to cars at weekends. The city will not fall into the sea",
        "standfirst": (
            "On weekdays the road along Port Aldry's waterfront is a working artery. On Saturdays "
            "and Sundays it is a car park with a view. The council should shut it to private "
            "traffic for one summer and see what the city does with the space."
        ),
        "days_ago": 4,
        "scheduled_in_days": None,
        "tags": ["transport", "harbour", "city centre"],
        "related": ["tram-ridership-figures", "harbour-economy-shift"],
        "body": [
            (
                "paragraph",
                (
                    "<p>At eleven o'clock on a Saturday morning, Harbour Road is not really a "
                    "road. It is a queue. Cars idle nose to tail from the Customs House to the "
                    "swing bridge, engines running, windows up, drivers staring at the water they "
                    "came to see. On the pavement outside the fish market, families walk in single "
                    "file because there is no room to walk two abreast, and every pushchair "
                    "becomes a negotiation. It is, in short, a car park with a view.</p>"
                ),
            ),
            (
                "paragraph",
                (
                    "<p>Here is a modest proposal. From 8am on Saturday to 8pm on Sunday, close "
                    "the stretch between the Customs House and the swing bridge to private cars. "
                    "Keep it open to buses, to emergency vehicles, to taxis carrying disabled "
                    "passengers and to deliveries before 10am. Put short-stay loading bays at both "
                    "ends. Run a shuttle from the Northgate park-and-ride. Then hand the rest of "
                    "the space to the people who already spill into it anyway.</p>"
                ),
            ),
            ("heading", "The traffic will not vanish. It will change"),
            (
                "question",
                {
                    "text": (
                        "<p>The first objection is the obvious one: close a road and the cars "
                        "simply go somewhere else, most likely up Fennick Street and along Kellow "
                        "Road. Some will. Some won't. Transport planners have a slightly clumsy "
                        "phrase, <i>traffic evaporation</i>, for the trips that quietly stop "
                        "happening when driving them becomes less convenient. The council's own "
                        "cordon survey found that around 40 per cent of weekend journeys along "
                        "Harbour Road are under two miles. Not all of those could be walked. A "
                        "good many could.</p>"
                    ),
                    "question": "Are your own weekend trips along Harbour Road under two miles?",
                },
            ),
            (
                "quote",
                {
                    "text": (
                        "Planners who have studied weekend street closures in several port towns "
                        "say displaced traffic tends to peak in the first month and then settle, "
                        "as drivers change their routes, their timings and, in some cases, whether "
                        "they make the trip at all."
                    ),
                    "source_name": "Meridian Press Agency",
                    "source_url": (
                        "https://wire.meridian-press.example/stories/weekend-street-closures-port-towns"
                    ),
                },
            ),
            (
                "paragraph",
                (
                    "<p>The second objection comes from the traders, and it deserves more respect "
                    "than it usually gets from people like me. The chandlery, the tackle shop and "
                    "the hardware store at the bridge end do not sell things you can carry home in "
                    "a paper bag. A café can live off passing walkers; a business that sells bags "
                    "of ice, coils of rope and paint by the tin cannot. Any trial that ignores "
                    "them will deserve to fail, which is why the loading bays matter more than the "
                    "bunting.</p>"
                ),
            ),
            (
                "figure",
                {
                    "alt_text": "Abstract illustration of blue and white waves in horizontal bands",
                    "caption": (
                        "Harbour Road runs for roughly 900 metres between the Customs House and "
                        "the swing bridge."
                    ),
                    "credit": "Illustration: The Rejoinder",
                    "hue": 205,
                    "motif": "waves",
                },
            ),
            (
                "paragraph",
                (
                    "<p>The third objection is the one I find most persuasive. A road without cars "
                    "is not automatically a road for everyone. The blue badge bays that disabled "
                    "residents rely on are on Harbour Road itself, and the dropped kerbs on the "
                    "Customs House side are, to be generous, theoretical. If the bays are not "
                    "moved, signed and usable before the first closed weekend, the council will "
                    "have shut the waterfront to the very people who already find it hardest to "
                    "reach. It must design this <b>with</b> disabled residents, not for them.</p>"
                ),
            ),
            ("heading", "Try it for one summer"),
            (
                "paragraph",
                (
                    "<p>So do not settle it in a committee room. Try it from May to September. "
                    "Publish the traffic counts, bus times and air-quality readings every month, "
                    "and ask the traders to share their takings if they are willing. Set out in "
                    "advance what success and failure would look like, so that nobody can move the "
                    "goalposts once the results arrive. If the side streets choke and the shops "
                    "suffer, reopen the road and say so plainly.</p>"
                ),
            ),
            (
                "paragraph",
                (
                    "<p>The worst outcome is not a failed trial. A failed trial teaches the city "
                    "something, costs relatively little and can be undone on a Monday morning. The "
                    "worst outcome is another decade of arguing about Harbour Road in the letters "
                    "page, in the council chamber and at the bus stop, while nothing changes "
                    "except the length of the queue.</p>"
                ),
            ),
            (
                "paragraph",
                (
                    "<p>Port Aldry built its harbour for ships and then, some time in the 1960s, "
                    "rebuilt the front of it for cars. Both decisions made sense at the time. "
                    "Neither was carved in stone. We can surely afford one summer to find out "
                    "whether the waterfront might also be for people: walking slowly, eating "
                    "chips, getting in each other's way and, for once, hearing the water.</p>"
                ),
            ),
        ],
    },
    {
        "slug": "publish-every-contract",
        "category": "opinion",
        "author": "rhodri-penhale",
        "title": "Publish every council contract online. All of them. Now",
        "standfirst": (
            "Port Aldry City Council spends around £210m a year with outside suppliers, and "
            "residents can see only a fraction of the paperwork. There is no good reason for that, "
            "and several bad ones."
        ),
        "days_ago": 9,
        "scheduled_in_days": None,
        "tags": ["council", "transparency", "council budget"],
        "related": ["tram-extension-budget-approved"],
        "body": [
            (
                "paragraph",
                (
                    "<p>Last spring I asked the council a simple question: how much was it paying "
                    "the contractor that repaints the railings along the Strand? The answer took "
                    "eleven weeks, three emails and a freedom of information request to arrive, "
                    "and when it came, half the figures had been blacked out on grounds of "
                    "'commercial sensitivity'. The railings, I should add, are still peeling. I am "
                    "not accusing anyone of anything. I am pointing out that I cannot tell.</p>"
                ),
            ),
            (
                "paragraph",
                (
                    "<p>At present the council publishes contracts worth more than £25,000 on a "
                    "procurement portal that is, charitably, hard to use. Anything below that "
                    "threshold appears only as a line in a quarterly spending spreadsheet, with a "
                    "supplier's name and an amount but no description of the work. That is where "
                    "most of the city's small, everyday spending lives: the grass cutting, the "
                    "signage, the consultancy days, the sandwiches for meetings about other "
                    "meetings.</p>"
                ),
            ),
            ("heading", "What 'publish everything' would mean"),
            (
                "paragraph",
                (
                    "<p>My proposal is blunt. Every contract, purchase order and variation the "
                    "council signs, whatever its value, should be published in full within 30 "
                    "days, in a searchable form, with the documents attached. Genuine trade "
                    "secrets, such as a supplier's pricing formula, can be redacted, but each "
                    "redaction should carry a short written reason and the name of the officer who "
                    "approved it. Sunlight, in other words, with a paper trail.</p>"
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "Several local authorities that moved to publishing all contracts by "
                        "default reported an initial rise in queries from residents and "
                        "journalists, followed by a fall in formal information requests once the "
                        "documents were routinely available."
                    ),
                    "source_name": "Meridian Press Agency",
                    "source_url": "",
                },
            ),
            (
                "paragraph",
                (
                    "<p>The objection I hear most often from officers is cost. Publishing "
                    "everything, they say, would mean hiring staff to check and redact documents. "
                    "Perhaps. But the council already employs people to answer information "
                    "requests one at a time, slowly and reluctantly. Publishing by default moves "
                    "that work to the start of the process rather than the end, and it means a "
                    "question asked once does not have to be answered forty times.</p>"
                ),
            ),
            (
                "paragraph",
                (
                    "<p>There is a simpler argument, too. This is our money. A resident paying "
                    "council tax in Linnet Fields has as much right to know what the grass-cutting "
                    "contract says as the company that signed it. When the council declines to "
                    "show its working, it invites precisely the suspicion it then complains about, "
                    "and it makes honest officers look as if they have something to hide.</p>"
                ),
            ),
            (
                "paragraph",
                (
                    "<p>Councillors will be asked to approve a new procurement strategy next "
                    "month. It is a dull document, and it will pass without much fuss unless "
                    "somebody makes a fuss. Consider this a fuss. Publish everything, explain "
                    "every redaction, and let the people who pay for the railings see exactly what "
                    "they bought.</p>"
                ),
            ),
        ],
    },
    {
        "slug": "kellow-hill-tram-worth-the-wait",
        "category": "opinion",
        "author": "rhodri-penhale",
        "title": "The tram to Kellow Hill is worth the wait, but not at any price",
        "standfirst": (
            "Extending Line 2 up the hill could change how half the city gets to work. First the "
            "council has to show it can build the thing without the budget running away down the "
            "slope."
        ),
        "days_ago": 6,
        "scheduled_in_days": None,
        "tags": ["transport", "tram", "council budget"],
        "related": ["tram-ridership-figures"],
        "body": [
            (
                "paragraph",
                (
                    "<p>Anyone who has waited for the 7 bus at the foot of Kellow Hill in the rain "
                    "knows why the tram extension matters. The hill is home to nearly a fifth of "
                    "the city, two secondary schools and the infirmary's outpatient wing, and it "
                    "is served by buses that crawl up a single road and arrive in threes. Line 2 "
                    "already runs from the harbour to Northgate. Carrying it up the hill would "
                    "link the city's most crowded district to its busiest workplaces.</p>"
                ),
            ),
            (
                "paragraph",
                (
                    "<p>I have supported the extension since it was first drawn on a map, which "
                    "was, depressingly, in 2009. I still do. But I have also watched the estimated "
                    "cost rise from £31m to £48m in four years, and I have noticed that each "
                    "revision arrives with a cheerful press release and a slightly smaller map.</p>"
                ),
            ),
            (
                "figure",
                {
                    "alt_text": "Abstract illustration of green squares arranged on a loose grid",
                    "caption": (
                        "The proposed route would add four stops between Harbour Halt and Kellow "
                        "Top."
                    ),
                    "credit": "Illustration: The Rejoinder",
                    "hue": 140,
                    "motif": "grid",
                },
            ),
            (
                "paragraph",
                (
                    "<p>The council's answer is that construction costs have risen everywhere, "
                    "which is true, and that the hill presents engineering challenges, which is "
                    "also true and was equally true in 2009. What it has not yet published is a "
                    "risk budget: an honest estimate of what could go wrong, how much each problem "
                    "might cost, and who pays if it does. Without one, the £48m figure is less a "
                    "budget than a hope.</p>"
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "Light-rail schemes in mid-sized cities frequently exceed their initial "
                        "budgets, with cost growth most often linked to utility diversions, land "
                        "purchases and design changes made after construction has begun."
                    ),
                    "source_name": "Meridian Press Agency",
                    "source_url": (
                        "https://wire.meridian-press.example/stories/light-rail-cost-growth"
                    ),
                },
            ),
            (
                "paragraph",
                (
                    "<p>None of this is an argument for scrapping the line. It is an argument for "
                    "treating residents like adults. Publish the risk register. Settle the design "
                    "before the diggers arrive. Appoint someone whose name is on the budget and "
                    "who will stand up in the chamber to explain it. A tram that arrives late and "
                    "over budget will still be a good tram; a tram nobody trusts may never arrive "
                    "at all.</p>"
                ),
            ),
            (
                "paragraph",
                (
                    "<p>Kellow Hill has waited fifteen years for this line. It can wait a few more "
                    "months for a plan that adds up, written down where everyone can read it. What "
                    "it cannot afford is another decade of maps that shrink every time somebody "
                    "opens a spreadsheet, and buses that go on arriving in threes.</p>"
                ),
            ),
        ],
    },
    {
        "slug": "saltmarsh-flats-not-temporary",
        "category": "opinion",
        "author": "ines-calloway",
        "title": (
            "Stop calling the Wick Lane flats 'temporary'. People have lived there for twelve years"
        ),
        "standfirst": (
            "The prefabricated blocks in Saltmarsh were meant to last five years. They are now "
            "home to more than 300 people, and the word 'temporary' has become a way of not fixing "
            "them."
        ),
        "days_ago": 13,
        "scheduled_in_days": None,
        "tags": ["housing", "saltmarsh", "council"],
        "related": ["brayside-tenants-damp-repairs"],
        "body": [
            (
                "paragraph",
                (
                    "<p>The council built the Wick Lane flats in a hurry after the floods of 2012, "
                    "stacking factory-made units three storeys high on the old bus depot site in "
                    "Saltmarsh. They were, everyone agreed, a stopgap: five years, perhaps seven, "
                    "until something permanent could be built. Twelve years later the stopgap has "
                    "a residents' association, a community garden, a primary school catchment and "
                    "a damp problem for which nobody seems to be responsible.</p>"
                ),
            ),
            ("heading", "A word that became a policy"),
            (
                "paragraph",
                (
                    "<p>The word doing the damage is 'temporary'. Because the blocks are "
                    "temporary, the council argues, it would be poor value to replace their "
                    "windows. Because they are temporary, they sit outside the main repairs "
                    "programme. Because they are temporary, tenants are offered 'interim' "
                    "tenancies that give them fewer rights than their neighbours across the road. "
                    "The word has become a policy, and the policy is to wait.</p>"
                ),
            ),
            (
                "figure",
                {
                    "alt_text": (
                        "Abstract illustration of orange and brown vertical bars of uneven height"
                    ),
                    "caption": "Wick Lane's three blocks were designed to last five years.",
                    "credit": "Illustration: The Rejoinder",
                    "hue": 28,
                    "motif": "bars",
                },
            ),
            (
                "paragraph",
                (
                    "<p>I spent an afternoon there last month with a tenant I will call Amira, who "
                    "has raised two children in a second-floor flat whose bedroom wall grows a "
                    "grey bloom every November. She has reported it nine times. Each time, she "
                    "says, an inspector has agreed that the damp is real and then explained that "
                    "major works are 'not viable given the expected lifespan of the building'. Her "
                    "children are now eleven and fourteen.</p>"
                ),
            ),
            (
                "paragraph",
                (
                    "<p>There are two honest options. The council can replace the blocks with "
                    "permanent homes, on a timetable that it publishes and then keeps. Or it can "
                    "accept that they are permanent in all but name and bring them up to the "
                    "standard any other council home must meet. What it cannot honestly do is keep "
                    "choosing neither and calling that prudence.</p>"
                ),
            ),
            (
                "paragraph",
                (
                    "<p>It is worth saying that the people of Wick Lane have done everything asked "
                    "of them. They have paid their rent, planted their garden, filled in the forms "
                    "and turned up to the meetings. The least the city can do in return is stop "
                    "describing their homes as if they were somewhere people are merely passing "
                    "through.</p>"
                ),
            ),
        ],
    },
    {
        "slug": "tram-extension-budget-approved",
        "category": "news",
        "author": "tess-marwood",
        "title": "Council approves £48m Kellow Hill tram extension after five-hour debate",
        "standfirst": (
            "Councillors voted 31 to 19 to fund the Line 2 extension, with work due to begin next "
            "spring. Opposition members said the budget left too little room for things going "
            "wrong."
        ),
        "days_ago": 3,
        "scheduled_in_days": None,
        "tags": ["transport", "tram", "council budget"],
        "related": ["kellow-hill-tram-worth-the-wait", "tram-ridership-figures"],
        "body": [
            (
                "paragraph",
                (
                    "<p>Port Aldry City Council has approved £48m for the extension of the Line 2 "
                    "tram to Kellow Hill, ending more than a decade of stop-start planning. The "
                    "vote, taken shortly before midnight on Tuesday after a five-hour debate in "
                    "the council chamber, passed by 31 votes to 19. Construction is expected to "
                    "begin next spring, with the first trams running to Kellow Top in late 2027 if "
                    "the timetable holds.</p>"
                ),
            ),
            (
                "paragraph",
                (
                    "<p>The extension will add four stops and about 2.4km of track, climbing from "
                    "Harbour Halt through Fennick Cross and past the infirmary to a terminus at "
                    "Kellow Top. The council says the line will cut the peak-time journey from the "
                    "top of the hill to the city centre from around 28 minutes by bus to 11 "
                    "minutes by tram.</p>"
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "The council's cabinet member for transport, Cllr Ruth Ellery, told the "
                        "meeting the scheme was the most important investment in the city's "
                        "transport network in a generation, and promised quarterly public updates "
                        "on spending."
                    ),
                    "source_name": "Meridian Press Agency",
                    "source_url": (
                        "https://wire.meridian-press.example/stories/port-aldry-tram-vote"
                    ),
                },
            ),
            (
                "paragraph",
                (
                    "<p>Opposition councillors argued that the budget's contingency, set at 8 per "
                    "cent, was too thin for a route that must cross a busy junction and climb a "
                    "steep gradient. Cllr Darius Whitlow, who leads the opposition group, said "
                    "members had been 'asked to sign a blank cheque with a number already written "
                    "on it'. An amendment calling for an independent review of the costs was "
                    "defeated.</p>"
                ),
            ),
            (
                "figure",
                {
                    "alt_text": "Abstract illustration of overlapping green rings",
                    "caption": (
                        "Four new stops are planned: Fennick Cross, Infirmary, Kellow Road and "
                        "Kellow Top."
                    ),
                    "credit": "Illustration: The Rejoinder",
                    "hue": 150,
                    "motif": "circles",
                },
            ),
            (
                "paragraph",
                (
                    "<p>Residents who spoke at the start of the meeting were broadly supportive, "
                    "though several raised concerns about disruption during construction. Kellow "
                    "Road will be reduced to a single lane for around nine months, and the council "
                    "has yet to publish a plan for diverted bus routes. Officers said a detailed "
                    "construction timetable would be shared with residents 'well before' work "
                    "begins.</p>"
                ),
            ),
            (
                "paragraph",
                (
                    "<p>The council will borrow around £30m of the cost, with the remainder coming "
                    "from a regional transport grant and from developer contributions tied to new "
                    "housing on the former gasworks site in Fennick. Repayments on the borrowing "
                    "are expected to cost about £1.9m a year over 25 years, which officers said "
                    "could be met from fare income and existing transport budgets.</p>"
                ),
            ),
        ],
    },
    {
        "slug": "harbour-dredging-spring",
        "category": "news",
        "author": "owen-trask",
        "title": (
            "Harbour Trust to dredge main channel in spring after ships turned away at low tide"
        ),
        "standfirst": (
            "Two cargo vessels have had to wait offshore for the tide this year. The Trust says a "
            "£6.2m dredging programme will restore the channel's depth by summer."
        ),
        "days_ago": 8,
        "scheduled_in_days": None,
        "tags": ["harbour", "environment", "economy"],
        "related": ["harbour-economy-shift"],
        "body": [
            (
                "paragraph",
                (
                    "<p>The Port Aldry Harbour Trust will begin dredging the harbour's main "
                    "channel in March, after a build-up of silt forced two cargo vessels to wait "
                    "offshore for the tide earlier this year. The £6.2m programme, approved by the "
                    "Trust's board on Thursday, will remove around 180,000 cubic metres of "
                    "sediment from the channel and from the approach to the eastern quay over "
                    "roughly four months.</p>"
                ),
            ),
            (
                "paragraph",
                (
                    "<p>The channel has not been fully dredged since 2011. Soundings taken in the "
                    "autumn showed that in places it had lost more than a metre of depth at low "
                    "water, leaving the eastern quay effectively tidal for ships drawing more than "
                    "five metres. Harbour staff say the problem has worsened since the storms of "
                    "two winters ago, which shifted large volumes of sand into the mouth of the "
                    "Aldwater.</p>"
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "The Trust's chief executive described the work as essential maintenance "
                        "rather than expansion, and said all dredged material would be tested "
                        "before any of it was deposited at sea."
                    ),
                    "source_name": "Meridian Press Agency",
                    "source_url": (
                        "https://wire.meridian-press.example/stories/aldry-harbour-dredging"
                    ),
                },
            ),
            (
                "paragraph",
                (
                    "<p>Environmental groups have cautiously welcomed the plan but want assurances "
                    "about where the spoil will go. The Saltmarsh Shore Group, which monitors the "
                    "mudflats north of the harbour, says some of the sediment may contain "
                    "contaminants from the old boatyards and should not be dumped at the licensed "
                    "offshore site without testing. The Trust says all material will be sampled "
                    "and that any contaminated spoil will be taken to a treatment site inland.</p>"
                ),
            ),
            (
                "figure",
                {
                    "alt_text": "Abstract illustration of layered teal waves",
                    "caption": (
                        "Dredging will concentrate on the main channel and the approach to the "
                        "eastern quay."
                    ),
                    "credit": "Illustration: The Rejoinder",
                    "hue": 185,
                    "motif": "waves",
                },
            ),
            (
                "paragraph",
                (
                    "<p>Sailing clubs and ferry operators have been told to expect short closures "
                    "of parts of the harbour while the work is under way, with notices issued at "
                    "least a week in advance. The island ferry timetable is not expected to "
                    "change. The Trust will hold a public drop-in session about the programme at "
                    "the Customs House in February.</p>"
                ),
            ),
        ],
    },
    {
        "slug": "brayside-tenants-damp-repairs",
        "category": "news",
        "author": "tess-marwood",
        "title": "Brayside tenants win full repairs after two-year fight over damp and mould",
        "standfirst": (
            "Residents of Cooper Court have secured £1.4m of repairs after a survey they paid for "
            "themselves found the block's ventilation had been faulty since it was built."
        ),
        "days_ago": 11,
        "scheduled_in_days": None,
        "tags": ["housing", "tenants"],
        "related": ["saltmarsh-flats-not-temporary", "rents-five-years"],
        "body": [
            (
                "paragraph",
                (
                    "<p>Tenants at Cooper Court in Brayside have won a commitment to full repairs "
                    "of their block after a two-year campaign over damp and mould. Harbourside "
                    "Homes, the housing association that owns the 64-flat building, confirmed this "
                    "week that it will replace the ventilation system, renew the windows on the "
                    "north face and treat mould in every affected flat, at a cost of about £1.4m. "
                    "Work is due to start in January.</p>"
                ),
            ),
            (
                "paragraph",
                (
                    "<p>The decision follows an independent survey, commissioned by the tenants' "
                    "association and paid for through a crowdfunding appeal, which found that the "
                    "extractor fans in most kitchens and bathrooms had never been connected to the "
                    "outside of the building. Moist air, the surveyor concluded, had been vented "
                    "into the cavities of the walls since the block opened in 2004.</p>"
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "Housing providers have faced growing pressure to act on damp and mould "
                        "complaints, with regulators urging landlords to treat reports as a "
                        "potential health hazard rather than a matter of tenants' lifestyles."
                    ),
                    "source_name": "Meridian Press Agency",
                    "source_url": "",
                },
            ),
            (
                "paragraph",
                (
                    "<p>Pauline Agyeman, who chairs the Cooper Court Tenants' Association, said "
                    "residents had been told for months that the condensation was caused by drying "
                    "washing indoors. 'We were told to open our windows and buy dehumidifiers,' "
                    "she said. 'It turns out the building has been breathing into its own walls "
                    "for twenty years. We're pleased, but we shouldn't have had to pay for a "
                    "survey to be believed.'</p>"
                ),
            ),
            (
                "figure",
                {
                    "alt_text": (
                        "Abstract illustration of pale violet circles on a lilac background"
                    ),
                    "caption": (
                        "Cooper Court's 64 flats will have their ventilation replaced from January."
                    ),
                    "credit": "Illustration: The Rejoinder",
                    "hue": 265,
                    "motif": "circles",
                },
            ),
            (
                "paragraph",
                (
                    "<p>Harbourside Homes apologised to residents and said it would review how it "
                    "handles reports of damp across its 3,100 homes in Port Aldry. Tenants whose "
                    "furniture, clothes or other belongings have been damaged by mould will be "
                    "able to claim compensation through a scheme to be announced next month, the "
                    "association said.</p>"
                ),
            ),
        ],
    },
    {
        "slug": "harbour-road-drop-in-sessions",
        "category": "news",
        "author": "owen-trask",
        "title": "Council to hold public sessions on closing Harbour Road at weekends",
        "standfirst": (
            "Four drop-in sessions will take place over the next fortnight after hundreds of "
            "residents wrote in about the idea. No proposal has been drawn up yet, officers stress."
        ),
        "days_ago": 0,
        "scheduled_in_days": 2,
        "tags": ["transport", "harbour", "city centre"],
        "related": ["close-harbour-road-at-weekends"],
        "body": [
            (
                "paragraph",
                (
                    "<p>Port Aldry City Council will hold four public drop-in sessions on the idea "
                    "of closing Harbour Road to private cars at weekends, after what officers "
                    "described as 'an unusually large volume of correspondence' on the subject. "
                    "The sessions, at the Customs House, Fennick Library, Saltmarsh Community "
                    "Centre and Northgate Leisure Centre, will take place over the next fortnight. "
                    "No formal proposal has yet been drawn up.</p>"
                ),
            ),
            (
                "paragraph",
                (
                    "<p>A weekend closure has been discussed on and off for years, but the idea "
                    "gained fresh attention after a column by Ines Calloway in The Rejoinder "
                    "argued for a trial lasting one summer. Since then, the council says, it has "
                    "received more than 400 emails and letters, split roughly evenly between "
                    "supporters and opponents, with many raising concerns about traffic being "
                    "pushed on to Fennick Street.</p>"
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "A council spokesperson said officers wanted to hear from as many people "
                        "as possible before any options were worked up, including traders, "
                        "disabled residents and people living on neighbouring streets."
                    ),
                    "source_name": "Meridian Press Agency",
                    "source_url": (
                        "https://wire.meridian-press.example/stories/harbour-road-drop-in-sessions"
                    ),
                },
            ),
            (
                "paragraph",
                (
                    "<p>Traders on Harbour Road remain divided. Some café and restaurant owners "
                    "say a closure would bring customers who stay longer, while businesses that "
                    "depend on people arriving by car, including a tackle shop and a hardware "
                    "store near the swing bridge, have asked for guaranteed loading and short-stay "
                    "parking at both ends of any closed section.</p>"
                ),
            ),
            ("heading", "What happens next"),
            (
                "paragraph",
                (
                    "<p>Disability groups have asked that any trial include relocated blue badge "
                    "bays and improved dropped kerbs from the first day. The council said "
                    "accessibility would be 'central' to any proposal and that it would contact "
                    "local disability organisations directly. A report summarising the sessions is "
                    "expected to go to the transport committee in the spring.</p>"
                ),
            ),
        ],
    },
    {
        "slug": "tram-ridership-figures",
        "category": "analysis",
        "author": "sunniva-hale",
        "title": "Who actually rides Port Aldry's trams? Two years of ticket data, examined",
        "standfirst": (
            "Line 2 carries more passengers than its planners predicted, but almost all of the "
            "growth has come at weekends. The data hints at what the Kellow Hill extension could "
            "change."
        ),
        "days_ago": 5,
        "scheduled_in_days": None,
        "tags": ["transport", "tram", "data"],
        "related": ["kellow-hill-tram-worth-the-wait"],
        "body": [
            (
                "paragraph",
                (
                    "<p>When Line 2 opened between the harbour and Northgate, its business case "
                    "predicted around 9,500 passenger journeys a day by its third year. "
                    "Ticket-gate data published by the council, covering the 24 months to the end "
                    "of September, shows that the line now averages just over 10,800 journeys on "
                    "weekdays and 13,200 on Saturdays. By that measure the tram is a success. The "
                    "shape of the numbers, though, tells a more complicated story.</p>"
                ),
            ),
            ("heading", "A weekend railway"),
            (
                "paragraph",
                (
                    "<p>Weekday ridership has barely moved in two years, rising by about 3 per "
                    "cent. Saturday journeys have risen by 31 per cent and Sunday journeys by 44 "
                    "per cent. The busiest stop on the network is no longer Northgate Interchange, "
                    "where commuters change for the main-line railway, but Harbour Halt, which "
                    "sits at the end of Harbour Road and serves the waterfront, the market hall "
                    "and the ferry terminal.</p>"
                ),
            ),
            (
                "figure",
                {
                    "alt_text": (
                        "Abstract illustration of amber and grey bars rising from the bottom edge"
                    ),
                    "caption": (
                        "Illustrative only: weekend journeys on Line 2 have grown far faster than "
                        "weekday ones."
                    ),
                    "credit": "Illustration: The Rejoinder",
                    "hue": 42,
                    "motif": "bars",
                },
            ),
            (
                "paragraph",
                (
                    "<p>Part of the explanation is simply where the line goes. Line 2 links the "
                    "main shopping streets with the leisure waterfront, and the rise in weekend "
                    "trips follows the opening of the market hall and the new island ferry. It "
                    "does not reach the places where most of Port Aldry's commuters live. Just 14 "
                    "per cent of weekday journeys start or end east of Fennick Cross, the part of "
                    "the city with the most jobs.</p>"
                ),
            ),
            ("heading", "What the extension might change"),
            (
                "paragraph",
                (
                    "<p>The Kellow Hill extension would bring the tram within a ten-minute walk of "
                    "around 21,000 more residents, according to council mapping. The business case "
                    "assumes that about a third of them would use it at least once a week. Figures "
                    "from the existing line suggest that is plausible but not guaranteed: take-up "
                    "on Line 2 is highest within 400 metres of a stop and falls away sharply "
                    "beyond that.</p>"
                ),
            ),
            (
                "paragraph",
                (
                    "<p>This analysis uses the council's published monthly ticket-gate totals and "
                    "its most recent population estimates by ward. Gate data counts entries rather "
                    "than people, so a passenger making a return trip is counted twice, and it "
                    "misses the small number of journeys paid for on board. The full dataset is <a "
                    'href="https://data.port-aldry.example/transport/line-2-gates">available on '
                    "the council's open data portal</a>.</p>"
                ),
            ),
        ],
    },
    {
        "slug": "rents-five-years",
        "category": "analysis",
        "author": "sunniva-hale",
        "title": "Where the rent goes: five years of lettings in Port Aldry",
        "standfirst": (
            "Advertised rents for a two-bedroom flat have risen by 38 per cent since 2019, faster "
            "than wages and faster than the regional average. The rises have not been even."
        ),
        "days_ago": 2,
        "scheduled_in_days": None,
        "tags": ["housing", "tenants", "data"],
        "related": ["brayside-tenants-damp-repairs", "saltmarsh-flats-not-temporary"],
        "body": [
            (
                "paragraph",
                (
                    "<p>The median advertised rent for a two-bedroom flat in Port Aldry was £1,045 "
                    "a month in the first half of this year, according to listings data compiled "
                    "by The Rejoinder. Five years ago it was £757. That is a rise of 38 per cent, "
                    "against growth in median full-time earnings in the city of about 24 per cent "
                    "over the same period. Put simply, renting here takes a bigger bite out of a "
                    "typical wage than it used to.</p>"
                ),
            ),
            ("heading", "The harbour effect"),
            (
                "paragraph",
                (
                    "<p>The sharpest increases have been close to the water. In Old Quay, "
                    "two-bedroom rents rose by 52 per cent, and on the Strand by 47 per cent. Both "
                    "districts have seen a growth in holiday lets, which takes homes out of the "
                    "long-term market altogether. Further inland the picture is calmer: in "
                    "Northgate and Linnet Fields, rents rose by between 25 and 29 per cent, much "
                    "closer to the pace of earnings.</p>"
                ),
            ),
            (
                "figure",
                {
                    "alt_text": "Abstract illustration of red and grey vertical bars",
                    "caption": "Rent rises were steepest in the districts nearest the harbour.",
                    "credit": "Illustration: The Rejoinder",
                    "hue": 2,
                    "motif": "bars",
                },
            ),
            (
                "paragraph",
                (
                    "<p>Brayside is the outlier. Rents there rose by just 18 per cent, the "
                    "smallest increase in the city. Letting agents put this down partly to the "
                    "condition of the housing, much of it built in the 1970s and early 2000s, and "
                    "partly to the district's distance from the tram. Tenants' groups point out "
                    "that cheaper rent has not meant better homes, citing the recent dispute over "
                    "damp at Cooper Court.</p>"
                ),
            ),
            (
                "paragraph",
                (
                    "<p>Social housing has sheltered some residents from these rises, but not "
                    "many. Around 17 per cent of households in Port Aldry rent from the council or "
                    "a housing association, and the waiting list has grown from about 4,100 "
                    "households in 2019 to 5,600 today. The average wait for a family-sized home "
                    "is now a little over four years, according to the council's own figures.</p>"
                ),
            ),
            (
                "paragraph",
                (
                    "<p>Our figures come from around 23,000 rental listings advertised between "
                    "2019 and this summer and collected from public property websites, with "
                    "duplicates removed. Advertised rents are not the same as rents actually paid, "
                    "and they tend to overstate what sitting tenants pay. Earnings figures come "
                    "from the national annual survey of hours and earnings. The district "
                    "boundaries used are the council's own.</p>"
                ),
            ),
        ],
    },
    {
        "slug": "harbour-economy-shift",
        "category": "analysis",
        "author": "owen-trask",
        "title": "Fewer trawlers, more ferries: how Aldry Harbour earns its living has changed",
        "standfirst": (
            "Fish landings at Port Aldry have halved in fifteen years. Passenger traffic and "
            "marine services have more than filled the gap, but the jobs they bring look very "
            "different."
        ),
        "days_ago": 16,
        "scheduled_in_days": None,
        "tags": ["harbour", "economy", "data"],
        "related": ["harbour-dredging-spring"],
        "body": [
            (
                "paragraph",
                (
                    "<p>In 2009, boats landing at Aldry Harbour brought in about 7,400 tonnes of "
                    "fish and shellfish. Last year the figure was 3,550. Over the same period, "
                    "passenger numbers on the harbour's ferries rose from roughly 210,000 a year "
                    "to more than 480,000, and the number of marine engineering and boat repair "
                    "firms registered in the harbour area grew from 11 to 27. The harbour is "
                    "busier than it has been for decades. It is simply busy with different "
                    "things.</p>"
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "Fishing ports of a similar size have seen landings fall over the past two "
                        "decades as fleets consolidate and quotas change, while many have turned "
                        "to tourism, offshore energy support and leisure boating to fill the gap."
                    ),
                    "source_name": "Meridian Press Agency",
                    "source_url": (
                        "https://wire.meridian-press.example/stories/fishing-ports-diversify"
                    ),
                },
            ),
            ("heading", "Different work, different wages"),
            (
                "paragraph",
                (
                    "<p>The change matters because the jobs are not interchangeable. Harbour Trust "
                    "figures show that the number of people working directly in fishing and fish "
                    "processing has fallen from around 620 to 280. Ferry, marine services and "
                    "hospitality jobs in the harbour area have risen by more than that, but a "
                    "larger share of them are seasonal or part-time. Average pay in marine "
                    "engineering is higher than it was in fishing; average pay in waterfront "
                    "hospitality is lower.</p>"
                ),
            ),
            (
                "figure",
                {
                    "alt_text": "Abstract illustration of deep blue waves with paler crests",
                    "caption": (
                        "Passenger numbers on the harbour's ferries have more than doubled since "
                        "2009."
                    ),
                    "credit": "Illustration: The Rejoinder",
                    "hue": 222,
                    "motif": "waves",
                },
            ),
            (
                "paragraph",
                (
                    "<p>The fish market on Harbour Road still trades six days a week, but more "
                    "than half of what is sold there now arrives by lorry from other ports. "
                    "Merchants say local boats increasingly sell straight to restaurants or land "
                    "their catch elsewhere for a better price. The Trust's own strategy, published "
                    "last year, describes fishing as 'part of the harbour's identity' while "
                    "forecasting that it will go on shrinking.</p>"
                ),
            ),
            (
                "paragraph",
                (
                    "<p>What happens next depends partly on decisions already being made. The "
                    "spring dredging programme will allow larger vessels to use the eastern quay "
                    "at all states of the tide, which the Trust hopes will attract maintenance "
                    "work for offshore wind farms. And any change to traffic on Harbour Road would "
                    "fall on the waterfront businesses that now employ more people than the boats "
                    "do.</p>"
                ),
            ),
            (
                "paragraph",
                (
                    "<p>This analysis draws on landings statistics from the national marine "
                    "authority, Harbour Trust annual reports from 2009 to last year, and company "
                    "registration data for the harbour postcode area. Ferry passenger numbers are "
                    "the operators' own figures as reported to the Trust. Some categories of "
                    "employment were redefined in 2016, so comparisons across that year should be "
                    "treated with caution.</p>"
                ),
            ),
        ],
    },
]
