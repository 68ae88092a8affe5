"""Live tracking: find articles, re-check them politely, record their new versions.

``sources`` (feeds and sitemaps to read, TOML files) → ``feeds`` / ``sitemaps``
(parsing) → ``fetch`` (polite HTTP: robots.txt via ``robots``, rate limits,
retries, conditional requests, the address guard) → ``worker`` (leased checks,
extraction decided against the current version, the store) scheduled by
``schedule`` (a pure function). ``source_admin`` backs ``redline source``;
``newsroom`` is the scripted test site behind the tests, the benchmark and
``redline demo-site``. See docs/operations.md.
"""
