"""Analysis: pure functions from an `Article` and its parse to records.

`nlp` loads spaCy (the one place) and parses; `marks` finds quotation marks; a quote's four
sub-tasks are `marked` (quoted spans, their kind and cue), `reported` (reported speech and
statement paragraphs), `cues` (cue words and the source phrase of every quote) and `quotes`
(the whole of one article's quotes); `speakers` resolves mentions within an article and
`descriptors` reads what it says a person is; `people` joins people across articles; `align`
groups renderings of one utterance; `numbers` and `facts` find facts stated differently;
`coverage` lists voices. Every word list the rules read is in `lexicon`.
"""
