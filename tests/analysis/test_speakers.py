"""Who said it, on texts written here: one case per class of attribution error the issue lists
(each seen on real pages, none one article's quirk), negatives included. Expected items are
(words of the quote, speaker, how the speaker was found); `None` for a speaker nobody gives."""

from __future__ import annotations

import pytest

from newsparallax.analysis.nlp import parse_articles
from newsparallax.pipeline import analyse, compare
from newsparallax.reading.text import article_from_text


def speakers(nlp, text: str) -> dict[str, tuple[str | None, str, str | None]]:
    """Quoted words (a statement's quoted words too) -> (speaker, how, confidence)."""
    article = article_from_text(text, "t")
    doc = next(parse_articles(nlp, [article]))
    quotes, _ = analyse(article, doc)
    found = {}
    for q in quotes:
        for words in (q, *q.quoted) if q.kind != "indirect" else q.quoted:
            found[words.text] = (q.speaker, q.how, q.confidence)
    return found


MET = "Mayor Ana Ruiz and club captain Nora Vint met on Monday.\n\n"

CASES = {
    # 1. A role noun goes to the person the article says holds that role, not the last named.
    "a role noun goes to its holder": (
        "Former Mayor Ines Calder has fought the dam for a decade.\n\n"
        "Ravi Menon, a political consultant for the developers, called the campaign a detour.\n\n"
        "“The river is not for sale,” the former mayor argued.",
        "The river is not for sale,",
        ("Ines Calder", "role"),
    ),
    "a role nobody holds stays unresolved": (
        "Ravi Menon, a political consultant for the developers, spoke first.\n\n"
        "“The river is not for sale,” the former mayor argued.",
        "The river is not for sale,",
        ("the former mayor", "description"),
    ),
    # 2. The role noun that comes first is the person named later.
    "a forward reference by apposition": (
        "The trade envoy to Chile quit on Friday.\n\n"
        "“These tariffs are reckless,” the envoy said.\n\n"
        "The envoy, Mara Quist, had warned for months that prices would rise.",
        "These tariffs are reckless,",
        ("Mara Quist", "role"),
    ),
    "a forward reference by title": (
        "The trade envoy to Chile quit on Friday.\n\n"
        "“These tariffs are reckless,” the envoy said.\n\n"
        "Trade Envoy Mara Quist had warned for months that prices would rise.",
        "These tariffs are reckless,",
        ("Mara Quist", "role"),
    ),
    "a role noun with the name beside it": (
        "The leader of the ferry union, Tomas Brandt, spoke after the vote.\n\n"
        "Dana Hale, the harbour master, said little.\n\n"
        "The leader of the ferry union, Tomas Brandt, said the strike “will go on.”",
        "will go on.",
        ("Tomas Brandt", "name"),
    ),
    # 3. A spokesperson keeps speaking; the quote does not jump back to a named person.
    "a spokesperson keeps speaking": (
        "Union leader Jo Grady said pay had fallen for a decade.\n\n"
        "But a spokesperson for the employers' association said wages had risen.\n\n"
        "“We have met the union more than halfway,” he said.",
        "We have met the union more than halfway,",
        ("a spokesperson for the employers' association", "description"),
    ),
    "a named person after the spokesperson speaks for themselves": (
        "A spokesperson for the employers' association said wages had risen.\n\n"
        "Union leader Jo Grady disagreed.\n\n"
        "“Pay has fallen for a decade,” she said.",
        "Pay has fallen for a decade,",
        ("Jo Grady", "pronoun"),
    ),
    # 4. Headline quotes, by the headline's own pattern or the body's quote of the same words.
    "a says-clause after a headline quote": (
        "'Nobody wins a price war': Ortiz says fares will hold\n\n"
        "Transit chief Elena Ortiz said on Monday that fares would not rise this year.",
        "Nobody wins a price war",
        ("Elena Ortiz", "name"),
    ),
    "a name and a colon opening the headline": (
        "Ortiz: 'Not the right time' for a fare rise\n\n"
        "Transit chief Elena Ortiz said a rise was not on the table.",
        "Not the right time",
        ("Elena Ortiz", "name"),
    ),
    "a headline quote the body quotes whole": (
        "Fares frozen as city calls rise 'not the right time'\n\n"
        "The city froze bus fares on Monday.\n\n"
        "“It is not the right time to ask riders for more,” Transit chief Elena Ortiz said.",
        "not the right time",
        ("Elena Ortiz", "headline"),
    ),
    "a headline's says-clause speaks for its subject, not for what it says of a place": (
        "Ortiz brushes off Hale call for calm in the port, says Peru 'determined to continue'\n\n"
        "Mayor Lena Ortiz on Wednesday rejected the call from Governor Tom Hale.",
        "determined to continue",
        ("Lena Ortiz", "name"),
    ),
    "a group called by its name is that organisation": (
        "A group called Nurses for Safe Wards wrote to the hospital board on Monday, saying the"
        " night shift was “dangerously thin.”",
        "dangerously thin.",
        ("Nurses for Safe Wards", "name"),
    ),
    "a group named once, then by what its members are": (
        "A group called Nurses for Safe Wards wrote to the hospital board on Monday.\n\n“We"
        " cannot staff a night shift with two people,” the nurses group wrote.",
        "We cannot staff a night shift with two people,",
        ("Nurses for Safe Wards", "role"),
    ),
    # 5. Coordinated and listed speakers: all of them, as a group, not the first alone.
    "coordinated speakers": (
        "The Pilots' Guild and other unions warned of a “total shutdown” on Friday.",
        "total shutdown",
        ("The Pilots' Guild and other unions", "group"),
    ),
    "listed speakers": (
        "The guild, the port authority, the dockers' union and the ferry operators said the "
        "deal was “the best we could get.”",
        "the best we could get.",
        ("The guild, the port authority, the dockers' union and the ferry operators", "group"),
    ),
    # 6. Scare quotes in the reporter's predicate are the subject's words.
    "quoted words in what a judging verb says": (
        "Governor Ana Ruiz dismissed the protests as noisy and “part of the job.”",
        "part of the job.",
        ("Ana Ruiz", "name"),
    ),
    # 9. One entity, several voices; a campaign is not the candidate.
    "a surname and an honorific are the full name": (
        "Michael R. Bloomberg spoke in Denver.\n\n“We will win this,” Mr. Bloomberg said.",
        "We will win this,",
        ("Michael R. Bloomberg", "name"),
    ),
    "a title and a surname after the full name": (
        "President Donald Trump flew to Ohio.\n\n“We love Ohio,” Trump declared.",
        "We love Ohio,",
        ("Donald Trump", "name"),
    ),
    "a surname-first name used short": (
        "Lee Jae-myung leads the opposition.\n\n“This is a betrayal,” Lee said.",
        "This is a betrayal,",
        ("Lee Jae-myung", "name"),
    ),
    "a short first name with the same surname": (
        "Geoffrey Hale runs the ferry company.\n\n“Fares will hold,” Geoff Hale said.",
        "Fares will hold,",
        ("Geoffrey Hale", "name"),
    ),
    "a campaign is not its candidate": (
        "Michael Bloomberg spoke in Denver.\n\n"
        "“The poll is wrong,” the Bloomberg campaign said in a statement.",
        "The poll is wrong,",
        ("Bloomberg campaign", "name"),
    ),
    "an acronym given in brackets is the organisation": (
        "The Ministry of Health and Climate Resilience (MHCR) closed two clinics.\n\n"
        "“The clinics were unsafe,” MHCR said.",
        "The clinics were unsafe,",
        ("Ministry of Health and Climate Resilience", "name"),
    ),
    "a company without its legal form": (
        "Microsoft Corp reported record sales.\n\n“Demand is strong,” Microsoft said.",
        "Demand is strong,",
        ("Microsoft Corp", "name"),
    ),
    # The frequent errors on annotated news.
    "a quote over two paragraphs keeps its speaker": (
        "Harbour master Dana Hale spoke after the storm.\n\n"
        "“The pier held, but the sea wall did not.\n\n"
        "“We will need a new one before winter.”",
        "We will need a new one before winter.",
        ("Dana Hale", "continuation"),
    ),
    "a quoted paragraph after a paragraph about the speaker": (
        "Harbour master Dana Hale has run the port for twenty years. She defended the repairs.\n\n"
        "“The pier held. The sea wall did not.”",
        "The pier held. The sea wall did not.",
        ("Dana Hale", "context"),
    ),
    "a pronoun is no newspaper": (
        "Dana Hale wrote to the Riverton Ledger on Monday.\n\n“The pier held,” she wrote.",
        "The pier held,",
        ("Dana Hale", "pronoun"),
    ),
    "a speaker after a long title": (
        "The Rovers lost again on Saturday.\n\n"
        "“We were second best all afternoon,” said Rovers head coach Tom Aldous.",
        "We were second best all afternoon,",
        ("Tom Aldous", "name"),
    ),
    "a relative clause's verb is not the cue": (
        "Sara Lind, who ran the shelter for years, said the council has “abandoned the homeless.”",
        "abandoned the homeless.",
        ("Sara Lind", "name"),
    ),
    "a statement as the subject": (
        "The harbour board said in a statement on Monday that the pier would reopen.\n\n"
        "“Safety comes first,” the statement said.",
        "Safety comes first,",
        ("The harbour board", "document"),
    ),
    "a chain of titles after a name leads to the name it ends on": (
        "Senator Lena Park spoke first.\n\n“Debate recap,” tweeted Park spokesman Omar Reyes.",
        "Debate recap,",
        ("Omar Reyes", "name"),
    ),
    "an abbreviated title the tagger cuts from its name": (
        "“We are not changing our plans,” said Harbour Police spokesman Lt. Ana Ruiz.",
        "We are not changing our plans,",
        ("Ana Ruiz", "name"),
    ),
    "a name before its title is no speaker when the title leads on": (
        "“What does that mean?” asked Channel 9 moderator Dana Hale.",
        "What does that mean?",
        ("Dana Hale", "name"),
    ),
    "words 'as X reported' are X's telling": (
        "One witness, Ana Ruiz, described hiding and “cowering with her granddaughter,” as "
        "the Courier's Dana Hale reported.",
        "cowering with her granddaughter,",
        ("Dana Hale", "name"),
    ),
    "a statement someone issued speaks for them": (
        "The Harbour Board issued a statement warning that “the pier is unsafe.”",
        "the pier is unsafe.",
        ("Harbour Board", "document"),
    ),
    "two nouns under one article are one person": (
        "Rose Lane spoke on Monday.\n\n“It was a cult,” the actor and activist said.",
        "It was a cult,",
        ("Rose Lane", "role"),
    ),
    "a report speaks for who issued it": (
        "A report by the Harbour Workers Union described the “alarming rise of night shifts”.",
        "alarming rise of night shifts",
        ("Harbour Workers Union", "document"),
    ),
    "a report the next sentence says who wrote speaks for them": (
        "Dock workers are being treated as second-class staff, says a report highlighting the"
        " “alarming rise of night shifts” at the port.\nThe report by the Harbour Workers Union"
        " claims the port has cut pay.",
        "alarming rise of night shifts",
        ("Harbour Workers Union", "document"),
    ),
    "not a report the next sentence gives no author": (
        "Dock workers are being treated as second-class staff, says a report highlighting the"
        " “alarming rise of night shifts” at the port.\nThe report was leaked to the Ledger"
        " by the Harbour Workers Union.",
        "alarming rise of night shifts",
        (None, "none"),
    ),
    "a letter speaks for who signed it": (
        "“We write with urgency,” said the letter signed by Dana Hale.",
        "We write with urgency,",
        ("Dana Hale", "document"),
    ),
    "a short form after a comma names the organisation": (
        "The doctors, members of Physicians for Open Clinics, POC, wrote to the board.\n\n"
        "“We implore you to act,” POC said.",
        "We implore you to act,",
        ("Physicians for Open Clinics", "name"),
    ),
    "a name two people share goes to the one named last": (
        "Ana Ruiz and her brother Tomas Ruiz run the ferry.\n\n"
        "Tomas Ruiz spoke first.\n\n“We will keep the fares,” Ruiz said.",
        "We will keep the fares,",
        ("Tomas Ruiz", "name"),
    ),
    "a bare organisation noun goes to the organisation of late, not an old namesake": (
        "The Riverton Fish Company said on Monday that prices went up in May.\n\nWhole Foods has"
        " been a pioneer in seafood marketing since 1999. Whole Foods saw that early. Whole Foods"
        " has been careful to keep its name. New signs in the stores appeared this month.\n\nAt"
        " the same time, the company claims its deals have saved customers “hundreds of millions"
        " of dollars” this year.",
        "hundreds of millions of dollars",
        ("Whole Foods", "role"),
    ),
    "someone described before they are named is the one the next sentence names": (
        "A recently retired port official said on Monday that the port was “never safe” for"
        " tankers.\n\nTomas Ruiz told the Ledger that the channel was too shallow.",
        "never safe",
        ("Tomas Ruiz", "role"),
    ),
    "a party's member described before they are named": (
        "The No. 2 Democrat in the state Senate on Monday said the governor was “wrecking the"
        " budget” with his tax cuts.\n\nSenator Rosa Vela, a former teacher, attacked him in a"
        " speech.",
        "wrecking the budget",
        ("Rosa Vela", "role"),
    ),
    "a party's member after the story named them is them": (
        "Senator Rosa Vela spoke in Fresno on Friday about the budget.\n\nThe California"
        " Democrat said the cuts were “killing jobs.” She added that she would vote no.",
        "killing jobs.",
        ("Rosa Vela", "role"),
    ),
    "a party's members are a group, not someone the next sentence names": (
        "The Democrats in the state Senate on Monday said the governor was “wrecking the"
        " budget” with his tax cuts.\n\nSenator Rosa Vela, a former teacher, attacked him in a"
        " speech.",
        "wrecking the budget",
        ("The Democrats in the state Senate", "group"),
    ),
    "a headline's second quote goes with its first": (
        "Governor ‘wrecking’ budget with ‘fantasy’ tax cuts -key state Democrat\n\nThe No. 2"
        " Democrat in the state Senate on Monday said the governor was “wrecking the budget”"
        " with his tax cuts.\n\nSenator Rosa Vela, a former teacher, attacked him in a"
        " speech. “These are fantasy tax cuts,” she said.",
        "fantasy",
        ("Rosa Vela", "headline"),
    ),
    "not when the next sentence's subject was named before": (
        "Tomas Ruiz runs the ferry.\n\nA recently retired port official said on Monday that the"
        " port was “never safe” for tankers.\n\nRuiz told the Ledger that the channel was too"
        " shallow.",
        "never safe",
        ("A recently retired port official", "description"),
    ),
    "a sentence opening on 'As for X,' is about X": (
        "Mayor Carlos Ruiz and Judge Tomas Park met on Monday.\n\nRuiz warned against the plan,"
        " and he spoke for an hour.\n\nAs for Park, he said he is “not worried” at all.",
        "not worried",
        ("Tomas Park", "pronoun"),
    ),
    "a name between a relative pronoun and its verb is who spoke": (
        "Senator Glenn Marsh spoke on Wednesday about the strategist Steve Bannock.\n\nMuch of"
        " Marsh’s anger was also directed at Bannock, who Marsh on Wednesday called “a dishonest,"
        " dangerous man.”",
        "a dishonest, dangerous man.",
        ("Glenn Marsh", "name"),
    ),
    "not a name in a phrase between the relative pronoun and its verb": (
        "Councillor Rita Moss, who, after trading insults with Mr. Hale over the budget, said on"
        " the radio that the council had become “an echo chamber.”",
        "an echo chamber.",
        ("Rita Moss", "name"),
    ),
    "a name apposed to a subject the parser found inside the quote": (
        "Senator Glenn Marsh met the reporter Matthew Doyle on Monday.\n\n“Very good reporter,"
        " very good reporter this guy,” Marsh, the 2016 Senate frontrunner statewide and current"
        " polling leader in Ohio by a wide margin after winning the primary, said when Doyle"
        " asked him a question.",
        "Very good reporter, very good reporter this guy,",
        ("Glenn Marsh", "name"),
    ),
    "a subject the parser ran over a full stop is the one after it": (
        "Voters say only a strong candidate can carry the district.\n\nFor many here, that"
        " candidate is Trump. 67-year-old Tom Reyes, a lifelong Democrat who voted for Carter and"
        ' Obama, said that given the field this year:\n\n"There is only one: Trump. He pays his'
        ' own way."',
        "There is only one: Trump. He pays his own way.",
        ("Tom Reyes", "name"),
    ),
    "a name before another is no title of it": (
        "Senator Bernie Sanders and Donald Trump toured the plant in Ohio on Monday.\n\nTrump and"
        " Sanders often blame “bad trade deals” for the jobs the town lost.",
        "bad trade deals",
        ("Trump and Sanders", "group"),
    ),
    "'who' after a name's apposition is the person, not the organisation in it": (
        "Tenants marched on City Hall on Monday.\n\n“We will not back down,” said Councillor Ana"
        " Ruiz of Fresno, a co-chair of the Tenants Union Caucus, who sent a letter to Mr. Hale"
        " criticizing the “reckless” sales.",
        "reckless",
        ("Ana Ruiz", "name"),
    ),
    "a 'who' hung on a person noun stays with it": (
        "The hearing follows the testimony Tuesday of four officials, including a career Army"
        " officer who described the call as “improper.”\n\nLt. Col. Dana Reyes told lawmakers"
        " it was her “duty” to report the call.",
        "improper.",
        ("Dana Reyes", "role"),
    ),
    "a 'who' hung on an organisation's member is that member": (
        "A spokesman for the union, who asked not to be named, said the strike would “go on.”",
        "go on.",
        ("A spokesman for the union", "description"),
    ),
    "a headline's words describe the subject of 'be', someone else said them": (
        'Why Rita Moss Thinks Democrats Are in a "Deep Cult"\n\nRita Moss has said that Democrats'
        ' are in a "deep cult" in an appearance on the radio.',
        "Deep Cult",
        ("Rita Moss", "headline"),
    ),
    "a headline's described group is not the speaker, the body's quote is": (
        "Ex-harbor chief: city videos claimed that boat owners are ‘inherently greedy’\n\nA"
        " recently fired harbor chief claimed Monday that the city sent staff a video about boat"
        " owners.\n\nThose videos, Tom Reyes added, “taught that boat owners are inherently"
        " greedy.”",
        "inherently greedy",
        ("Tom Reyes", "headline"),
    ),
    "a surname that is also an adjective, after the cue": (
        "Councilman Marty Small spoke at the rally on Monday.\n\n“We need jobs,” said Small, who"
        " attended the rally.",
        "We need jobs,",
        ("Marty Small", "name"),
    ),
    "a surname that is also a modal, before a past tense": (
        "Columnist George Will wrote about the race on Friday.\n\nWill said the governor has “a"
        " real opening” now.",
        "a real opening",
        ("George Will", "name"),
    ),
    "a first name alone has that name's gender": (
        "Melanie watched the speech from her couch. “I would,” Melanie said to the TV.\n\n“You"
        " winning?” she asked, but Kevin was drifting off again.\n\n“It’s finished,” she said"
        " of the election.",
        "It’s finished,",
        ("Melanie", "pronoun"),
    ),
    "what the text says of a person's sex overrules their first name's": (
        "A caller who threatened Rep. Ilhan Demir was sentenced on Tuesday. Radio host Jane Pratt"
        " had mocked the congresswoman.\n\nDemir asked for mercy during Carlo's sentencing,"
        " saying she did not want a long sentence. She added, “We must teach him better.”",
        "We must teach him better.",
        ("Ilhan Demir", "pronoun"),
    ),
    "a pronoun that may be someone else's leaves a first name's sex alone": (
        "Senator Jane Pratt spoke on Monday.\n\nGovernor Ilhan Demir attacked Pratt on Tuesday,"
        " saying she was a liar. He added, “She is not fit for office.”",
        "She is not fit for office.",
        ("Ilhan Demir", "pronoun"),
    ),
    "what follows a reporting clause the parser hung on the quote goes with it": (
        "“Thank you, son,” Harper replied, before adding that she thinks “children should"
        " speak with respect.”",
        "children should speak with respect.",
        ("Harper", "name"),
    ),
    "a name opening the sentence, set off from its verb by a clause": (
        "Nell Harper, when asked specifically what about the plan is wrong, responded that the"
        " governor “is right about the problems, but his solutions don’t work.”",
        "is right about the problems, but his solutions don’t work.",
        ("Nell Harper", "name"),
    ),
    "a thing an infinitive hangs from says nothing": (
        "On Monday, Lajos Kiss, the leader of the governing party, invoked the attacks as a"
        " cudgel to repeat that migrants are “a threat to Europe.”",
        "a threat to Europe.",
        ("Lajos Kiss", "name"),
    ),
    "a thing a preposition hangs from says nothing": (
        "Adm. Lena Ortiz, who leads the Pacific fleet, makes no apologies for accusing the"
        " neighbours of “militarizing” the strait.",
        "militarizing",
        ("Lena Ortiz", "name"),
    ),
    "a participle set off by a dash is what the sentence's subject did": (
        "Council Chair Nora Vance dismissed Mayor Tom Hale’s accusations that the council is"
        " violating state law — saying, “The mayor chose not to accept the same help.”",
        "The mayor chose not to accept the same help.",
        ("Nora Vance", "name"),
    ),
    "the one booed, not those booing, told them": (
        "Comedian Rita Moss was booed and shouted down by the mayor’s supporters after telling"
        " them that they were “being ridiculous.”",
        "being ridiculous.",
        ("Rita Moss", "name"),
    ),
    "a scoff is a way of saying": (
        "“Nobody reads the minutes,” scoffed Tina Park, 41, who founded the club in 2014.",
        "Nobody reads the minutes,",
        ("Tina Park", "name"),
    ),
    "a short sentence after an exclamation says who wrote it": (
        "“We will not back down!” Councillor Ada Brook wrote on her campaign's website on Sunday.",
        "We will not back down!",
        ("Ada Brook", "name"),
    ),
    "a sentence after an exclamation that says more is no attribution": (
        "“We will not back down!” The chant filled the hall as Councillor Ada Brook arrived on"
        " Sunday.",
        "We will not back down!",
        (None, "none"),
    ),
    "what someone said upon saying it": (
        "Nina Cole, a longtime union organiser, drew jeers from the crowd upon saying, “The"
        " strike is over.”",
        "The strike is over.",
        ("Nina Cole", "name"),
    ),
    "a remark a pronoun owns is its owner's": (
        "Senator Ruth Okafor spoke in Dayton on Monday.\n\nShe stirred anger last week with her"
        " remark that “nobody in this building reads the budget anymore.”",
        "nobody in this building reads the budget anymore.",
        ("Ruth Okafor", "pronoun"),
    ),
    "'s said is has said": (
        "Mayor Tom Hale spoke on Monday.\n\nWhile he's said he will “fight to the end,” the"
        " city's lawyers disagree.",
        "fight to the end,",
        ("Tom Hale", "pronoun"),
    ),
    "a relative clause on an apposition is the named person's": (
        "“We will be there every day,” said Ana Ruiz, 32, a longtime campaign volunteer who"
        " said she planned to “keep marching until they listen.”",
        "keep marching until they listen.",
        ("Ana Ruiz", "name"),
    ),
    "a surname with a typeset apostrophe is a name": (
        "Strategist Brett O’Donnell joined the campaign in May.\n\n“It’s taxing on campaign"
        " resources,” O’Donnell said.",
        "It’s taxing on campaign resources,",
        ("Brett O'Donnell", "name"),
    ),
    "an official described by office is the office holder the story is about": (
        "Transport Secretary Lena Ortiz on Thursday defended the fare rise, after a week of"
        " protests.\n\nIn a tweet, the state's top transport official said her words had been"
        " “taken out of context.”",
        "taken out of context.",
        ("Lena Ortiz", "role"),
    ),
    "the official is the unnamed official who spoke before": (
        "Transport Secretary Lena Ortiz spoke on Thursday. A senior transport official said the"
        " talks had stalled. The official said the unions were “not serious.”",
        "not serious.",
        ("A senior transport official", "description"),
    ),
    "words an outlet relays are theirs whom it names inside them": (
        "Defense attorney Ana Ruiz asked the jury for mercy on Thursday.\nThe Calder Herald"
        " reported on her closing argument:\n\" 'There is grief here, and anger, but it goes a"
        " lot further than that,' [Ruiz] said.\"",
        "'There is grief here, and anger, but it goes a lot further than that,' [Ruiz] said.",
        ("Ana Ruiz", "name"),
    ),
    "words an outlet relays are its own when it names nobody else inside them": (
        "Defense attorney Ana Ruiz asked the jury for mercy on Thursday.\nThe Calder Herald"
        " reported on her closing argument:\n\" 'There is grief here, and anger, but it goes a"
        " lot further than that,' the paper wrote.\"",
        "'There is grief here, and anger, but it goes a lot further than that,' the paper wrote.",
        ("Calder Herald", "name"),
    ),
    "as someone put it": (
        "As Nell Harper, a law professor in Dayton, put it, “A compromise candidate today may be"
        " far better for them than the one they get in November.”",
        "A compromise candidate today may be far better for them than the one they get in"
        " November.",
        ("Nell Harper", "name"),
    ),
    "as someone pointed out": (
        "As analyst Dana Byler pointed out in December, “In the week before the convention, the"
        " delegates will have many chances to change the rule.”",
        "In the week before the convention, the delegates will have many chances to change the"
        " rule.",
        ("Dana Byler", "name"),
    ),
    "a dash line after the quote's paragraph names who said it": (
        'Senator Ruth Okafor answered her critics on Friday.\n\n"The idea that I would cut the'
        " clinic's budget is just not accurate.\"\n\n- Okafor.\n\nOkafor has voted for cuts"
        " before.",
        "The idea that I would cut the clinic's budget is just not accurate.",
        ("Ruth Okafor", "name"),
    ),
    "words someone is thanked for are the thanker's, not the last speaker's": (
        "Singer Ada Brook tweeted: “Let’s go. We can stop this.”\n\nDirector Tom Hale thanked"
        " the mayor for “stepping up when the council would not.”",
        "stepping up when the council would not.",
        ("Tom Hale", "name"),
    ),
    "the one prompted to ask asks": (
        "A gunman killed eight people at a rail yard on Wednesday, prompting the state’s"
        " governor to ask: “What is wrong with us?”",
        "What is wrong with us?",
        ("the state’s governor", "description"),
    ),
    "as someone put it, inside another's clause": (
        "Mayor Lena Ortiz, who owed her win to, as a city lawyer put it, a “total makeover”"
        " that Tom Hale oversaw, left the city.",
        "total makeover",
        ("a city lawyer", "description"),
    ),
    "as someone set off by commas put it": (
        "Or, as Tom Hale, a former police chief, put it: “The danger is no longer at the gate."
        " It is inside.”",
        "The danger is no longer at the gate. It is inside.",
        ("Tom Hale", "name"),
    ),
    "a participle before a quote the parser made the main clause": (
        "Mayor Karen Hale didn’t seem impressed with the senator’s plan on Tuesday, telling"
        " reporters, “A lot of people said the governor should step down.”",
        "A lot of people said the governor should step down.",
        ("Karen Hale", "name"),
    ),
    "a name set off after a date the parser hung it on": (
        "But in a call with reporters on Dec. 2, Col. Ana Ruiz, an army spokeswoman in Kabul,"
        " said, “A raid is a combat operation.”",
        "A raid is a combat operation.",
        ("Ana Ruiz", "name"),
    ),
    "the subject of the first verb of a list does them all": (
        "Mayor Tom Hale spoke on Monday. Hale summed up the plan as “reckless,” denounced the"
        " council and said the vote should be “held again.”",
        "held again.",
        ("Tom Hale", "name"),
    ),
    "a name opening the sentence, read as a verb": (
        "Donald Trump spoke on Monday.\n\nTrump claims he's “worth $10 billion.” Would a real"
        " billionaire be so petty?",
        "worth $10 billion.",
        ("Donald Trump", "name"),
    ),
    "the first of two surnames is the person": (
        "Mexico will replace its ambassador with Carlos Manuel Sada Solana, the consul general in"
        " Los Angeles.\n\nSada, the incoming ambassador, has served in several posts. He said the"
        " job was “a great honor.”",
        "a great honor.",
        ("Carlos Manuel Sada Solana", "pronoun"),
    ),
    "a titled surname the tagger calls an organisation is the person": (
        "Former Attorney General Michael Mukasey spoke on Monday. Former AG Mukasey said the"
        " case was “closed” for good.",
        "closed",
        ("Michael Mukasey", "name"),
    ),
    "a participle after a comma tells what the sentence's subject did": (
        "Governor Nell Harper on Monday blamed the press for inflating the claim that Senator"
        " Joel Akers “wrecked the budget,” saying reporters were “chasing clicks.”",
        "chasing clicks.",
        ("Nell Harper", "name"),
    ),
    "the main clause before a colon speaks, not a when-clause": (
        "When Akers suggested that the county would sue the state, Harper fired back"
        " forcefully: “If they sue us, they are going to lose.”",
        "If they sue us, they are going to lose.",
        ("Harper", "name"),
    ),
    "a when-clause with no colon after it speaks": (
        "Voters laughed when Harper urged them, “Look at what I promised and what I delivered.”",
        "Look at what I promised and what I delivered.",
        ("Harper", "name"),
    ),
    "the second of two joined clauses introduces the quote": (
        "The Ledger made the same claim in March, and the Harbor Times responded:\n\n“The claim"
        " was false then and it is false now.”",
        "The claim was false then and it is false now.",
        ("Harbor Times", "name"),
    ),
    "a cue between two paragraphs' quotes hands the quote to its speaker": (
        "“It is a two-way race now,” said Pia Lund, editor of the Valley Gazette.\n\nOr maybe"
        " three, strategist Omar Reyes says. “Voters are taking a second look at the mayor.”",
        "Voters are taking a second look at the mayor.",
        ("Omar Reyes", "name"),
    ),
    "a speaker after the verb, after an opening phrase": (
        "In other words, explained WXKT moderator Nina Pardo: “What does that have to do with"
        " the port?”",
        "What does that have to do with the port?",
        ("Nina Pardo", "name"),
    ),
    "a speaker after the verb, the quote in a sentence of its own": (
        "“Is the mayor running against the council?” asked Mr. Kemp, referring to the vote.",
        "Is the mayor running against the council?",
        ("Kemp", "name"),
    ),
    "a role two people hold goes to the one named last": (
        "President Ana Ruiz hosted President Omar Lind of Norland on Monday.\n\nAsked whether"
        " Mr Lind would change course, Ms Ruiz appeared calm: “I am not worried.”\n\n“Let me"
        " be clear,” the president said.",
        "Let me be clear,",
        ("Ana Ruiz", "role"),
    ),
    "a subject the parser hung on the opening phrase": (
        "In her address at the Monday rally, Nora Vance, a physician from Dayton and longtime"
        " Green Party activist, accused the council of sabotaging the Lind campaign, calling it"
        " “a rigged game.”",
        "a rigged game.",
        ("Nora Vance", "name"),
    ),
    "a name set off after a verb set off by a comma": (
        "And the mayor, said Louise Ray, who remains friendly with her former boss, “does not"
        " forgive or forget.”",
        "does not forgive or forget.",
        ("Louise Ray", "name"),
    ),
    "a surname that is also a modal, before a participle": (
        "Columnist George Will wrote on Friday.\n\nFrom the mayor’s “coarse effusion” last"
        " week to his call for a “deportation force,” Will described Akers as a “caricature of"
        " the office.”",
        "caricature of the office.",
        ("George Will", "name"),
    ),
    "a name the parser folded into a date": (
        "On that point, Juanita Marsh Sunday night recounted “a chilling meeting” with the"
        " senator.",
        "a chilling meeting",
        ("Juanita Marsh", "name"),
    ),
    "a day before the verb is no name": (
        "Gov. Rick Alder has freed up $26 million for the clinics and on Monday announced that"
        " $5 million more was “on its way.”",
        "on its way.",
        ("Rick Alder", "name"),
    ),
    "a participle after a comma, hung on a clause the sentence reports": (
        "Like Corker, Senator Lena Ruiz also rejected the notion that Democrats could"
        " legitimately pull away from the bill, arguing that there is “flexibility for the"
        " administration” in the rules.",
        "flexibility for the administration",
        ("Lena Ruiz", "name"),
    ),
    "an occasion says nothing": (
        "Omar Lind and Ana Ruiz stood face to face on Thursday.\n\nLind started out their"
        " ninth debate saying “of course” Ruiz is qualified to be governor.",
        "of course",
        ("Omar Lind", "name"),
    ),
    "a cue written twice keeps its speaker": (
        "“We are looking at every lead,” said Ruta Vale, head of the port police, said at a news"
        " conference.",
        "We are looking at every lead,",
        ("Ruta Vale", "name"),
    ),
    # Rules found on PolNeAR's training articles (stop 26), on sentences written here.
    "a subject inside the quote is not who speaks it": (
        MET + "“Like Tulsa. Or Ferguson,” Vint said.",
        "Like Tulsa. Or Ferguson,",
        ("Nora Vint", "name"),
    ),
    "a name right after the quote, set off up to the verb": (
        MET + "“We have had better seasons than this one,” club captain Nora Vint, wearing a"
        " scarf and “Go Rovers” badges, said.",
        "We have had better seasons than this one,",
        ("Nora Vint", "name"),
    ),
    "a statement released in a participle is its releaser's": (
        MET + "But Ruiz showed no sign of backing down, releasing a statement that accused the"
        " council of “a cover-up.”",
        "a cover-up.",
        ("Ana Ruiz", "document"),
    ),
    "the top clause before the colon introduces the quote": (
        MET + "Vint has since apologized for what happened: “I should not have said it. I am"
        " sorry.”",
        "I should not have said it. I am sorry.",
        ("Nora Vint", "name"),
    ),
    "an effort speaks for whoever runs it": (
        MET + "Vint's fan group Rovers United started a $50,000 radio ad campaign last month"
        " attacking Ruiz as “soft on crime.”",
        "soft on crime.",
        ("Rovers United", "name"),
    ),
    "a campaign mounted to condemn is its mounter's": (
        MET + "Since Thursday, Vint has mounted an extraordinary public campaign to condemn"
        " Ruiz for the “stadium tax.”",
        "stadium tax.",
        ("Nora Vint", "name"),
    ),
    "a name before an -ing form after about does it": (
        MET + "The panel will be asked about Nora Vint calling the stadium plan “a disgrace.”",
        "a disgrace.",
        ("Nora Vint", "name"),
    ),
    "an as-clause that goes on to what someone did reports nothing": (
        MET + "“Quiet,” Ruiz demanded, as Vint continued to interject.",
        "Quiet,",
        ("Ana Ruiz", "name"),
    ),
    "shot back": (
        MET + "“Nora wants to be a tough guy tonight,” Ruiz shot back.",
        "Nora wants to be a tough guy tonight,",
        ("Ana Ruiz", "name"),
    ),
    "the first verb of a list, hung on a later one as an adverbial": (
        MET + "Before the vote, Ruiz took a softer line on the dam, suggesting the state pay"
        " for it, was vague about the budget and distinguished herself by saying the river was"
        " “not for sale.”",
        "not for sale.",
        ("Ana Ruiz", "name"),
    ),
    "any verb closing a quote broken off at a comma": (
        MET + "“The river will always be ours,” an angry Vint retaliated.",
        "The river will always be ours,",
        ("Nora Vint", "name"),
    ),
    "a quoted paragraph after a statement is issued": (
        MET + "The Rivers Alliance issued a statement apologizing to Ruiz for the emails.\n\n"
        "“We regret the tone of our campaign and the hurt it caused.”",
        "We regret the tone of our campaign and the hurt it caused.",
        ("Rivers Alliance", "context"),
    ),
    "a sentence after the quote that only adds a participle": (
        MET + "“Is anyone surprised, really?” Ruiz remarked, alluding to the long delays that"
        " had plagued the dam project since its first budget was drawn up.",
        "Is anyone surprised, really?",
        ("Ana Ruiz", "name"),
    ),
    "a verb of a list the parser left unlabelled": (
        MET + "The Water Board repeatedly obscured facts, admitted it withheld “key files,” and"
        " delayed findings during the audit.",
        "key files,",
        ("Water Board", "name"),
    ),
    "the first verb of a list, an adverb before the second": (
        MET + "Vint jokingly offered the man a seat on the board, then says she will welcome"
        " “any advice at all” from fans.",
        "any advice at all",
        ("Nora Vint", "name"),
    ),
    "went on": (
        MET + "“You know, it happens, right?” Vint went on, as if she had not heard.",
        "You know, it happens, right?",
        ("Nora Vint", "name"),
    ),
    "a name before an -ing form after of does it": (
        MET + "The feud led to the spectacle of Nora Vint denouncing the stadium deal as “a"
        " giveaway” before the council.",
        "a giveaway",
        ("Nora Vint", "name"),
    ),
    "after a question, a sentence opening on the speaker and the verb, however long": (
        MET + "“It looks like we will not get along, who knows?” Vint told the city's"
        " biggest radio station in an interview aired on Tuesday when asked about the mayor.",
        "It looks like we will not get along, who knows?",
        ("Nora Vint", "name"),
    ),
    "a verb right after the quote, then the name": (
        MET + "“This is fantastic!” beamed Nora Vint of Riverton, Ohio, who slipped onto the"
        " field from the stands.",
        "This is fantastic!",
        ("Nora Vint", "name"),
    ),
    "a verb right after the quote, then the name and a description": (
        MET + "“A lot of fans said no, and she set out to prove them wrong,” remembered Nora"
        " Vint, the club's former captain.",
        "A lot of fans said no, and she set out to prove them wrong,",
        ("Nora Vint", "name"),
    ),
    "a long quote does not push the speaker out of sight": (
        "Tom Groberg, a veteran, backs the mayor. While he does support her, Groberg admits"
        " there is a faction of her party he does not agree with, most of all the crowd in"
        " the Bernie Sanders camp.\n\n“Nobody wants a war. Sometimes there is no other way."
        " You think you can sit down with them? No. That is not possible. I do not think"
        " anyone wants to send our young people to fight,” he said.",
        "Nobody wants a war. Sometimes there is no other way. You think you can sit down"
        " with them? No. That is not possible. I do not think anyone wants to send our"
        " young people to fight,",
        ("Tom Groberg", "pronoun"),
    ),
    "a name the tagger took for an organisation, described as a person": (
        "Republican officials are planning for a contested convention.\n\nReince Tolliver,"
        " the GOP chairman, this past week announced a website to explain the"
        " process.\n\n“It is a tool for voters to learn about delegates and rules,” he"
        " said.",
        "It is a tool for voters to learn about delegates and rules,",
        ("Reince Tolliver", "pronoun"),
    ),
    "a surname two people share, tagged an organisation: the one written about": (
        "Carla Brightwell ran the company for six years. Her husband, Frank Brightwell,"
        " stayed out of it.\n\nBy the summer, Carla Brightwell was still unsure about the"
        " merger.\n\n“It would be a fight from start to finish,” Brightwell said of the"
        " merger.",
        "It would be a fight from start to finish,",
        ("Carla Brightwell", "name"),
    ),
    "a speech someone made attacking": (
        MET + "The row is over comments Ruiz made Tuesday during a speech attacking the club as"
        " “a drain on the city.”",
        "a drain on the city.",
        ("Ana Ruiz", "document"),
    ),
    "data someone released that suggest": (
        MET + "Vint released data on Monday morning that suggest the stadium is “a money loser”"
        " for the city.",
        "a money loser",
        ("Nora Vint", "document"),
    ),
    "according to calculations by someone": (
        MET + "A ticket is “far too expensive” at $40, according to calculations by Nora Vint of"
        " the fans' trust.",
        "far too expensive",
        ("Nora Vint", "document"),
    ),
    "a response someone released": (
        MET + "Later that day, Vint released a response saying she would not back the budget and"
        " suggesting that the city should do what is best for “the fans.”",
        "the fans.",
        ("Nora Vint", "document"),
    ),
    "a participle after a scene-setting clause goes with the one who spoke": (
        MET + '"Ruiz won tonight and I was very glad to see that," Vint said during a panel on'
        " his show after the first-term mayor easily won her primary, remarking that while"
        ' there are "still some fans angry," Ruiz already "paid a price."',
        "paid a price.",
        ("Nora Vint", "name"),
    ),
}


