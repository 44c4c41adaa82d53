"""graphmap's HTTP service and the analysts' web page.

>>> from api import create_app, Settings          # doctest: +SKIP
>>> app = create_app(Path("my-workspace"), Settings(api_keys=frozenset({"..."})))
"""

from api.app import create_app
from api.settings import Settings, load_api_keys

__all__ = ["Settings", "create_app", "load_api_keys"]
