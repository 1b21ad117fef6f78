"""Settings: a base module and one small module per integration, all from the environment."""

from .api import *  # noqa: F403
from .base import *  # noqa: F403
from .database import *  # noqa: F403
from .deadlines import *  # noqa: F403
from .enforcement import *  # noqa: F403
from .evidence import *  # noqa: F403
from .jobs import *  # noqa: F403
from .ledger import *  # noqa: F403
from .litigation import *  # noqa: F403
from .major_decisions import *  # noqa: F403
from .normative_documents import *  # noqa: F403
from .plans import *  # noqa: F403
from .reconsideration import *  # noqa: F403
from .security import *  # noqa: F403
from .static import *  # noqa: F403
