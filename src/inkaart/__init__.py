"""inkaart: chart what a policy document contributes to a framework of themes."""

__version__ = "0.1.0"