@pytest.mark.parametrize(
    ("text", "words", "not_the_speaker"),
    [
        (  # a name after a participle is what it is about
            "Despite four days in Ohio and heavy advertising - touting the endorsement of Rep."
            " Dana Pruitt - the senator could not win over “the voters that matter.”",
            "the endorsement of Rep. Dana Pruitt",
            "Dana Pruitt",
        ),
        (  # a name in a clause after the cue's object
            "In her address at the rally, the activist accused the council of sabotaging the"
            " Joel Akers campaign.",
            "the council of sabotaging",
            "Joel Akers",
        ),
        (  # the object of an infinitive
            "The crowd cheered after a woman at one of the mayor’s rallies used a crude word to"
            " describe rival Joel Akers, a word the mayor then repeated.",
            "rival Joel Akers",
            "Joel Akers",
        ),
        (  # the object of a cue with no subject
            "Speaking in Akron, Harper, without naming him, also accused Joel Akers of being “a"
            " tourist” on labor issues.",
            "a tourist",
            "Joel Akers",
        ),
        (  # the subject of what was said, right after the cue
            "Mr. Orrin Vale, whose latest venture, Brightlog, sells maps to shippers, said Mr."
            " Akers was a builder at heart: “He is a start-up kind of guy.”",
            "He is a start-up kind of guy.",
            "Akers",
        ),
    ],
)
def test_a_name_after_the_cue_that_did_not_speak(nlp, text, words, not_the_speaker):
    article = article_from_text(text, "t")
    quotes, _ = analyse(article, next(parse_articles(nlp, [article])))
    holding = [q for q in quotes if words in q.text or any(words in w.text for w in q.quoted)]
    assert holding, [q.text for q in quotes]
    assert all(not_the_speaker not in (q.speaker or "") for q in holding)


