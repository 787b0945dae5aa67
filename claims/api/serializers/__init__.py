"""Input and output shapes of the API: one pair per operation.

Views import this package as ``io``: ``io.ClaimCreateInput``,
``io.ClaimDetailOutput``.
"""

from .inputs import *  # noqa: F403
from .outputs import *  # noqa: F403
