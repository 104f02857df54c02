"""Named fault points, so tests can stop a refresh at an exact stage on purpose.

`ESCALATION_FAULT=<stage>` kills the process with SIGKILL when the refresh reaches that stage;
`ESCALATION_FAULT=<stage>:INT` sends SIGINT (Ctrl-C) instead. The stage is announced on stderr
first, so a test can assert that it was reached. Unset in normal use: then this does nothing.
"""
from __future__ import annotations

import os
import signal
import sys

FAULT_ENV_VAR = "ESCALATION_FAULT"
STAGES = ("locked", "prepared", "copied", "loaded", "checkpointed", "swapped")


def point(stage: str) -> None:
    """Stop here if the environment asks for a fault at this stage."""
    wanted = os.environ.get(FAULT_ENV_VAR, "")
    if not wanted:
        return
    name, _, how = wanted.partition(":")
    if name != stage:
        return
    sys.stderr.write(f"fault point {stage} reached\n")
    sys.stderr.flush()
    os.kill(os.getpid(), signal.SIGINT if how.upper() == "INT" else signal.SIGKILL)