@pytest.mark.parametrize(("text", "words", "expected"), CASES.values(), ids=CASES.keys())
def test_who_said_it(nlp, text, words, expected):
    found = speakers(nlp, text)
    assert words in found, sorted(found)
    speaker, how, _ = found[words]
    assert (speaker, how) == expected


@pytest.mark.parametrize(
    ("text", "words", "level"),
    [
        ("“We will rebuild,” Mayor Ana Ruiz said.", "We will rebuild,", "high"),
        (
            "Mayor Ana Ruiz spoke on Monday.\n\n“We will rebuild,” she said.",
            "We will rebuild,",
            "medium",
        ),
        (
            "Mayor Ana Ruiz met Judge Lena Park on Monday.\n\n“We will rebuild,” she said.",
            "We will rebuild,",
            "low",
        ),
        # A country speaks through someone it does not name.
        ("“We will continue,” Norway said on Monday.", "We will continue,", "medium"),
        # Words someone is said, by another, to have said.
        (
            "Ruiz was known for telling others “she was in charge of the port” despite being"
            " the envoy in Lisbon, said another witness, former adviser Lena Park.",
            "she was in charge of the port",
            "medium",
        ),
        # Carried over from the sentence before, which names someone else after its verb.
        (
            "Dr. Joel Akers, the agency's director, clashed with Sen. Dana Reyes on Tuesday.\n\n"
            "Reyes, who had promised to grill Akers on the subject, alleged that the lab had"
            " been funded by the agency, something that Akers strongly disputed. “With all"
            " due respect, you do not know what you are talking about.”",
            "With all due respect, you do not know what you are talking about.",
            "medium",
        ),
        (
            "Senator Dana Reyes said at the hearing that the plan was dead. “It is over.”",
            "It is over.",
            "high",
        ),
        # Words that open with a quotation of their own relay someone else's.
        (
            "The Harbor Times reported on the closing argument:\n“ ‘There is anger, certainly,’"
            " [Pruitt] said.”",
            "‘There is anger, certainly,’ [Pruitt] said.",
            "medium",
        ),
    ],
)
def test_how_sure(nlp, text, words, level):
    """A name at the cue is sure; a pronoun with one candidate asks for a check; a pronoun two
    people could be is a guess."""
    assert speakers(nlp, text)[words][2] == level


