"""A small in-memory ORM with Odoo 18's external behaviour (fields, domains, commands, errors)."""
