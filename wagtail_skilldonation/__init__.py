"""Turn a Wagtail site into a skill-donation ("don de compétences") portal."""

__version__ = "0.1.0"
