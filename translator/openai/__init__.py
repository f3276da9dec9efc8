"""Pydantic models of what OpenAI clients send: validation happens here, at the edge."""
