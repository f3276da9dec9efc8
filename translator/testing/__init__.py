"""An offline fake of Gemini's native API, for tests, `--mock` and users' own integration tests.

    fake = FakeGemini()
    fake.push_json({...})                 # the next generateContent answer
    fake.push_stream([{...}, {...}])      # the next streamGenerateContent answer
    runner, base_url = await fake.start()
"""

from translator.testing.fake import (
    Disconnect,
    FakeGemini,
    JsonReply,
    Pause,
    RecordedRequest,
    StreamReply,
    text_response,
)

__all__ = [
    "Disconnect",
    "FakeGemini",
    "JsonReply",
    "Pause",
    "RecordedRequest",
    "StreamReply",
    "text_response",
]
