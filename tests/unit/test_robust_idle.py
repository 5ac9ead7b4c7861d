"""A speaker who stopped sending is idle (issue 16, item 5): 1.5 s of speech and then nothing
does not hold a session slot past the idle timeout."""

from __future__ import annotations

import base64
import time

import numpy as np
import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from service.app import create_app
from service.settings import Settings

IDLE_S = 1.0


def test_a_speaker_who_stopped_sending_is_closed_as_idle(fake_settings: Settings) -> None:
    settings = fake_settings.model_copy(
        update={
            "server": fake_settings.server.model_copy(update={"dev": True}),
            "realtime": fake_settings.realtime.model_copy(update={"idle_timeout_s": IDLE_S}),
        }
    )
    t = np.arange(36_000) / 24_000  # 1.5 s at 24 kHz
    speech = (np.sin(2 * np.pi * 220 * t) * 0.5 * 32767).astype("<i2").tobytes()
    with TestClient(create_app(settings)) as client, client.websocket_connect("/v1/realtime") as ws:
        assert ws.receive_json()["type"] == "session.created"
        for offset in range(0, len(speech), 9600):
            chunk = base64.b64encode(speech[offset : offset + 9600]).decode()
            ws.send_json({"type": "input_audio_buffer.append", "audio": chunk})
        started = time.monotonic()
        with pytest.raises(WebSocketDisconnect) as closed:
            while time.monotonic() - started < 15:
                ws.receive_json()
        assert closed.value.code == 1000
        assert time.monotonic() - started < 10 * IDLE_S
