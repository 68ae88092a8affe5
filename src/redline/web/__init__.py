"""Redline on the web: HTML pages, Atom feeds, a JSON API, webhooks and share images.

``redline serve`` runs :func:`redline.web.app.create_app` under uvicorn.
"""