@pytest.mark.parametrize(
    ("text", "not_people"),
    [
        (
            "Aisha's Salon and Spa reopened in Ashby Falls on Monday.\n\n"
            "“We missed our clients,” owner Dana Hale said.",
            {"Aisha", "Ashby Falls"},
        ),
        (
            "Water from Harlan Reservoir fills Calder County's taps, the Calder Basin Supply "
            "Outlook says.\n\n“The reservoir is low,” district manager Dana Hale said.",
            {"Harlan Reservoir", "Calder County", "Calder Basin Supply Outlook"},
        ),
        (
            "Orchards in Millbrook, Ashby Falls and Quarry Bend went dry in June.\n\n"
            "“We lost half the pears,” farmer Dana Hale said.",
            {"Quarry", "Quarry Bend"},
        ),
        (
            "Growers meet at the Calder County Fair in August.\n\n"
            "“We lost half the pears,” farmer Dana Hale said.",
            {"Calder County Fair", "Calder"},
        ),
    ],
)
def test_no_person_is_made_of_a_place_or_a_business(nlp, text, not_people):
    comparison = compare([article_from_text(text, "a")], nlp)
    names = {p.name for p in comparison.people}
    assert "Dana Hale" in names
    assert not names & not_people


def test_a_headline_read_as_one_name_stops_at_its_verb(nlp):
    text = (
        "Donald Trump Finally Endorses House Speaker Paul Ryan\n\nDonald Trump on Friday said he"
        " backs Ryan, “a good man.”"
    )
    names = {p.name for p in compare([article_from_text(text, "a")], nlp).people}
    assert "Donald Trump" in names
    assert not [n for n in names if "Finally" in n or "Endorses" in n]


