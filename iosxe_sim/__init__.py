"""iosxe-sim: an IOS-XE CLI emulator for FlexVPN remote access and IKEv2 auto-reconnect."""

__version__ = "0.1.0"
