"""Entry point: ``streamlit run dashboard/app.py``.

The page list, the shared sidebar and the URL handling live in :mod:`dashboard.frame`.
"""

from __future__ import annotations

import sys
from pathlib import Path

# `streamlit run dashboard/app.py` puts dashboard/ (not the project root) on sys.path
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard import frame  # noqa: E402

frame.run_app()
