"""PKI for real: RSA key pairs (IOS's private-config), certificate chains as the running-config
keeps them (hex dumps), and what the show commands and IKE_AUTH read from them."""
