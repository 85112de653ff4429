"""Calling a model method from the outside, as Odoo 18's ``call_kw`` (JSON-RPC ``execute_kw``) and
Odoo 19's ``/json/2/<model>/<method>`` controller do it.

``execute_kw`` takes positional ``args`` whose first item is the ids for record methods, and
``kwargs`` whose ``context`` becomes the environment's context; ``create`` answers an id for one
dict and a list of ids for a list. JSON-2 takes every parameter by name, ``ids`` and ``context``
included, checks them against the method's signature (422 when they do not fit) and always answers
a list of ids from ``create``.
"""

from __future__ import annotations

import inspect
import re

from .exceptions import AccessError, HttpError, UserError

PRIVATE_METHOD = re.compile(r"^(_.*|init)$")


def check_method_name(name: str) -> None:
    if not isinstance(name, str) or PRIVATE_METHOD.match(name):
        raise AccessError(f"Private methods (such as {name}) cannot be called remotely.")


def public_method(model, name: str):
    function = getattr(type(model), name, None)
    if function is None or not getattr(function, "rpc_exposed", False):
        raise AttributeError(f"The method '{name}' does not exist on the model '{model._name}'")
    return function


def normalize_ids(ids) -> list[int]:
    if ids is None or ids is False:
        return []
    if type(ids) is int:
        return [ids]
    if isinstance(ids, (list, tuple)) and all(type(i) is int for i in ids):
        return list(ids)
    raise ValueError(f"Invalid ids: {ids!r}")


def call_kw(env, model_name: str, method_name: str, args, kwargs) -> object:
    """Odoo 18's ``execute_kw(db, uid, password, model, method, args, kwargs)`` once authenticated."""
    check_method_name(method_name)
    if model_name not in env:
        raise UserError(f"Object {model_name} doesn't exist")
    kwargs = dict(kwargs or {})
    model = env.with_context(kwargs.pop("context", None) or {})[model_name]
    function = public_method(model, method_name)
    args = list(args or [])
    if getattr(function, "api_model", False):
        result = getattr(model, method_name)(*args, **kwargs)
        if method_name == "create":
            values = args[0] if args else kwargs.get("vals_list")
            return result[0] if isinstance(values, dict) else result
        return result
    ids, rest = args[0], args[1:]
    return getattr(model, method_name)(normalize_ids(ids), *rest, **kwargs)


def call_json2(env, model_name: str, method_name: str, params: dict) -> object:
    """Odoo 19's ``web_json_2_rpc`` once the API key is checked."""
    if model_name not in env:
        raise HttpError(404, f"the model {model_name!r} does not exist")
    params = dict(params)
    ids = params.pop("ids", [])
    model = env.with_context(params.pop("context", None) or {})[model_name]
    check_method_name(method_name)
    try:
        function = public_method(model, method_name)
    except AttributeError as error:
        raise HttpError(404, error.args[0]) from None
    is_model_method = getattr(function, "api_model", False)
    if is_model_method and ids:
        raise HttpError(422, f"cannot call {model_name}.{method_name} with ids")
    bound = getattr(model, method_name)
    positional = [] if is_model_method else [normalize_ids(ids)]
    try:
        inspect.signature(bound).bind(*positional, **params)
    except TypeError as error:
        raise HttpError(422, error.args[0]) from None
    return bound(*positional, **params)
