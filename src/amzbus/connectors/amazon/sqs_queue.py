"""The SQS queue Amazon pushes notifications to, through boto3 (the AWS client), and its failures as bus errors.

Credentials and region follow boto3's standard chain (``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY``,
``AWS_PROFILE``, instance roles...); nothing secret is passed here. ``endpoint_url`` names an
SQS-compatible endpoint other than AWS's (a local stand-in).

| boto3 failure | bus error |
|---|---|
| network, timeout, 5xx, throttling | ``RetryableError`` (``SqsUnavailable``) |
| no credentials, unknown queue, access denied, other 4xx | ``ConfigError`` (the configuration must change) |
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, TypeVar

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError, NoRegionError

from amzbus.bus.errors import ConfigError, RetryableError

T = TypeVar("T")
RETRYABLE_CODES = {"RequestThrottled", "ThrottlingException", "ServiceUnavailable", "InternalError",
                   "InternalFailure", "KmsThrottled"}


class SqsUnavailable(RetryableError):
    """SQS could not be reached or asked us to slow down; the same request may succeed later."""


@dataclass(frozen=True)
class SqsMessage:
    message_id: str
    receipt_handle: str
    body: str
    receive_count: int


class SqsQueue:
    """One queue: ``receive`` (long poll), ``delete``, ``retry_later`` (visibility), ``depth``."""

    def __init__(self, queue_url: str, *, region: str, endpoint_url: str | None = None,
                 client: Any | None = None, timeout_seconds: float = 30.0) -> None:
        self.queue_url = queue_url
        self._client = client or boto3.client(
            "sqs", region_name=region, endpoint_url=endpoint_url,
            config=Config(read_timeout=timeout_seconds + 20, connect_timeout=timeout_seconds,
                          retries={"max_attempts": 2, "mode": "standard"}))

    def receive(self, *, max_messages: int = 10, wait_seconds: int = 20,
                visibility_timeout_seconds: int = 60) -> list[SqsMessage]:
        answer = self._call("ReceiveMessage", lambda: self._client.receive_message(
            QueueUrl=self.queue_url, MaxNumberOfMessages=max_messages, WaitTimeSeconds=wait_seconds,
            VisibilityTimeout=visibility_timeout_seconds, MessageSystemAttributeNames=["ApproximateReceiveCount"]))
        return [SqsMessage(m["MessageId"], m["ReceiptHandle"], m.get("Body", ""),
                           int(m.get("Attributes", {}).get("ApproximateReceiveCount", 1)))
                for m in answer.get("Messages", [])]

    def delete(self, message: SqsMessage) -> None:
        self._call("DeleteMessage", lambda: self._client.delete_message(
            QueueUrl=self.queue_url, ReceiptHandle=message.receipt_handle))

    def retry_later(self, message: SqsMessage, seconds: float) -> None:
        """Make the message visible again in ``seconds`` (SQS redelivers it then)."""
        self._call("ChangeMessageVisibility", lambda: self._client.change_message_visibility(
            QueueUrl=self.queue_url, ReceiptHandle=message.receipt_handle,
            VisibilityTimeout=max(0, min(int(seconds + 0.999), 43_200))))

    def depth(self) -> dict[str, int]:
        """Messages waiting (``visible``), being handled (``in_flight``) and not yet due (``delayed``)."""
        names = {"ApproximateNumberOfMessages": "visible", "ApproximateNumberOfMessagesNotVisible": "in_flight",
                 "ApproximateNumberOfMessagesDelayed": "delayed"}
        answer = self._call("GetQueueAttributes", lambda: self._client.get_queue_attributes(
            QueueUrl=self.queue_url, AttributeNames=list(names)))
        return {label: int(answer.get("Attributes", {}).get(name, 0)) for name, label in names.items()}

    def send(self, body: str) -> str:
        return self._call("SendMessage", lambda: self._client.send_message(QueueUrl=self.queue_url,
                                                                          MessageBody=body))["MessageId"]

    def _call(self, operation: str, invoke: Callable[[], T]) -> T:
        try:
            return invoke()
        except (NoCredentialsError, NoRegionError) as error:
            raise ConfigError(f"SQS {operation}: {error} (set the standard AWS variables, e.g. AWS_ACCESS_KEY_ID "
                              "and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE)") from None
        except ClientError as error:
            raise _client_error(operation, self.queue_url, error) from None
        except BotoCoreError as error:
            raise SqsUnavailable(f"SQS {operation} failed: {type(error).__name__}: {error}",
                                 code="SqsUnreachable") from None


def _client_error(operation: str, queue_url: str, error: ClientError) -> Exception:
    code = error.response.get("Error", {}).get("Code", "Unknown")
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0
    message = error.response.get("Error", {}).get("Message", "")
    text = f"SQS {operation} on {queue_url} answered HTTP {status} {code}: {message}"
    if code in RETRYABLE_CODES or status >= 500 or status == 429:
        return SqsUnavailable(text, code=code)
    return ConfigError(text, code=code)
