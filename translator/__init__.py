"""OpenAI Chat Completions API served from Google's native Gemini API."""

__version__ = "0.1.0"
