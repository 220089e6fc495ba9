"""The Dash user interface: one module per panel, each with ``layout()`` and ``register(app)``.

The logic of every callback lives in a plain function that takes the workspace explicitly,
so tests call it without a browser; the registered callback only fetches the app's
workspace and passes the inputs through.
"""