def test_a_company_named_like_a_person_is_an_organisation(nlp):
    text = (
        "The company that runs the awards, Dick Clark Productions, denies that anything is"
        " settled.\n\n“We have no further comment,” spokeswoman Dana Hale said."
    )
    kinds = {p.name: p.kind for p in compare([article_from_text(text, "a")], nlp).people}
    assert kinds.get("Dana Hale") == "person"
    assert kinds.get("Dick Clark Productions") in (None, "organisation")


def test_no_party_is_read_out_of_an_organisation_name(nlp):
    text = (
        "The California Independent System Operator warned of blackouts.\n\n"
        "“Demand will peak on Tuesday,” the California ISO said."
    )
    comparison = compare([article_from_text(text, "a")], nlp)
    for person in comparison.people:
        assert all(d.kind != "party" for d in person.descriptors), person
    quote = next(q for q in comparison.quotes if q.text.startswith("Demand"))
    assert quote.speaker == "California Independent System Operator"


@pytest.mark.parametrize(
    ("text", "not_quoted"),
    [
        ("Bong Joon-ho's film “Parasite” won four Oscars on Sunday.", "Parasite"),
        ("Phoebe Waller-Bridge wrote “Fleabag” for the stage first.", "Fleabag"),
        (
            "Ada Brook, star of television’s “Harbour,” thanked the mayor for “stepping up.”",
            "Harbour,",
        ),
        (
            "“Why did you leave?” the interviewer asked. Ruiz said she had no choice.",
            "Why did you leave?",
        ),
    ],
)
def test_titles_and_questions_are_not_quotes(nlp, text, not_quoted):
    assert not_quoted not in speakers(nlp, text)


