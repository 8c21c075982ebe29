"""The OpenAI-compatible sandbox: the real openai client talks to it; tests script and inspect it over HTTP."""

import aiohttp
import openai
import pytest

from connectors.sandbox.openai_server import Reply, sandbox_of, start_openai


@pytest.fixture
async def server():
    srv = await start_openai(api_key="sk-sbx", model="sbx-model")
    yield srv
    await srv.close()


@pytest.fixture
def client(server):
    return openai.AsyncOpenAI(base_url=server.url + "/v1", api_key="sk-sbx", max_retries=0, timeout=5)


async def test_chat_completion_returns_scripted_content_and_records_request(server, client):
    sandbox_of(server.app).script(Reply(content='{"ok": true}'))
    resp = await client.chat.completions.create(model="m1", messages=[{"role": "user", "content": "ping"}])
    assert resp.choices[0].message.content == '{"ok": true}' and resp.model == "m1"
    assert sandbox_of(server.app).requests[0]["body"]["messages"][0]["content"] == "ping"


async def test_responses_endpoint_for_structured_output_clients(server, client):
    sandbox_of(server.app).script(Reply.json({"label": "x"}))
    resp = await client.responses.create(model="m1", input="ping", instructions="label it")
    assert resp.output_text == '{"label": "x"}'
    assert sandbox_of(server.app).requests[0]["path"] == "/v1/responses"


async def test_structured_parse_helpers_work_against_it(server, client):
    from pydantic import BaseModel

    class Label(BaseModel):
        label: str

    sandbox_of(server.app).script(Reply.json({"label": "a"}), Reply.json({"label": "b"}))
    parsed = await client.responses.parse(model="m", input="x", text_format=Label)
    assert parsed.output_parsed == Label(label="a")
    chat = await client.chat.completions.parse(model="m", messages=[{"role": "user", "content": "x"}], response_format=Label)
    assert chat.choices[0].message.parsed == Label(label="b")
    assert sandbox_of(server.app).requests[0]["body"]["text"]["format"]["type"] == "json_schema"


async def test_responder_sees_each_request(server, client):
    sandbox_of(server.app).responder = lambda body: Reply(content=body["messages"][-1]["content"].upper())
    resp = await client.chat.completions.create(model="m", messages=[{"role": "user", "content": "echo"}])
    assert resp.choices[0].message.content == "ECHO"


async def test_wrong_key_and_missing_model(server):
    bad = openai.AsyncOpenAI(base_url=server.url + "/v1", api_key="sk-nope", max_retries=0)
    with pytest.raises(openai.AuthenticationError):
        await bad.chat.completions.create(model="m", messages=[])
    async with aiohttp.ClientSession() as s:
        async with s.post(server.url + "/v1/chat/completions", json={"messages": []},
                          headers={"Authorization": "Bearer sk-sbx"}) as r:
            assert r.status == 400 and (await r.json())["error"]["code"] == "missing_model"


async def test_http_controls_queue_replies_and_list_requests(server, client):
    async with aiohttp.ClientSession() as s:
        async with s.post(server.url + "/_sandbox/replies", json=[{"content": "first"}, {"status": 503}]) as r:
            assert r.status == 201
        assert (await client.chat.completions.create(model="m", messages=[])).choices[0].message.content == "first"
        with pytest.raises(openai.InternalServerError):
            await client.chat.completions.create(model="m", messages=[])
        async with s.get(server.url + "/_sandbox/requests") as r:
            assert len((await r.json())["requests"]) == 2
        async with s.delete(server.url + "/_sandbox/requests") as r:
            assert r.status == 200
        assert sandbox_of(server.app).requests == []


async def test_shared_fault_controls_use_openai_error_shape(server, client):
    async with aiohttp.ClientSession() as s:
        async with s.post(server.url + "/_sandbox/faults", json={"path_prefix": "/v1/chat", "status": 500}) as r:
            assert r.status == 201
    with pytest.raises(openai.InternalServerError) as info:
        await client.chat.completions.create(model="m", messages=[])
    assert info.value.body["code"] == "sandbox_fault"


async def test_models_listing(client):
    models = await client.models.list()
    assert [m.id for m in models.data] == ["sbx-model"]
