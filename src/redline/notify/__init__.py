"""Telling the world: changes posted to chat and social channels, versions archived.

* :mod:`~redline.notify.channels`: channels (Apprise URLs) and their rules;
* :mod:`~redline.notify.queue`: the change index's *notify* for channels (the
  delivery queue);
* :mod:`~redline.notify.sender`: the sender that delivers the queue (retries,
  back-off, per-channel rate limits);
* :mod:`~redline.notify.message`: what a post says (summary, headline, link),
  trimmed to the service's limit, with the share card and its alt text;
* :mod:`~redline.notify.services`: Apprise, behind the address guard;
* :mod:`~redline.notify.archive`: Save Page Now captures of new versions;
* :mod:`~redline.notify.outbox`: what the watcher runs after each pass.

Apprise is imported only when something is sent or checked, so the rest of
Redline works without it (``pip install 'redline[notify]'``).
"""
