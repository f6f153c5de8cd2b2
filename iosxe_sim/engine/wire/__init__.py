"""IKEv2 and ESP on the wire: RFC 7296 / RFC 4303 / RFC 3948 octets, encoded and decoded.

Everything the client and the gateway say to each other passes through here as bytes; the
receiving side decides from what it decodes. `docs/wire.md` lists every constant and its source.
"""
