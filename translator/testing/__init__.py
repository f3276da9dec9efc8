"""An offline fake of Gemini's native API, for tests, `--mock` and users' own integration tests.

    fake = FakeGemini()
    fake.push_json({...})                 # the next generateContent answer
    fake.push_stream([{...}, {...}])      # the next streamGenerateContent answer
    runner, base_url = await fake.start()

For `gemini-3*` models the fake rejects, as Gemini 3 does, a request whose current turn replays a step whose
first functionCall has no thoughtSignature (`missing_thought_signature` is that check).
"""

from translator.testing.fake import (
    Disconnect,
    FakeGemini,
    JsonReply,
    Pause,
    RecordedRequest,
    StreamReply,
    missing_thought_signature,
    text_response,
)

__all__ = [
    "Disconnect",
    "FakeGemini",
    "JsonReply",
    "Pause",
    "RecordedRequest",
    "StreamReply",
    "missing_thought_signature",
    "text_response",
]
