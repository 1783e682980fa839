"""Regenerate docs/report-format.md from the report models, or check that it is current.

.venv/bin/python benchmarks/report_doc.py          # rewrite the doc
.venv/bin/python benchmarks/report_doc.py --check  # exit 1 if it is stale
"""

from __future__ import annotations

import sys

from extractor.evaluation import report_doc

if __name__ == "__main__":
    if "--check" in sys.argv[1:]:
        sys.exit(0 if report_doc.is_current() else 1)
    report_doc.write()
