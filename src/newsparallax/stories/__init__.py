"""Stories: group articles about the same event as they arrive, one decision per article.

An article joins the story whose running centroid it matches best — TF-IDF cosine on its words
(headline and lead counted extra), cosine on the names it mentions, scaled by how close its date
is to the story's dates when both are known, lowered when the latest year it mentions is none of
the story's and raised when it is one of them (unless it is merely the article's own publication
year) — or starts a new story when no story clears the threshold. The one decision revisited
is a story's own make-up: while it is young (`split_max`), a story that has taken in a second,
similar event is cut in two (`StoryIndex._maybe_split`). So a stream of N articles costs N
decisions and at most N bounded checks, and each decision scores only the stories
found under the article's rarest words and names (each word remembers at most `posting_cap`
recently active stories): the cost per article stays flat as the stream grows, where comparing
with every story would grow with it.

Wire copies are collapsed first: an article whose word 5-gram shingles mostly coincide with an
earlier article's (a bottom-k MinHash estimate) joins that article's story without moving its
centroid or the word statistics, so a syndicated text counts once as coverage.

A story's id is a content id of the article that founded it, so the same stream gives the same
ids. User corrections (`store.stories.merge_stories`, `split_story`) are kept as pins (article →
story) and a log; a pinned article always goes to its pinned story, which is how corrections
survive a rebuild.

`features` (what the grouper reads of an article, and the knobs), `index` (the online index and
its decisions), `grouping` (every stored article grouped, the decisions kept in the store; the
SQL is `store.stories`, the tables schema version 3).
"""
