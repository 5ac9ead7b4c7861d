"""HTTP routes, one module per area; each exposes ``router`` for create_app to include."""