def test_words_reported_through_someone_else_ask_for_a_check(nlp):
    """ "Ruiz testified that Lind said ...": Lind's words are Ruiz's account of them."""
    article = article_from_text("Ruiz testified that Lind said the plan was “dead.”", "t")
    quotes, _ = analyse(article, next(parse_articles(nlp, [article])))
    inner = next(q for q in quotes if q.text.startswith("the plan"))
    assert (inner.speaker, inner.confidence) == ("Lind", "medium")
    # the quoted word is held once, by the account that carries it (Ruiz's testimony)
    assert [[w.text for w in q.quoted] for q in quotes] == [["dead."], []]


@pytest.mark.parametrize(
    ("text", "words", "expected"),
    [
        (
            "“I then heard Mayor Ana Ruiz ask, quote, ‘So he’s going to sign the deal?’” "
            "Lind testified.",
            "So he’s going to sign the deal?",
            ("Ana Ruiz", "medium"),
        ),
        (
            "“Tomas Ruiz replied that ‘He’s going to do it,’ and I left,” Lind said.",
            "He’s going to do it,",
            ("Tomas Ruiz", "medium"),
        ),
        # single marks inside a quote that no named speaker says are the speaker's own
        ("“We watched ‘The Crown’ and the ‘old guard’ all night,” Ruiz said.", "old guard", None),
        (
            "“We need a mayor who can say, ‘It is going to be fine, friends,’” Ruiz said.",
            "It is going to be fine, friends,",
            None,
        ),
    ],
)
def test_words_quoted_inside_a_quote(nlp, text, words, expected):
    """Someone's words inside a speaker's quote, as the speaker recounts them: their own quote,
    found by the speech verb naming them, to be checked (medium)."""
    found = speakers(nlp, text)
    assert found.get(words, (None, None, None))[::2] == (expected or (None, None))


