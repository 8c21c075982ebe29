"""Sandbox OpenAI-compatible server: scripted chat completions and responses, every request recorded.

Tests script what the "model" says with `Reply` objects (queued FIFO, or a responder callable that
sees the request). Malicious output is the point: invalid JSON, extra fields, made-up intents,
injected emails, commitments, markup, 50k characters, slow answers and 500s. `/_sandbox/faults`
and `/_sandbox/calls` come from the shared sandbox controls; `/_sandbox/requests` lists what the
model was sent and `/_sandbox/replies` queues replies over HTTP.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import deque
from dataclasses import dataclass
from typing import Any, Callable

from aiohttp import web

from connectors.sandbox.server import SandboxServer, install_sandbox_controls, start_app

Responder = Callable[[dict[str, Any]], "Reply | None"]


@dataclass(frozen=True)
class Reply:
    """One scripted model answer: text content, an HTTP error, a broken body, or a delay first."""

    content: str = "{}"
    status: int = 200
    delay_ms: float = 0
    raw_body: str | None = None  # sent verbatim instead of a well-formed API response
    finish_reason: str = "stop"
    headers: tuple[tuple[str, str], ...] = ()  # e.g. (("retry-after-ms", "5"),) to keep client retries quick

    @classmethod
    def json(cls, value: Any, **kw: Any) -> "Reply":
        """The model answers with this value serialised as JSON text."""
        return cls(content=json.dumps(value), **kw)

    @classmethod
    def error(cls, status: int, **kw: Any) -> "Reply":
        """The API answers with an OpenAI-shaped error."""
        return cls(status=status, **kw)


@dataclass
class OpenAISandbox:
    """Mutable state of one sandbox app: queued replies, a fallback responder, recorded requests."""

    api_key: str | None
    model: str = "sandbox-model"

    def __post_init__(self) -> None:
        self.replies: deque[Reply] = deque()
        self.responder: Responder | None = None
        self.requests: list[dict[str, Any]] = []
        self.closing = asyncio.Event()  # cuts scripted delays short so shutdown never waits on them
        self._ids = itertools.count(1)

    def script(self, *replies: Reply) -> None:
        """Queue replies; each request takes the oldest one."""
        self.replies.extend(replies)

    def next_reply(self, body: dict[str, Any]) -> Reply:
        """Queued reply first, then the responder, then an empty JSON object."""
        if self.replies:
            return self.replies.popleft()
        if self.responder is not None:
            reply = self.responder(body)
            if reply is not None:
                return reply
        return Reply()

    def next_id(self, prefix: str) -> str:
        """Distinct ids like chatcmpl-sbx-1."""
        return f"{prefix}-sbx-{next(self._ids)}"


SANDBOX = web.AppKey("openai_sandbox", OpenAISandbox)


def _error(status: int, code: str, message: str) -> dict[str, Any]:
    return {"error": {"message": message, "type": "sandbox_error", "param": None, "code": code}}


def _authorised(request: web.Request) -> bool:
    key = request.app[SANDBOX].api_key
    return key is None or request.headers.get("Authorization", "") == f"Bearer {key}"


async def _read_json(request: web.Request) -> dict[str, Any] | web.Response:
    if not _authorised(request):
        return web.json_response(_error(401, "invalid_api_key", "Incorrect API key provided."), status=401)
    try:
        body = json.loads(await request.read())
    except ValueError:
        return web.json_response(_error(400, "invalid_json", "We could not parse the JSON body."), status=400)
    if not isinstance(body, dict) or "model" not in body:
        return web.json_response(_error(400, "missing_model", "you must provide a model parameter"), status=400)
    request.app[SANDBOX].requests.append({"path": request.path, "body": body})
    return body


async def _play(sandbox: OpenAISandbox, reply: Reply) -> web.Response | None:
    """Apply delay, error or raw body; None means 'render the normal success shape'."""
    if reply.delay_ms:
        try:
            await asyncio.wait_for(sandbox.closing.wait(), reply.delay_ms / 1000)
        except asyncio.TimeoutError:
            pass
    headers = dict(reply.headers)
    if reply.raw_body is not None:
        return web.Response(status=reply.status, text=reply.raw_body, content_type="application/json", headers=headers)
    if reply.status >= 400:
        return web.json_response(_error(reply.status, "sandbox_scripted", "Scripted failure."), status=reply.status,
                                 headers=headers)
    return None


def _usage(body: dict[str, Any], content: str) -> tuple[int, int]:
    prompt = sum(len(json.dumps(m)) for m in body.get("messages", body.get("input", [])) or []) // 4
    return prompt, len(content) // 4


async def _scripted(request: web.Request) -> web.Response | tuple[dict[str, Any], Any, Any]:
    """Read the request and take the next scripted reply; a scripted failure is answered at once."""
    body = await _read_json(request)
    if isinstance(body, web.Response):
        return body
    sandbox = request.app[SANDBOX]
    reply = sandbox.next_reply(body)
    played = await _play(sandbox, reply)
    return played if played is not None else (body, sandbox, reply)


async def _chat_completions(request: web.Request) -> web.Response:
    step = await _scripted(request)
    if isinstance(step, web.Response):
        return step
    body, sandbox, reply = step
    prompt, completion = _usage(body, reply.content)
    return web.json_response({
        "id": sandbox.next_id("chatcmpl"),
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body["model"],
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": reply.content, "refusal": None},
            "logprobs": None,
            "finish_reason": reply.finish_reason,
        }],
        "usage": {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion},
    })


async def _responses(request: web.Request) -> web.Response:
    step = await _scripted(request)
    if isinstance(step, web.Response):
        return step
    body, sandbox, reply = step
    prompt, completion = _usage(body, reply.content)
    return web.json_response({
        "id": sandbox.next_id("resp"),
        "object": "response",
        "created_at": int(time.time()),
        "model": body["model"],
        "status": "completed",
        "error": None,
        "incomplete_details": None,
        "instructions": body.get("instructions"),
        "output": [{
            "type": "message",
            "id": sandbox.next_id("msg"),
            "status": "completed",
            "role": "assistant",
            "content": [{"type": "output_text", "text": reply.content, "annotations": []}],
        }],
        "parallel_tool_calls": False,
        "tool_choice": "none",
        "tools": [],
        "usage": {"input_tokens": prompt, "output_tokens": completion, "total_tokens": prompt + completion},
    })


async def _models(request: web.Request) -> web.Response:
    if not _authorised(request):
        return web.json_response(_error(401, "invalid_api_key", "Incorrect API key provided."), status=401)
    model = request.app[SANDBOX].model
    return web.json_response({"object": "list", "data": [
        {"id": model, "object": "model", "created": 0, "owned_by": "sandbox"}]})


async def _list_requests(request: web.Request) -> web.Response:
    return web.json_response({"requests": request.app[SANDBOX].requests})


async def _clear_requests(request: web.Request) -> web.Response:
    request.app[SANDBOX].requests.clear()
    return web.json_response({"requests": []})


async def _queue_replies(request: web.Request) -> web.Response:
    try:
        items = json.loads(await request.read())
        specs = items if isinstance(items, list) else [items]
        replies = [Reply(**{**item, "headers": tuple(map(tuple, item.get("headers", ())))}) for item in specs]
    except (ValueError, TypeError):
        return web.json_response({"error": "bad reply spec"}, status=400)
    request.app[SANDBOX].script(*replies)
    return web.json_response({"queued": len(request.app[SANDBOX].replies)}, status=201)


def make_openai_app(*, api_key: str | None = "sk-sandbox", model: str = "sandbox-model",
                    latency_ms: float = 0) -> web.Application:
    """The sandbox app; sandbox_of(app) scripts it and reads what it was sent."""
    app = web.Application(client_max_size=4 * 1024 * 1024)
    install_sandbox_controls(app, latency_ms=latency_ms, error_body=_error)
    app[SANDBOX] = OpenAISandbox(api_key=api_key, model=model)

    async def _closing(app: web.Application) -> None:
        app[SANDBOX].closing.set()

    app.on_shutdown.append(_closing)
    r = app.router
    r.add_post("/v1/chat/completions", _chat_completions)
    r.add_post("/v1/responses", _responses)
    r.add_get("/v1/models", _models)
    r.add_get("/_sandbox/requests", _list_requests)
    r.add_delete("/_sandbox/requests", _clear_requests)
    r.add_post("/_sandbox/replies", _queue_replies)
    return app


def sandbox_of(app: web.Application) -> OpenAISandbox:
    """The scripting handle of a sandbox app."""
    return app[SANDBOX]


async def start_openai(host: str = "127.0.0.1", port: int = 0, **kw: Any) -> SandboxServer:
    """Start the sandbox on host:port (0 = free port); the client's base_url is server.url + '/v1'."""
    return await start_app(make_openai_app(**kw), host=host, port=port)
