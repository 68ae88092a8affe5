"""Request handlers: HTML pages, admin pages, feeds."""
