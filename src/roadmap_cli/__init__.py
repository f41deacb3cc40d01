"""roadmap: track your progress through the AI/ML and Generative-AI roadmaps."""

__version__ = "0.1.0"
