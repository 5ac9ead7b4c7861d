"""HTTPS for modu: serving with a certificate and key (``modu serve --tls-cert --tls-key``)
and a development CA with a certificate for this machine (``modu keys tls``).

Browsers give the microphone only to secure pages, so a phone or tablet on the same network
needs HTTPS; the Node ``openai`` SDK's realtime client always connects with ``wss://``.
See docs/tls.md.
"""