def test_a_name_given_is_not_reported_speech(nlp):
    """ "A group called X": the participle names the group; nobody's words are reported."""
    text = "A group called Physicians for Open Clinics wrote to the board on Monday."
    article = article_from_text(text, "t")
    quotes, _ = analyse(article, next(parse_articles(nlp, [article])))
    assert not [q.text for q in quotes if "Physicians" in q.text]


def test_a_participle_naming_a_group_is_no_cue(nlp):
    """ "A new group called X is running ads with her words, “...”": the group is not the one
    quoted for calling itself a name."""
    text = (
        "Mayor Ana Ruiz of Riverton spoke on Monday.\n\nA new group called Riverton First is"
        " running ads with her words, “the bridge will open in May.”"
    )
    speaker, _, _ = speakers(nlp, text)["the bridge will open in May."]
    assert speaker != "A new group"


def test_a_title_case_headline_opening_on_a_named_person_is_theirs(nlp):
    """The tagger reads the headline's capitals as one organisation with the verb inside it; the
    words before the verb are a person the article names."""
    text = (
        "Dale Hollis Promises Action On Housing In First 100 Days As Mayor.\n\n"
        "Mayoral candidate Dale Hollis promised Monday to begin building homes."
    )
    article = article_from_text(text, "t")
    quotes, _ = analyse(article, next(parse_articles(nlp, [article])))
    headline = [q for q in quotes if q.cue is not None and q.cue.text == "Promises"]
    assert [(q.speaker, q.how) for q in headline] == [("Dale Hollis", "name")]


