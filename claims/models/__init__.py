from .claim import *  # noqa: F403
from .claim import text_problem, validate_public_url  # noqa: F401
