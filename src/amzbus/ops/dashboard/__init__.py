"""``amzbus dashboard``: the page operators keep open (server-rendered, Flask + Jinja2 + htmx, no build step).

``app.create_app`` builds the web application from a ``Runtime``; ``server.DashboardServer`` runs it with
waitress. ``static/htmx.min.js`` is htmx 2.0.11 as published (0BSD licence beside it), shipped with the package
so the page needs nothing from the network.
"""
