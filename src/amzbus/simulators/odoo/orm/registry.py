"""The model registry, the RPC markers on methods, and the environment a call runs in.

``@register`` records a model class; ``build_registry`` gives every model its own bound copies of
its fields, adds the fields every Odoo model has (id, display_name, create/write date and user),
and the fields a model delegates to its parent through ``_inherits`` (product.product ->
product.template). Only methods marked ``@rpc`` (called on ids) or ``@rpc_model`` (called on the
model, like ``create`` and ``search``) can be called remotely.
"""

from __future__ import annotations

import copy
import threading
from datetime import datetime

from . import fields as f

MODEL_CLASSES: dict[str, type] = {}


def register(cls: type) -> type:
    MODEL_CLASSES[cls._name] = cls
    return cls


def rpc(method):
    method.rpc_exposed = True
    return method


def rpc_model(method):
    method.rpc_exposed = True
    method.api_model = True
    return method


def magic_fields() -> dict[str, f.Field]:
    return {
        "id": f.Integer("ID", readonly=True),
        "display_name": f.Char("Display Name", compute="compute_display_name", store=False),
        "create_date": f.Datetime("Created on", readonly=True),
        "create_uid": f.Many2one("res.users", "Created by", readonly=True),
        "write_date": f.Datetime("Last Updated on", readonly=True),
        "write_uid": f.Many2one("res.users", "Last Updated by", readonly=True),
    }


class Registry:
    def __init__(self, classes: dict[str, type]) -> None:
        self.classes = dict(classes)
        for name, cls in self.classes.items():
            cls.fields = self._own_fields(name, cls)
        for name, cls in self.classes.items():
            for parent, link in cls._inherits.items():
                self._add_inherited_fields(cls, parent, link)
        self.inbound = self._inbound_references()

    def many2one_columns(self) -> dict[str, list[str]]:
        return {name: [field.name for field in cls.fields.values()
                       if field.type == "many2one" and not field.compute and not field.inherited_from]
                for name, cls in self.classes.items()}

    def _own_fields(self, model_name: str, cls: type) -> dict[str, f.Field]:
        declared: dict[str, f.Field] = {}
        for klass in reversed(cls.__mro__):
            for attribute, value in vars(klass).items():
                if isinstance(value, f.Field):
                    declared[attribute] = value
        merged = {**magic_fields(), **declared}
        return {name: copy.copy(field).bind(model_name, name) for name, field in merged.items()}

    def _add_inherited_fields(self, cls: type, parent: str, link: str) -> None:
        for name, field in self.classes[parent].fields.items():
            if name not in cls.fields:
                delegated = copy.copy(field)
                delegated.inherited_from = (parent, link)
                cls.fields[name] = delegated

    def _inbound_references(self) -> dict[str, list[tuple[str, f.Field]]]:
        inbound: dict[str, list[tuple[str, f.Field]]] = {name: [] for name in self.classes}
        for name, cls in self.classes.items():
            for field in cls.fields.values():
                if field.type == "many2one" and not field.compute and not field.inherited_from:
                    if field.name not in ("create_uid", "write_uid"):
                        inbound[field.comodel].append((name, field))
        return inbound


_SHARED: dict[str, Registry] = {}
_SHARED_LOCK = threading.Lock()


def shared_registry() -> Registry:
    """The registry of every registered model, built once: the model classes hold their fields, so
    two simulators in one process share them."""
    with _SHARED_LOCK:
        if "registry" not in _SHARED:
            _SHARED["registry"] = Registry(MODEL_CLASSES)
        return _SHARED["registry"]


class Environment:
    """What a method sees: the database, the calling user, the context and the transaction time."""

    def __init__(self, *, registry: Registry, database, uid: int, context: dict, now: datetime,
                 xmlids: dict[str, int], company_id: int = 1) -> None:
        self.registry = registry
        self.db = database
        self.uid = uid
        self.context = dict(context or {})
        self.now = now
        self.xmlids = xmlids
        self.company_id = company_id

    def __getitem__(self, model_name: str):
        return self.registry.classes[model_name](self)

    def __contains__(self, model_name: str) -> bool:
        return model_name in self.registry.classes

    def with_context(self, context: dict | None = None, **overrides) -> "Environment":
        merged = {**(self.context if context is None else context), **overrides}
        return Environment(registry=self.registry, database=self.db, uid=self.uid, context=merged,
                           now=self.now, xmlids=self.xmlids, company_id=self.company_id)

    def ref(self, xmlid: str) -> int:
        return self.xmlids[xmlid]
