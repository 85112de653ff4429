"""JSON_LISTINGS_FEED processing: each message's quantity update is checked and applied, and a processing
report is written in the published "Selling Partner JSON Listings Feed Processing Report (v2)" format.

A feed that is not JSON, or whose header does not name this seller and version 2.0, is FATAL (its report
carries the reason as an issue without ``messageId``). A message with an unknown SKU or a negative
quantity gets ERROR issues and is not applied; the other messages are.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .inventory import ListingStore
from .listing_updates import Problem, apply, changes_from_attributes, changes_from_patches

OPERATIONS = ("UPDATE", "PARTIAL_UPDATE", "PATCH", "DELETE")


@dataclass(frozen=True)
class FeedOutcome:
    status: str  # DONE or FATAL
    report: dict[str, Any]


def process_listings_feed(content: bytes | None, *, seller_id: str, feed_id: str, marketplace_ids: list[str],
                          store: ListingStore, at: datetime) -> FeedOutcome:
    feed, problem = _parse(content, seller_id)
    if problem:
        return FeedOutcome("FATAL", _report(seller_id, feed_id, [{"severity": "ERROR", "code": "FATAL",
                                                                  "message": problem}], 0, 0))
    issues: list[dict[str, Any]] = []
    accepted = 0
    for index, message in enumerate(feed["messages"]):
        message_issues = _process_message(message, index, seller_id, marketplace_ids, store, at)
        issues.extend(message_issues)
        accepted += 0 if message_issues else 1
    return FeedOutcome("DONE", _report(seller_id, feed_id, issues, len(feed["messages"]), accepted))


def _parse(content: bytes | None, seller_id: str) -> tuple[dict[str, Any] | None, str | None]:
    if not content:
        return None, "The feed document has no content: upload it before creating the feed."
    try:
        feed = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return None, f"The feed is not valid UTF-8 JSON: {error}."
    header = feed.get("header") if isinstance(feed, dict) else None
    if not isinstance(header, dict) or header.get("version") != "2.0":
        return None, "The feed header is missing or its version is not '2.0'."
    if header.get("sellerId") != seller_id:
        return None, f"The header's sellerId {header.get('sellerId')!r} is not the seller submitting the feed."
    if not isinstance(feed.get("messages"), list) or not feed["messages"]:
        return None, "The feed has no messages."
    return feed, None


def _process_message(message: Any, index: int, seller_id: str, marketplace_ids: list[str], store: ListingStore,
                     at: datetime) -> list[dict[str, Any]]:
    if not isinstance(message, dict):
        return [_issue(index + 1, None, Problem("INVALID_MESSAGE", f"Message {index + 1} is not an object.", None))]
    message_id = message.get("messageId")
    sku = message.get("sku")
    shape = _shape_problem(message)
    if shape:
        return [_issue(message_id, sku, shape)]
    if message["operationType"] == "PATCH":
        changes, problems = changes_from_patches(store, seller_id=seller_id, sku=sku, marketplace_ids=marketplace_ids,
                                                 patches=message["patches"])
    else:
        changes, problems = changes_from_attributes(store, seller_id=seller_id, sku=sku,
                                                    marketplace_ids=marketplace_ids, attributes=message["attributes"])
    if not problems:
        apply(store, changes, at)
    return [_issue(message_id, sku, p) for p in problems]


def _shape_problem(message: dict[str, Any]) -> Problem | None:
    message_id, sku, operation = message.get("messageId"), message.get("sku"), message.get("operationType")
    if isinstance(message_id, bool) or not isinstance(message_id, int) or message_id < 1:
        return Problem("INVALID_MESSAGE", "messageId must be an integer of at least 1.", None)
    if not isinstance(sku, str) or not sku:
        return Problem("INVALID_MESSAGE", "sku is required.", None)
    if operation not in OPERATIONS:
        return Problem("INVALID_MESSAGE", f"operationType must be one of {', '.join(OPERATIONS)}.", None)
    if operation == "DELETE":
        return Problem("UNSUPPORTED_OPERATION", "DELETE is not supported by the simulator.", None)
    if operation == "PATCH" and not (isinstance(message.get("patches"), list) and message["patches"]):
        return Problem("INVALID_MESSAGE", "A PATCH message needs productType and a non-empty patches list.", None)
    if operation != "PATCH" and not isinstance(message.get("attributes"), dict):
        return Problem("INVALID_MESSAGE", f"A {operation} message needs productType and attributes.", None)
    if not isinstance(message.get("productType"), str) or not message["productType"]:
        return Problem("INVALID_MESSAGE", "productType is required.", None)
    return None


def _issue(message_id: Any, sku: Any, problem: Problem) -> dict[str, Any]:
    issue: dict[str, Any] = {"severity": "ERROR", "code": problem.code, "message": problem.message}
    if isinstance(message_id, int) and not isinstance(message_id, bool) and message_id >= 1:
        issue["messageId"] = message_id
    if isinstance(sku, str) and sku:
        issue["sku"] = sku
    if problem.attribute:
        issue["attributeName"] = problem.attribute
    return issue


def _report(seller_id: str, feed_id: str, issues: list[dict[str, Any]], processed: int, accepted: int) -> dict:
    errors = sum(1 for i in issues if i["severity"] == "ERROR")
    return {
        "header": {"sellerId": seller_id, "version": "2.0", "feedId": feed_id},
        "issues": issues,
        "summary": {"errors": errors, "warnings": 0, "messagesProcessed": processed,
                    "messagesAccepted": accepted, "messagesInvalid": processed - accepted},
    }
