"""The defaults a corpus run starts from, each defined once: the option classes
(`FetchOptions`, `RunOptions`, the executors) and the command line's flags read them here, a
module light enough for the command line to import as it starts. The caps on hostile input
are `limits`'."""

FETCH_TIMEOUT = 30.0  # seconds for one fetch attempt, redirects and body included
FETCH_RETRIES = 2  # extra attempts after a transient fetch failure
FETCH_DELAY = 1.0  # seconds between two requests to one host
CONNECTIONS = 4  # pages fetched at once, from different hosts (one per host at a time)
FILES_PER_PARTITION = 256  # plain article files in one partition of a corpus run
WARC_SPLIT_BYTES = 64 * 1024 * 1024  # a bigger WARC file is read as byte ranges this long
RETRIES = 2  # more attempts at a task whose worker raised or died
LOCK_WAIT = 300.0  # seconds a run waits for another process's write lock on the store
