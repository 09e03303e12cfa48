"""Imported first by the package. pyHanko imports the DSA key type at import time, which cryptography
deprecates (no key here is DSA); and it logs a traceback for every certificate it cannot chain to a trust
root, which for an incoming document is an ordinary answer that the signature report already gives."""

import logging
import warnings

from cryptography.utils import CryptographyDeprecationWarning

warnings.filterwarnings("ignore", message="DSA is deprecated", category=CryptographyDeprecationWarning)
logging.getLogger("pyhanko.sign.validation.generic_cms").setLevel(logging.ERROR)
