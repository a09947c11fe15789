"""Turn a Wagtail site into a skill-donation ("don de compétences") portal."""

__version__ = "0.2.0"
