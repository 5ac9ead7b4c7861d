"""Settings of HTTPS (``MODU_TLS__…``), composed into :class:`service.settings.Settings`."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field, model_validator

from accessibility.data_dir import default_data_dir


class TlsSettings(BaseModel):
    """HTTPS and ``wss://``. Browsers give the microphone only to secure pages, so a phone or
    tablet on the LAN needs them; so does the Node ``openai`` SDK, whose realtime client always
    connects with ``wss://``."""

    cert_path: Path | None = None
    """PEM server certificate (then its intermediate CAs); with ``key_path``, modu serves
    HTTPS instead of HTTP (``modu serve --tls-cert``)."""
    key_path: Path | None = None
    """PEM private key of that certificate, unencrypted (``modu serve --tls-key``)."""
    dev_dir: Path = Field(default_factory=lambda: default_data_dir() / "tls")
    """Where ``modu keys tls`` keeps the development CA and this machine's server
    certificate."""

    @model_validator(mode="after")
    def _both_or_neither(self) -> TlsSettings:
        if (self.cert_path is None) != (self.key_path is None):
            given = "cert_path" if self.cert_path is not None else "key_path"
            raise ValueError(
                f"expected both a TLS certificate and its key, or neither; got only {given} "
                "(MODU_TLS__CERT_PATH with MODU_TLS__KEY_PATH, or --tls-cert with --tls-key) / "
                "TLS 인증서와 키를 함께 주세요."
            )
        return self

    @property
    def enabled(self) -> bool:
        return self.cert_path is not None