def test_a_name_read_with_the_cue_inside_it_is_no_speaker(nlp):
    """A title-case headline the tagger reads as one name, verb and all ("Benghazi Investigation
    Helped Reveal Clinton"): no one who spoke."""
    text = (
        "Ana Ruiz: Benghazi Investigation Helped Reveal Clinton Email Scandal.\n\nAccording to"
        " Rep. Ana Ruiz, the city would not have learned of the bills without the inquiry."
    )
    article = article_from_text(text, "t")
    quotes, _ = analyse(article, next(parse_articles(nlp, [article])))
    in_headline = [q for q in quotes if q.start < text.index("\n")]
    assert in_headline and all("Reveal" not in (q.speaker or "") for q in in_headline)


def test_an_interview_answer_has_its_speaker(nlp):
    text = (
        "Ana Ruiz has run the ferry company since 2019. We spoke to her on Monday.\n\n"
        "Q: Will fares rise this year?\n\n"
        "Ruiz: “No. We will hold them until the new boats arrive.”"
    )
    found = speakers(nlp, text)
    assert found["No. We will hold them until the new boats arrive."][0] == "Ana Ruiz"


def test_a_statement_with_quoted_words_is_one_item(nlp):
    article = article_from_text("Ana Ruiz called the repairs “a long overdue fix.”", "t")
    doc = next(parse_articles(nlp, [article]))
    quotes, _ = analyse(article, doc)
    assert [q.kind for q in quotes] == ["indirect"]
    assert [w.text for w in quotes[0].quoted] == ["a long overdue fix."]


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("When asked about the cost of the repairs, Ana Ruiz smiled.", "the cost of the repairs"),
        ("Asked why she stayed, Ana Ruiz pointed to the new boats.", "why she stayed"),
    ],
)
def test_what_someone_is_asked_is_not_their_statement(nlp, text, asked):
    """An interviewer's question is not the words of the person asked."""
    article = article_from_text(text, "t")
    quotes, _ = analyse(article, next(parse_articles(nlp, [article])))
    assert not any(asked in q.text for q in quotes)


def test_what_someone_says_when_asked_is_their_statement(nlp):
    """The negative's counterpart: the answer to a question is the person's own."""
    text = "Asked about the repairs, Ana Ruiz said they would end in May."
    article = article_from_text(text, "t")
    quotes, _ = analyse(article, next(parse_articles(nlp, [article])))
    assert [(q.text, q.speaker) for q in quotes] == [("they would end in May", "Ana Ruiz")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ortiz: Fare Rise Would Be ‘A Tax On Riders’\n\n"
            "Transit chief Elena Ortiz said the fare rise would be “a tax on riders.”",
            ("Fare Rise Would Be ‘A Tax On Riders’", ["A Tax On Riders"], "Elena Ortiz"),
        ),
        (  # the label names no one: no statement, the quoted words stand alone
            "Exclusive: Fare Rise Would Be ‘A Tax On Riders’\n\n"
            "Transit chief Elena Ortiz said the fare rise would be “a tax on riders.”",
            None,
        ),
        (  # the quote is all the headline says after the name: a direct quote, no statement
            "Ortiz: ‘Not the right time’\n\nTransit chief Elena Ortiz said it was “not the right"
            " time.”",
            None,
        ),
    ],
)
def test_a_named_headline_with_quoted_words_is_one_statement(nlp, text, expected):
    article = article_from_text(text, "t")
    quotes, _ = analyse(article, next(parse_articles(nlp, [article])))
    headline = [q for q in quotes if q.start < text.index("\n") and q.kind == "indirect"]
    found = [(q.text, [w.text for w in q.quoted], q.speaker) for q in headline]
    assert found == ([expected] if expected else [])


def test_a_plural_role_in_apposition_is_no_ones_role(nlp):
    """ "Two directors, Walt Pruitt and Sam Bertrand," names a group: neither is described by
    the other's name, and "directors" is no alias; the singular form is a role."""
    text = (
        "Two directors, Walt Pruitt and Sam Bertrand, voted against the plan.\n\n"
        "The chair, Elena Ortiz, voted for it."
    )
    comparison = compare([article_from_text(text, "a")], nlp)
    people = {p.name: p for p in comparison.people}
    described = [d.text for d in people["Walt Pruitt"].descriptors]
    assert "Sam Bertrand" not in " ".join(described)
    assert "directors" not in people["Walt Pruitt"].aliases
    assert "the chair" in people["Elena Ortiz"].aliases


def test_a_title_inside_a_quote_ties_no_role(nlp):
    """A title in someone's quoted words ("Like Mayor Frye") does not make a second holder of
    the role: "the mayor" stays the one the reporter calls mayor, and the role's descriptor
    stays with her."""
    text = (
        "Mayor Jo Dyer spoke on Monday.\n\n"
        "“Like Mayor Frye, they never listen,” Dyer said of the protesters.\n\n"
        "The mayor, who served 20 years as police chief, said she would stay."
    )
    article = article_from_text(text, "t")
    quotes, people = analyse(article, next(parse_articles(nlp, [article])))
    stay = next(q for q in quotes if q.text == "she would stay")
    assert (stay.speaker, stay.how, stay.confidence) == ("Jo Dyer", "role", "medium")
    dyer = next(p for p in people if p.name == "Jo Dyer")
    assert any("police chief" in d.text for d in dyer.descriptors)
