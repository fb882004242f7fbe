"""A Streamlit session over the dashboard's own WebSocket protocol, without a browser.

It sends what the browser sends (``BackMsg.rerun_script`` with the query string, the page and the
widget values that changed) and reads what the server answers (``ForwardMsg``) until the rerun's
``script_finished``: the server's side of an interaction, with none of the rendering. Widgets are
found by their labels in the elements the server sent, as an analyst finds them on screen.
Unchanged widgets are not re-sent: the server keeps their last values (``SessionState._old_state``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

WIDGETS = ("text_input", "button", "selectbox")


@dataclass
class Rerun:
    seconds: float
    elements: int
    headings: list[str]
    exceptions: list[str]
    bytes: int


@dataclass
class ProtocolSession:
    url: str
    query: str = ""
    pages: dict[str, str] = field(default_factory=dict)      # page name (title) -> script hash
    widgets: dict[tuple[str, str], object] = field(default_factory=dict)  # (kind, label) -> its proto
    page_hash: str = ""

    async def __aenter__(self) -> ProtocolSession:
        parts = urlsplit(self.url)
        self._ws = await websockets.connect(f"ws://{parts.netloc}/_stcore/stream", subprotocols=["streamlit"],
                                            max_size=None, open_timeout=60, ping_interval=None)
        return self

    async def __aexit__(self, *exc) -> None:
        await self._ws.close()

    async def rerun(self, *, page: str | None = None, states: list[WidgetState] = ()) -> Rerun:
        """One interaction: timed from sending it to the server's last ``script_finished`` (a run the
        script itself restarts with ``st.rerun`` is part of the same interaction)."""
        message = BackMsg()
        client = message.rerun_script
        client.query_string = self.query
        if page is not None:
            self.page_hash = self.pages[page]
        client.page_script_hash = self.page_hash
        client.widget_states.widgets.extend(states)
        started = time.perf_counter()
        await self._ws.send(message.SerializeToString())
        elements, headings, exceptions, received = 0, [], [], 0
        while True:
            data = await self._ws.recv()
            received += len(data)
            reply = ForwardMsg()
            reply.ParseFromString(data)
            kind = reply.WhichOneof("type")
            if kind == "navigation":
                self.pages = {p.page_name: p.page_script_hash for p in reply.navigation.app_pages}
                self.page_hash = reply.navigation.page_script_hash or self.page_hash
            elif kind == "delta" and reply.delta.WhichOneof("type") == "new_element":
                elements += 1
                element = reply.delta.new_element
                which = element.WhichOneof("type")
                if which == "exception":
                    exceptions.append(element.exception.message)
                elif which == "heading":
                    headings.append(element.heading.body)
                elif which in WIDGETS:
                    proto = getattr(element, which)
                    self.widgets[(which, proto.label)] = proto
            elif kind == "script_finished" and reply.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return Rerun(time.perf_counter() - started, elements, headings, exceptions, received)

    async def log_in(self, name: str, password: str, labels=("账号", "密码", "登录")) -> Rerun:
        await self.rerun()
        user, secret, submit = labels
        return await self.rerun(states=[
            _state(self.widgets[("text_input", user)].id, string_value=name),
            _state(self.widgets[("text_input", secret)].id, string_value=password),
            _state(self.widgets[("button", submit)].id, trigger_value=True),
        ])

    async def choose(self, label: str, option: str) -> Rerun:
        """Pick ``option`` (as shown) in the select box labelled ``label``."""
        return await self.rerun(states=[_state(self.widgets[("selectbox", label)].id, string_value=option)])


def _state(widget_id: str, **value) -> WidgetState:
    state = WidgetState(id=widget_id)
    for name, v in value.items():
        setattr(state, name, v)
    return state
