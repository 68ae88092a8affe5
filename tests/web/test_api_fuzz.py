"""Property-based fuzzing of the JSON API from its own OpenAPI description (schemathesis).

Every generated request (valid and invalid parameters alike) must get an answer
that is not a server error and that matches the documented status codes and
content types. Examples are bounded so the suite stays fast.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import uuid
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings

from redline.changes import index_pending
from redline.store import Store
from redline.web.app import create_app
from tests.web.stories import record_hostile, record_seed

# The schema is read at collection time, so the store is made then too (in every
# process that collects this module); it goes when that process ends.
_folder = Path(tempfile.mkdtemp(prefix="redline-fuzz-"))
_store = Store.open(f"sqlite:///{_folder / f'fuzz-{uuid.uuid4().hex[:8]}.sqlite3'}")
atexit.register(shutil.rmtree, _folder, ignore_errors=True)
atexit.register(_store.close)
record_seed(_store)
record_hostile(_store)
index_pending(_store)

schema = schemathesis.openapi.from_asgi("/api/openapi.json", create_app(_store))


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_never_fails_and_keeps_its_contract(case: schemathesis.Case) -> None:
    response = case.call()
    assert response.status_code < 500, (case.path, case.query, response.text[:300])
    case.validate_response(response)
