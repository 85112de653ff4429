"""Feeds API 2021-06-30: createFeedDocument, createFeed, getFeed, getFeedDocument; and the presigned
upload/download URLs, which live on the simulator under ``/_s3/`` and answer like S3 (XML errors)."""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Request, Response

from .call import Call
from .clock import iso
from .feeds import UPLOAD_LIFETIME, Feed, FeedDocument
from .responses import invalid_input, json_response, not_found


def create_feed_document(call: Call) -> Response:
    content_type = call.json_body().get("contentType")
    if not isinstance(content_type, str) or not content_type:
        raise invalid_input("Missing request parameter: contentType.")
    document = call.state.feeds.new_document(call.account.seller_id, content_type, call.now, call.account.region)
    return json_response({"feedDocumentId": document.document_id, "url": call.state.document_url(document)},
                         status=201)


def create_feed(call: Call) -> Response:
    body = call.json_body()
    feed_type, document_id, marketplace_ids = body.get("feedType"), body.get("inputFeedDocumentId"), body.get("marketplaceIds")
    if not isinstance(feed_type, str) or not feed_type:
        raise invalid_input("Missing request parameter: feedType.")
    if not isinstance(marketplace_ids, list) or not 1 <= len(marketplace_ids) <= 25:
        raise invalid_input("marketplaceIds must be a list of 1 to 25 marketplace ids.")
    for marketplace_id in marketplace_ids:
        found = call.account.sells_in(str(marketplace_id))
        if found is None or found.marketplace_id != marketplace_id:
            raise invalid_input(f"Invalid marketplaceId {marketplace_id!r}: the seller does not sell there.")
    document = call.state.feeds.documents.get(document_id) if isinstance(document_id, str) else None
    if document is None or document.seller_id != call.account.seller_id:
        raise invalid_input(f"Invalid inputFeedDocumentId {document_id!r}: no such feed document.")
    feed = call.state.feeds.new_feed(seller_id=call.account.seller_id, feed_type=feed_type,
                                     marketplace_ids=list(marketplace_ids), document_id=document_id, now=call.now,
                                     scaled=call.state.clock.scaled)
    return json_response({"feedId": feed.feed_id}, status=202)


def get_feed(call: Call) -> Response:
    feed = call.state.feeds.feeds.get(call.path_args[0])
    if feed is None or feed.seller_id != call.account.seller_id:
        raise not_found(f"Feed {call.path_args[0]} was not found.")
    return json_response(feed_json(feed))


def get_feed_document(call: Call) -> Response:
    document = call.state.feeds.documents.get(call.path_args[0])
    if document is None or document.seller_id != call.account.seller_id:
        raise not_found(f"Feed document {call.path_args[0]} was not found.")
    return json_response({"feedDocumentId": document.document_id, "url": call.state.document_url(document)})


def feed_json(feed: Feed) -> dict[str, Any]:
    body: dict[str, Any] = {"feedId": feed.feed_id, "feedType": feed.feed_type, "marketplaceIds": feed.marketplace_ids,
                            "createdTime": iso(feed.created), "processingStatus": feed.status}
    if feed.started:
        body["processingStartTime"] = iso(feed.started)
    if feed.ended:
        body["processingEndTime"] = iso(feed.ended)
    if feed.result_document_id:
        body["resultFeedDocumentId"] = feed.result_document_id
    return body


def presigned_document(request: Request, document: FeedDocument | None, *, now) -> Response:
    """``PUT`` stores the upload (same Content-Type as declared, within 5 minutes); ``GET`` returns the content."""
    if document is None or request.args.get("X-Amz-Signature") != document.secret:
        return _s3_error(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the "
                                                       "signature you provided.")
    if request.method == "PUT":
        if now - document.created > UPLOAD_LIFETIME:
            return _s3_error(403, "AccessDenied", "Request has expired")
        if _normal(request.content_type) != _normal(document.content_type):
            return _s3_error(403, "SignatureDoesNotMatch", "The Content-Type does not match the one the URL was "
                                                           "created for.")
        document.content = request.get_data()
        return Response(b"", status=200, headers={"ETag": f'"{document.secret[:32]}"'})
    if document.content is None:
        return _s3_error(404, "NoSuchKey", "The specified key does not exist.")
    return Response(document.content, status=200, content_type=document.content_type)


def _normal(content_type: str | None) -> str:
    return (content_type or "").replace(" ", "").lower()


def _s3_error(status: int, code: str, message: str) -> Response:
    xml = f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code><Message>{message}</Message></Error>'
    return Response(xml.encode("utf-8"), status=status, content_type="application/xml")
