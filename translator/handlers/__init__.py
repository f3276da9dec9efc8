"""HTTP handlers: parse, call the pure core and the upstream client, write the answer."""
