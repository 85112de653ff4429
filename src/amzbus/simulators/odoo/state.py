"""Everything a running simulator holds: the database, the credentials, the faults and the counts.

Every call runs under one lock, in a transaction that is rolled back when the call fails, with a
transaction time (``write_date``) strictly later than the previous call's, in naive UTC with
microseconds as PostgreSQL keeps it. Tests drive the same state directly:
``with state.transaction() as env: env["sale.order"].search_ids([...])``.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

from . import models  # noqa: F401  (registers the models)
from .exceptions import AccessDenied, OperationalError
from .faults import CallCounter, FaultPlan
from .orm.database import Database
from .orm.registry import Environment, shared_registry
from .seed import seed

SERVER_VERSION_INFO = [18, 0, 0, "final", 0, ""]


class SimulatorState:
    def __init__(self, *, db_name: str = "amzbus", login: str = "admin", password: str = "admin",
                 api_key: str | None = None, fault_seed: int = 0) -> None:
        self.db_name = db_name
        self.login = login
        self.password = password
        self.api_key = api_key or secrets.token_hex(20)
        self.lock = threading.RLock()
        self.registry = shared_registry()
        self.database = Database(self.registry.many2one_columns())
        self.xmlids: dict[str, int] = {}
        self.faults = FaultPlan(seed=fault_seed)
        self.calls = CallCounter()
        self.clock_offset = timedelta(0)
        self._last_now: datetime | None = None
        with self.transaction(uid=1) as env:
            seed(env, login=login)
        self.admin_uid = self.xmlids["base.user_admin"]

    # -- versions and credentials -------------------------------------------------------------

    def version(self) -> dict:
        return {"server_version": "18.0", "server_version_info": list(SERVER_VERSION_INFO),
                "server_serie": "18.0", "protocol_version": 1}

    def check_database(self, db_name) -> None:
        if db_name != self.db_name:
            raise OperationalError(f'connection to server at "localhost" (127.0.0.1), port 5432 failed: '
                                   f'FATAL:  database "{db_name}" does not exist\n')

    def authenticate(self, db_name, login, password) -> int | bool:
        """``common.authenticate``: the uid, or ``False`` for wrong credentials."""
        self.check_database(db_name)
        if login == self.login and password in (self.password, self.api_key):
            return self.admin_uid
        return False

    def check_credentials(self, db_name, uid, password) -> None:
        """What ``object.execute_kw`` checks first; the API key is accepted in place of the password."""
        self.check_database(db_name)
        if uid != self.admin_uid or password not in (self.password, self.api_key):
            raise AccessDenied()

    def uid_for_api_key(self, key: str | None) -> int | None:
        return self.admin_uid if key and secrets.compare_digest(str(key), self.api_key) else None

    # -- transactions -------------------------------------------------------------------------

    def now(self) -> datetime:
        """The next transaction time: naive UTC, microseconds, strictly increasing."""
        now = datetime.now(timezone.utc).replace(tzinfo=None) + self.clock_offset
        if self._last_now is not None and now <= self._last_now:
            now = self._last_now + timedelta(microseconds=1)
        self._last_now = now
        return now

    @contextmanager
    def transaction(self, *, uid: int | None = None, context: dict | None = None) -> Iterator[Environment]:
        with self.lock:
            env = Environment(registry=self.registry, database=self.database, uid=uid or self.admin_uid,
                              context=context or {}, now=self.now(), xmlids=self.xmlids)
            self.database.begin()
            try:
                yield env
            except BaseException:
                self.database.rollback()
                raise
            self.database.commit()

    def record_counts(self) -> dict[str, int]:
        with self.lock:
            return {name: len(table) for name, table in self.database.tables.items() if table}
