"""``amzbus dashboard``: the page operators keep open (server-rendered, Flask + Jinja2 + htmx, no build step).

``app.create_app`` builds the web application from a ``Runtime``; ``server.serve`` runs it with waitress.
"""
